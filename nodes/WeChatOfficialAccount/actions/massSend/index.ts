import type { INodeProperties } from 'n8n-workflow';

import { operationParameters, operationProperty } from '../../../wechat/items/description';
import type { Operation } from '../../../wechat/items/router';
import { description as deleteDescription } from './delete.description';
import { execute as deleteMassSend } from './delete.operation';
import { description as getStatusDescription } from './getStatus.description';
import { execute as getStatus } from './getStatus.operation';
import { description as previewDescription } from './preview.description';
import { execute as preview } from './preview.operation';
import { description as sendDescription } from './send.description';
import { execute as send } from './send.operation';

export const operations: Record<string, Operation> = { delete: deleteMassSend, getStatus, preview, send };

export const description: INodeProperties[] = [
	operationProperty(
		'massSend',
		[
			{ name: 'Delete', value: 'delete', description: 'Delete a mass-sent article or video', action: 'Delete a mass send' },
			{ name: 'Get Status', value: 'getStatus', description: 'Read whether a mass send is still sending, sent or failed', action: 'Get the status of a mass send' },
			{ name: 'Preview', value: 'preview', description: 'Send the message to one follower to see how it looks', action: 'Preview a mass send' },
			{ name: 'Send', value: 'send', description: 'Mass send (群发) to a tag, an OpenID list or all followers, never twice', action: 'Mass send a message' },
		],
		'send',
	),
	...operationParameters('massSend', 'delete', deleteDescription),
	...operationParameters('massSend', 'getStatus', getStatusDescription),
	...operationParameters('massSend', 'preview', previewDescription),
	...operationParameters('massSend', 'send', sendDescription),
];
