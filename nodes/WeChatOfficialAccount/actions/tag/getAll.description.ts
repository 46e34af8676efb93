import type { INodeProperties } from 'n8n-workflow';

import { returnAllProperties } from './fields';

export const description: INodeProperties[] = [...returnAllProperties];
