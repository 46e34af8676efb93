import type { INodeProperties } from 'n8n-workflow';

import { operationParameters, operationProperty } from '../../../wechat/items/description';
import type { Operation } from '../../../wechat/items/router';
import { description as hideTypingDescription } from './hideTyping.description';
import { execute as hideTyping } from './hideTyping.operation';
import { description as sendDescription } from './send.description';
import { execute as send } from './send.operation';
import { description as showTypingDescription } from './showTyping.description';
import { execute as showTyping } from './showTyping.operation';

export const operations: Record<string, Operation> = { send, showTyping, hideTyping };

export const description: INodeProperties[] = [
	operationProperty(
		'customerServiceMessage',
		[
			{
				name: 'Hide Typing',
				value: 'hideTyping',
				description: 'Stop showing that the account is typing',
				action: 'Hide typing from a user',
			},
			{
				name: 'Send',
				value: 'send',
				description: 'Send a message to each user in the input while their customer-service window is open',
				action: 'Send a customer-service message',
			},
			{
				name: 'Show Typing',
				value: 'showTyping',
				description: 'Show the user that the account is typing',
				action: 'Show typing to a user',
			},
		],
		'send',
	),
	...operationParameters('customerServiceMessage', 'send', sendDescription),
	...operationParameters('customerServiceMessage', 'showTyping', showTypingDescription),
	...operationParameters('customerServiceMessage', 'hideTyping', hideTypingDescription),
];
