import type { INodeProperties } from 'n8n-workflow';

import { operationParameters, operationProperty } from '../../../wechat/items/description';
import type { Operation } from '../../../wechat/items/router';
import { description as exchangeCodeDescription } from './exchangeCode.description';
import { execute as exchangeCode } from './exchangeCode.operation';

export const operations: Record<string, Operation> = { exchangeCode };

export const description: INodeProperties[] = [
	operationProperty('login', [
		{
			name: 'Exchange Code',
			value: 'exchangeCode',
			description: 'Exchange a wx.login code for the user\'s Mini Program OpenID and UnionID',
			action: 'Exchange a login code',
		},
	]),
	...operationParameters('login', 'exchangeCode', exchangeCodeDescription),
];
