import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection, readConcurrencyOption } from '../../../wechat/items/description';

export const description: INodeProperties[] = [
	{
		displayName: 'OpenID',
		name: 'openId',
		type: 'string',
		default: '={{ $json.openid }}',
		required: true,
		placeholder: 'oLVPpjqs9BhvzwPj5A-vTYAX3GLc',
		description: 'The Official Account OpenID of the user (28 characters). One per input item; WeChat is asked for 100 items at a time.',
	},

	optionsCollection([readConcurrencyOption]),
];
