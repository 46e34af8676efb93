import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IWebhookFunctions,
	IWebhookResponseData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { weChatCallbackApiTest } from '../wechat/callback/credentialTest';
import { pastedUrlWebhookMethods } from '../wechat/callback/webhookMethods';
import { triggerProperties } from './description';
import { triggerWebhooks } from './platformPath';
import { handleWebhook } from './webhook';

export class WeChatTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeChat Events Trigger',
		name: 'weChatTrigger',
		icon: { light: 'file:../../icons/wechat.svg', dark: 'file:../../icons/wechat.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["responseMode"] === "responseNode" ? "Passive reply by WeChat Reply node" : "Answers success at once"}}',
		description: 'Starts the workflow when WeChat pushes a message or event (follows, menu taps, messages, template and subscribe message results)',
		defaults: { name: 'WeChat Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'weChatCallbackApi', required: true, testedBy: 'weChatCallbackApiTest' }],
		// GET (URL check) and POST (callbacks) share one path under the webhook id; a third-party platform's
		// message URL adds the authorized account's AppID (platformPath.ts).
		webhooks: triggerWebhooks,
		properties: triggerProperties,
	};

	methods = { credentialTest: { weChatCallbackApiTest } };

	webhookMethods = pastedUrlWebhookMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleWebhook.call(this);
	}
}
