import type { INodeProperties } from 'n8n-workflow';

import { tagLocator } from './fields';

export const description: INodeProperties[] = [
	{
		displayName: 'Deleting a tag removes it from every follower who has it. WeChat refuses to delete a tag with more than 100,000 followers: remove followers first.',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
	},
	tagLocator('tag', 'The tag to delete'),
];
