import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { weChatCallbackApiTest } from '../WeChatTrigger/credentialTest';
import { replyProperties } from './description';
import { sendPassiveReply } from './respond';

// A passive reply answers the HTTP request of the WeChat callback that started the workflow: an AI agent
// calling it as a tool has no such request, so the node is deliberately not usable as a tool.
// eslint-disable-next-line @n8n/community-nodes/node-usable-as-tool
export class WeChatReply implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeChat Reply',
		name: 'weChatReply',
		icon: { light: 'file:../../icons/wechat.svg', dark: 'file:../../icons/wechat.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{"Reply: " + $parameter["replyType"]}}',
		description: 'Send a passive reply (text, image, news...) to the WeChat message that started the workflow',
		defaults: { name: 'WeChat Reply' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'weChatCallbackApi', required: true, testedBy: 'weChatCallbackApiTest' }],
		properties: replyProperties,
	};

	methods = { credentialTest: { weChatCallbackApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// WeChat takes one passive reply per message: the first item's parameters build it, every item passes on.
		await sendPassiveReply.call(this);
		return [this.getInputData()];
	}
}
