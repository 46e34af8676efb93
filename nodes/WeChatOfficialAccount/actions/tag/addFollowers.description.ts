import type { INodeProperties } from 'n8n-workflow';

import { membersDescription } from './members';

export const description: INodeProperties[] = membersDescription('add');
