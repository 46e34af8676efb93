import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { tagFollowerPages } from '../../../wechat/client/followerLists';
import type { ScanOptions } from '../../../wechat/client/followers';
import { looksLikeWeChatId, scanFollowers } from '../../../wechat/client/followers';
import { tagIdFrom } from '../../../wechat/client/tags';
import { concurrencyOf, positiveInteger } from '../../../wechat/items/parameters';
import type { OperationRun } from '../../../wechat/items/router';
import { perItem } from '../../../wechat/items/router';
import { DEFAULT_READ_CONCURRENCY } from '../../../wechat/items/description';

/**
 * One run of Follower > Get Many for one input item. Field names: WeChat's records keep WeChat's names (openid,
 * unionid, subscribe_time, ...); fields this node adds are camelCase (nextOpenId, hasMore, followers, count).
 */
export async function getFollowers(this: IExecuteFunctions, itemIndex: number, pages?: ScanOptions['page']): Promise<IDataObject[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : Math.floor(Number(this.getNodeParameter('limit', itemIndex, 50)));
	if (limit !== undefined && !(limit >= 1)) {
		throw new NodeOperationError(this.getNode(), `Limit must be 1 or more (got ${String(limit)})`, {
			itemIndex,
			description: 'Set Limit to the number of followers to return, or turn on Return All.',
		});
	}
	const withUserInfo = this.getNodeParameter('includeUserInfo', itemIndex, true) as boolean;
	const outputMode = this.getNodeParameter('outputMode', itemIndex, 'follower') as string;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const startAfter = String(options.startAfter ?? '').trim();
	if (startAfter !== '' && !looksLikeWeChatId(startAfter)) {
		throw new NodeOperationError(this.getNode(), `Start After OpenID "${startAfter}" is not an OpenID`, {
			itemIndex,
			description: 'Use the nextOpenId of an earlier run (28 letters, digits, - or _), or leave the option empty to start from the first follower.',
		});
	}
	const concurrency = concurrencyOf.call(this, DEFAULT_READ_CONCURRENCY);
	// Option "Tag": only the followers with this tag (user/tag/get, paged the same way).
	const tag = options.tag && typeof options.tag === 'object' ? (options.tag as IDataObject).value : options.tag;
	const page = pages ?? (String(tag ?? '').trim() ? tagFollowerPages(tagIdFrom.call(this, itemIndex, options.tag, 'Options > Tag')) : undefined);

	const scan = await scanFollowers.call(this, { startAfter, limit, withUserInfo, concurrency, keep: true, page });
	const followers = scan.records;
	if (followers.length === 0) return [];

	if (outputMode === 'group') {
		const size = positiveInteger(this.getNodeParameter('followersPerItem', itemIndex, 1000), 1000);
		const groups: IDataObject[] = [];
		for (let start = 0; start < followers.length; start += size) {
			const part = followers.slice(start, start + size);
			const last = start + size >= followers.length;
			groups.push({
				followers: part,
				count: part.length,
				nextOpenId: last ? scan.nextOpenId : String(part[part.length - 1].openid),
				hasMore: last ? scan.hasMore : true,
			});
		}
		return groups;
	}

	const lastIndex = followers.length - 1;
	followers[lastIndex] = { ...followers[lastIndex], nextOpenId: scan.nextOpenId, hasMore: scan.hasMore };
	return followers;
}

/**
 * Follower > Get Many: a source operation, one full read per input item (a Schedule or Manual Trigger gives
 * one), one at a time so two reads never compete for the account's API quota.
 */
export async function execute(this: IExecuteFunctions): Promise<OperationRun> {
	return perItem(1, async (itemIndex) => await getFollowers.call(this, itemIndex));
}
