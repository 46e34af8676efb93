import type { INodeProperties } from 'n8n-workflow';

import { tagLocator } from './fields';

export const description: INodeProperties[] = [
	tagLocator('tag', 'The tag to rename'),
	{
		displayName: 'New Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		description: 'Unique in the account, at most 30 bytes (10 Chinese characters or 30 letters)',
	},
];
