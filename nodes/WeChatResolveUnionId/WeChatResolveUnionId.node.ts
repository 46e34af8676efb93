import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { runItemLoop } from '../shared/itemLoop';
import { USER_INFO_BATCH_SIZE } from '../WeChatGetFollowers/followers';
import { resolveUnionIdProperties } from './description';
import { loginCodeToOpenId, repeatedLoginCodes } from './loginCode';
import { openIdsToUnionIds } from './openIdToUnionId';
import { unionIdsToOaOpenIds } from './unionIdToOpenId';

export class WeChatResolveUnionId implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeChat Resolve UnionID',
		name: 'weChatResolveUnionId',
		icon: { light: 'file:../../icons/wechat.svg', dark: 'file:../../icons/wechat.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Link a WeChat user across your Official Account and Mini Program: OpenID, UnionID and login codes',
		defaults: { name: 'WeChat Resolve UnionID' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'weChatOfficialAccountApi',
				required: true,
				// Not needed when UnionID to Official Account OpenID matches against an earlier node's items.
				displayOptions: {
					show: { operation: ['openIdToUnionId', 'unionIdToOaOpenId'] },
					hide: { mappingSource: ['node'] },
				},
			},
			{
				name: 'weChatMiniProgramApi',
				required: true,
				displayOptions: { show: { operation: ['loginCodeToOpenId'] } },
			},
		],
		properties: resolveUnionIdProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		const options = this.getNodeParameter('options', 0, {}) as IDataObject;
		const concurrency = Math.max(1, Math.floor(Number(options.concurrency ?? 5)) || 5);

		if (operation === 'loginCodeToOpenId') {
			const repeats = repeatedLoginCodes.call(this);
			return await runItemLoop.call(
				this,
				async ([itemIndex]) => [await loginCodeToOpenId.call(this, itemIndex, repeats.get(itemIndex))],
				{ concurrency },
			);
		}
		if (operation === 'unionIdToOaOpenId') {
			// One unit holding every item: a single scan (or one pass over the pairs) answers them all.
			return await runItemLoop.call(this, async (itemIndexes) => await unionIdsToOaOpenIds.call(this, itemIndexes), {
				concurrency: 1,
				batchSize: Math.max(1, this.getInputData().length),
			});
		}
		// WeChat's batchget takes 100 users: each unit is 100 input items, so a call never exceeds it.
		return await runItemLoop.call(this, async (itemIndexes) => await openIdsToUnionIds.call(this, itemIndexes), {
			concurrency,
			batchSize: USER_INFO_BATCH_SIZE,
		});
	}
}
