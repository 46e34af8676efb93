import type { INodeProperties } from 'n8n-workflow';

import { operationParameters, operationProperty } from '../../../wechat/items/description';
import type { Operation } from '../../../wechat/items/router';
import { description as signDescription } from './sign.description';
import { execute as sign } from './sign.operation';

export const operations: Record<string, Operation> = { sign };

export const description: INodeProperties[] = [
	operationProperty('jsSdk', [
		{
			name: 'Sign a Page',
			value: 'sign',
			description: 'Build a signed wx.config object for a web page that uses the WeChat JS-SDK',
			action: 'Sign a page for the JS-SDK',
		},
	]),
	...operationParameters('jsSdk', 'sign', signDescription),
];
