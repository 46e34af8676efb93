import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readWeChatMeta } from './item';
import type { ReplyFormat } from './reply';

/** What the reply needs to know about the message that started this execution. No secrets: the reply
 * node gets the token and AES key from its own (the same) credential. */
export interface ReplyOrigin {
	triggerName: string;
	/** The incoming message's ToUserName (the account) and FromUserName (the user's OpenID). */
	toUserName: string;
	fromUserName: string;
	encrypted: boolean;
	format: ReplyFormat;
	appId: string;
}

const TRIGGER_TYPE_SUFFIX = '.weChatTrigger';

function text(value: unknown): string {
	return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/**
 * Reads the WeChat Trigger's own output item (not this node's input, which other nodes may have
 * reshaped): the trigger that ran in this execution, upstream of this node.
 */
export function findReplyOrigin(this: IExecuteFunctions): ReplyOrigin {
	const node = this.getNode();
	const triggers = this.getParentNodes(node.name).filter(
		(parent) => parent.type.endsWith(TRIGGER_TYPE_SUFFIX) && !parent.disabled,
	);
	if (triggers.length === 0) {
		throw new NodeOperationError(node, 'The WeChat Reply node must come after a WeChat Trigger', {
			description: 'A passive reply answers the WeChat callback that started the workflow. Connect this node (directly or through other nodes) after a WeChat Trigger whose Respond option is "Using WeChat Reply Node".',
		});
	}
	const proxy = this.getWorkflowDataProxy(0);
	for (const trigger of triggers) {
		const ref = proxy.$(trigger.name) as { isExecuted?: boolean; first?: () => { json?: IDataObject } | undefined };
		if (!ref?.isExecuted || typeof ref.first !== 'function') continue;
		const json = ref.first()?.json ?? {};
		const meta = readWeChatMeta(json);
		if (!meta) continue;
		if (!meta.awaitsReply) {
			throw new NodeOperationError(node, `WeChat Trigger "${trigger.name}" has already answered WeChat with "success"`, {
				description: 'Set the trigger\'s Respond option to "Using WeChat Reply Node" so that WeChat waits for this reply.',
			});
		}
		const toUserName = text(json.ToUserName);
		const fromUserName = text(json.FromUserName);
		if (!toUserName || !fromUserName) {
			throw new NodeOperationError(node, 'The message that started this workflow has no ToUserName or FromUserName', {
				description: 'WeChat only accepts passive replies to messages and events sent by a user.',
			});
		}
		return {
			triggerName: trigger.name,
			toUserName,
			fromUserName,
			encrypted: meta.mode !== 'plain',
			format: meta.format,
			appId: meta.appId,
		};
	}
	throw new NodeOperationError(node, 'This execution was not started by a WeChat callback', {
		description: 'The WeChat Reply node only works in executions started by WeChat calling the WeChat Trigger (Respond: "Using WeChat Reply Node"). Manual runs in the editor cannot answer WeChat.',
	});
}
