import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { runItemLoop } from '../shared/itemLoop';
import { jsSdkSignProperties } from './description';
import { signPage } from './sign';

export class WeChatJsSdkSign implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeChat JS-SDK Sign',
		name: 'weChatJsSdkSign',
		icon: { light: 'file:../../icons/wechat.svg', dark: 'file:../../icons/wechat.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["url"]}}',
		description: 'Build a signed wx.config object for a web page that uses the WeChat JS-SDK',
		defaults: { name: 'WeChat JS-SDK Sign' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'weChatOfficialAccountApi', required: true }],
		properties: jsSdkSignProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runItemLoop.call(this, async ([itemIndex]) => [await signPage.call(this, itemIndex)], {
			concurrency: 20,
		});
	}
}
