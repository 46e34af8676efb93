import type { INodeProperties } from 'n8n-workflow';

import { operationParameters, operationProperty } from '../../../wechat/items/description';
import type { Operation } from '../../../wechat/items/router';
import { description as createDescription } from './create.description';
import { execute as create } from './create.operation';

export const operations: Record<string, Operation> = { create };

export const description: INodeProperties[] = [
	operationProperty('qrCode', [
		{
			name: 'Create',
			value: 'create',
			description: 'Create a QR code with a scene (campaign, channel): the WeChat Trigger reports the scene when someone follows or scans through it',
			action: 'Create a QR code',
		},
	]),
	...operationParameters('qrCode', 'create', createDescription),
];
