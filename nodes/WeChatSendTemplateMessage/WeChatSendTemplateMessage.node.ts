import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { runItemLoop } from '../shared/itemLoop';
import { sendTemplateMessageProperties } from './description';
import { prepareTemplateBatch } from './send';
import { searchOfficialAccountTemplates } from './templates';

export class WeChatSendTemplateMessage implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeChat Send Template Message',
		name: 'weChatSendTemplateMessage',
		icon: { light: 'file:../../icons/wechat.svg', dark: 'file:../../icons/wechat.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["template"].cachedResultName || $parameter["template"].value}}',
		description: 'Send an Official Account template message to each follower in the input, at most once per message',
		defaults: { name: 'WeChat Send Template Message' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'weChatOfficialAccountApi', required: true }],
		properties: sendTemplateMessageProperties,
	};

	methods = {
		listSearch: { searchTemplates: searchOfficialAccountTemplates },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const batch = await prepareTemplateBatch.call(this);
		return await runItemLoop.call(this, async ([itemIndex]) => [await batch.send(itemIndex)], {
			concurrency: batch.concurrency,
		});
	}
}
