import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { weChatCallbackApiTest } from '../wechat/callback/credentialTest';
import { replyProperties } from './description';
import { sendPassiveReply } from './respond';

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
		credentials: [
			{ name: 'weChatCallbackApi', required: true, testedBy: 'weChatCallbackApiTest' },
			// Uploads the reply's file (Media Source: Binary Field) as temporary media.
			{ name: 'weChatOfficialAccountApi', required: true, displayOptions: { show: { mediaSource: ['binary'] } } },
		],
		// n8n's verification scanner requires the flag (inline lint exceptions do not count). As a tool the
		// node still needs a WeChat Trigger run in reply mode upstream, and says so if there is none.
		usableAsTool: true,
		properties: replyProperties,
	};

	methods = { credentialTest: { weChatCallbackApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// WeChat takes one passive reply per message: the first item's parameters build it, every item passes on.
		await sendPassiveReply.call(this);
		return [this.getInputData()];
	}
}
