import type { INodeProperties } from 'n8n-workflow';

import { contentProperties } from './content';

export const description: INodeProperties[] = [
	{
		displayName: 'Preview To',
		name: 'previewTo',
		type: 'options',
		noDataExpression: true,
		default: 'openid',
		options: [
			{ name: 'OpenID', value: 'openid', description: 'A follower of this account' },
			{ name: 'WeChat ID', value: 'wxname', description: 'A WeChat ID (微信号) following the account; WeChat allows 100 such previews a day' },
		],
	},
	{
		displayName: 'Recipient OpenID',
		name: 'touser',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { previewTo: ['openid'] } },
	},
	{
		displayName: 'WeChat ID',
		name: 'towxname',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { previewTo: ['wxname'] } },
	},
	...contentProperties,
];
