import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { runItemLoop } from '../wechat/items/itemLoop';
import { platformProperties } from './description';
import { searchAuthorizers } from './listSearch';
import { OPERATIONS } from './operations';

export class WeChatThirdPartyPlatform implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeChat Third-Party Platform',
		name: 'weChatThirdPartyPlatform',
		icon: { light: 'file:../../icons/wechat.svg', dark: 'file:../../icons/wechat.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Run a WeChat third-party platform (第三方平台): authorization links and codes, the accounts that authorized it, ticket push',
		defaults: { name: 'WeChat Third-Party Platform' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'weChatPlatformApi', required: true }],
		properties: platformProperties,
	};

	methods = { listSearch: { searchAuthorizers } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		const run = OPERATIONS[operation];
		return await runItemLoop.call(this, async ([itemIndex]) => [await run.call(this, itemIndex)], { concurrency: 1 });
	}
}
