import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection, readConcurrencyOption } from '../../../wechat/items/description';

export const description: INodeProperties[] = [
	{
		displayName: 'Login Code',
		name: 'loginCode',
		type: 'string',
		default: '={{ $json.code }}',
		required: true,
		description: 'The code that wx.login returned in the Mini Program. It works once and for 5 minutes.',
	},
	{
		displayName: 'Include Session Key',
		name: 'includeSessionKey',
		type: 'boolean',
		default: false,
		description: 'Whether to output the session_key as sessionKey. It is a secret (it decrypts the user\'s phone number and other data): never log it, store it only encrypted, and never send it to a browser or the Mini Program.',
	},

	optionsCollection([readConcurrencyOption]),
];
