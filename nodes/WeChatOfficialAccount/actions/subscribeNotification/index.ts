import type { INodeProperties } from 'n8n-workflow';

import { operationParameters, operationProperty } from '../../../wechat/items/description';
import type { Operation } from '../../../wechat/items/router';
import { description as sendDescription } from './send.description';
import { execute as send } from './send.operation';

export const operations: Record<string, Operation> = { send };

export const description: INodeProperties[] = [
	operationProperty('subscribeNotification', [
		{
			name: 'Send',
			value: 'send',
			description: 'Send a subscribe notification (订阅通知) to each user in the input who accepted the template, with every value checked against WeChat\'s rules first',
			action: 'Send a subscribe notification',
		},
	]),
	...operationParameters('subscribeNotification', 'send', sendDescription),
];
