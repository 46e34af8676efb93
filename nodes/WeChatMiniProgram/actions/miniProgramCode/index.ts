import type { INodeProperties } from 'n8n-workflow';

import { operationParameters, operationProperty } from '../../../wechat/items/description';
import type { Operation } from '../../../wechat/items/router';
import { limitedDescription, unlimitedDescription } from './get.description';
import { getCode } from './get.operation';

export const operations: Record<string, Operation> = {
	get: async function () {
		return await getCode.call(this, false);
	},
	getUnlimited: async function () {
		return await getCode.call(this, true);
	},
};

export const description: INodeProperties[] = [
	operationProperty(
		'miniProgramCode',
		[
			{ name: 'Get Code', value: 'get', description: 'A code for a page with its query (at most 100,000 per Mini Program)', action: 'Get a mini program code' },
			{ name: 'Get Unlimited Code', value: 'getUnlimited', description: 'A code for a page and a 32-character scene, as many as needed', action: 'Get an unlimited mini program code' },
		],
		'getUnlimited',
	),
	...operationParameters('miniProgramCode', 'get', limitedDescription),
	...operationParameters('miniProgramCode', 'getUnlimited', unlimitedDescription),
];
