import type { INodeProperties } from 'n8n-workflow';

import { msgIdProperty } from './msgId';

export const description: INodeProperties[] = [
	{
		displayName: 'Only articles and videos can be deleted: their pages stop opening; followers keep the message card they received.',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
	},
	msgIdProperty,
	{
		displayName: 'Article Index',
		name: 'articleIndex',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Which article of the message to delete (1 = the first); 0 deletes them all',
	},
];
