import { updateDisplayOptions } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../../wechat/items/router';
import { description as exchangeCodeDescription } from './exchangeCode.description';
import { execute as exchangeCode } from './exchangeCode.operation';

export const operations: Record<string, Operation> = { exchangeCode };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['login'] } },
		options: [
			{
				name: 'Exchange Code',
				value: 'exchangeCode',
				description: 'Exchange a wx.login code for the user\'s Mini Program OpenID and UnionID',
				action: 'Exchange a login code',
			},
		],
		default: 'exchangeCode',
	},
	...updateDisplayOptions({ show: { resource: ['login'], operation: ['exchangeCode'] } }, exchangeCodeDescription),
];
