/**
 * The Customer-Service Message resource, the same on both app nodes but for the app kind: its Operation
 * parameter, each operation's parameters and what runs it. A node's actions/customerServiceMessage/index.ts
 * is this resource for its app.
 */
import type { INodeProperties } from 'n8n-workflow';

import type { AppKind } from '../client/transport';
import { operationParameters, operationProperty } from '../items/description';
import type { Operation } from '../items/router';
import { sendCustomerServiceMessages, setTyping } from './customerService';
import { customerServiceSendProperties, customerServiceTypingProperties } from './customerServiceProperties';

export function customerServiceResource(app: AppKind): { operations: Record<string, Operation>; description: INodeProperties[] } {
	return {
		operations: {
			send: async function () {
				return await sendCustomerServiceMessages.call(this, app);
			},
			showTyping: async function () {
				return await setTyping.call(this, app, 'Typing');
			},
			hideTyping: async function () {
				return await setTyping.call(this, app, 'CancelTyping');
			},
		},
		description: [
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
			...operationParameters('customerServiceMessage', 'send', customerServiceSendProperties(app)),
			...operationParameters('customerServiceMessage', 'showTyping', customerServiceTypingProperties(app)),
			...operationParameters('customerServiceMessage', 'hideTyping', customerServiceTypingProperties(app)),
		],
	};
}
