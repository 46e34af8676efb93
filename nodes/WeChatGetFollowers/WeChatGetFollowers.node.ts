import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { runItemLoop } from '../shared/itemLoop';
import { getFollowersProperties } from './description';
import { getFollowers } from './getFollowers';

export class WeChatGetFollowers implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeChat Get Followers',
		name: 'weChatGetFollowers',
		icon: { light: 'file:../../icons/wechat.svg', dark: 'file:../../icons/wechat.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{$parameter["returnAll"] ? "All followers" : "Up to " + $parameter["limit"] + " followers"}}',
		description: 'Read an Official Account\'s followers, optionally with their UnionID and profile, resuming where an earlier run stopped',
		defaults: { name: 'WeChat Get Followers' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'weChatOfficialAccountApi', required: true }],
		properties: getFollowersProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// A source node: one full read per input item (a Schedule or Manual Trigger gives one), one at a time
		// so two reads never compete for the account's API quota.
		return await runItemLoop.call(this, async ([itemIndex]) => [await getFollowers.call(this, itemIndex)], {
			concurrency: 1,
		});
	}
}
