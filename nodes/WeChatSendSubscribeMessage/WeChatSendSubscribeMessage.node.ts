import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { runItemLoop } from '../shared/itemLoop';
import { sendSubscribeMessageProperties } from './description';
import { prepareSubscribeBatch } from './send';
import { searchMiniProgramTemplates } from './templates';

export class WeChatSendSubscribeMessage implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeChat Send Subscribe Message',
		name: 'weChatSendSubscribeMessage',
		icon: { light: 'file:../../icons/wechat.svg', dark: 'file:../../icons/wechat.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["template"].cachedResultName || $parameter["template"].value}}',
		description: 'Send a Mini Program subscribe message to each user in the input, with every value checked against WeChat\'s rules first',
		defaults: { name: 'WeChat Send Subscribe Message' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'weChatMiniProgramApi', required: true }],
		properties: sendSubscribeMessageProperties,
	};

	methods = {
		listSearch: { searchTemplates: searchMiniProgramTemplates },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const batch = await prepareSubscribeBatch.call(this);
		return await runItemLoop.call(this, async ([itemIndex]) => [await batch.send(itemIndex)], {
			concurrency: batch.concurrency,
		});
	}
}
