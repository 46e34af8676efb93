import type { INodeProperties } from 'n8n-workflow';

import { msgIdProperty } from './msgId';

export const description: INodeProperties[] = [msgIdProperty];
