import type { INodeProperties } from 'n8n-workflow';

import { blocklistDescription } from './blocklist';

export const description: INodeProperties[] = blocklistDescription('block');
