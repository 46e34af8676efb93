import type { INodeProperties } from 'n8n-workflow';

import { operationParameters, operationProperty } from '../../../wechat/items/description';
import type { Operation } from '../../../wechat/items/router';
import { description as sendDescription } from './send.description';
import { execute as send } from './send.operation';

export const operations: Record<string, Operation> = { send };

export const description: INodeProperties[] = [
	operationProperty('templateMessage', [
		{
			name: 'Send',
			value: 'send',
			description: 'Send a template message to each follower in the input, at most once per message',
			action: 'Send a template message',
		},
	]),
	...operationParameters('templateMessage', 'send', sendDescription),
];
