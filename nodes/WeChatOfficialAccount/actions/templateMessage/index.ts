import { updateDisplayOptions } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../../wechat/items/router';
import { description as sendDescription } from './send.description';
import { execute as send } from './send.operation';

export const operations: Record<string, Operation> = { send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['templateMessage'] } },
		options: [
			{
				name: 'Send',
				value: 'send',
				description: 'Send a template message to each follower in the input, at most once per message',
				action: 'Send a template message',
			},
		],
		default: 'send',
	},
	...updateDisplayOptions({ show: { resource: ['templateMessage'], operation: ['send'] } }, sendDescription),
];
