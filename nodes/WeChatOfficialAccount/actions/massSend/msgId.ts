/** The msg_id of a mass send, as Get Status and Delete read it. */
import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { stringParameter } from '../../../wechat/items/parameters';

export const msgIdProperty: INodeProperties = {
	displayName: 'Message ID',
	name: 'msgId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. {{ $json.msgId }}',
	description: 'The msg_id a mass send returned (Mass Send > Send outputs it as msgId)',
};

export function msgIdOf(this: IExecuteFunctions, itemIndex: number): number {
	const text = stringParameter.call(this, 'msgId', itemIndex);
	if (!/^\d+$/.test(text)) {
		throw new NodeOperationError(this.getNode(), text ? `Message ID "${text}" is not a msg_id` : 'Message ID is empty', {
			itemIndex,
			description: 'Use the msgId of a mass send (a number), e.g. {{ $json.msgId }} after Mass Send > Send.',
		});
	}
	return Number(text);
}
