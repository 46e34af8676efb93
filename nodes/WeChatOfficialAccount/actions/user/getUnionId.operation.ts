import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { errcodeOf, weChatApiError } from '../../../wechat/client/errcodes';
import { getUserInfo, USER_INFO_BATCH_SIZE } from '../../../wechat/client/followers';
import type { ItemOutcome } from '../../../wechat/items/itemLoop';
import { concurrencyOf } from '../../../wechat/items/parameters';
import type { OperationRun } from '../../../wechat/items/router';
import { readWeChatIds } from './ids';
import { DEFAULT_READ_CONCURRENCY } from '../../../wechat/items/description';

export const NO_UNIONID_NOT_BOUND =
	'WeChat returned no UnionID: the Official Account is not bound to an Open Platform account (open.weixin.qq.com > Management Center > Official Accounts > Bind), so its users have no UnionID';
export const NO_UNIONID_NOT_FOLLOWING =
	'WeChat returned no UnionID: the user does not follow the Official Account (any more), and WeChat tells little about non-followers; or the Official Account is not bound to an Open Platform account';

type Lookup = IDataObject | { invalid: string };

/**
 * WeChat fails a whole batchget with 40003 when one openid in it is not a follower id of this account.
 * Format checks catch typos and empty values before any call; what they cannot catch (a well-formed
 * openid of another account, such as a Mini Program openid) is found by splitting the failed batch in
 * halves until the bad openids stand alone: one bad openid in 100 costs about 2 x log2(100) = 14 extra
 * calls, and the 99 others still get their UnionID. Any other error belongs to the whole batch.
 */
async function lookUp(this: IExecuteFunctions, openids: string[], into: Map<string, Lookup>): Promise<void> {
	let failure: unknown;
	try {
		const records = await getUserInfo.call(this, openids);
		openids.forEach((openid, k) => into.set(openid, records[k]));
		return;
	} catch (error) {
		failure = error;
	}
	if (errcodeOf(failure) !== 40003) throw failure;
	if (openids.length === 1) {
		into.set(openids[0], { invalid: String((failure as { context: IDataObject }).context.errmsg ?? '') });
		return;
	}
	const half = Math.ceil(openids.length / 2);
	await lookUp.call(this, openids.slice(0, half), into);
	await lookUp.call(this, openids.slice(half), into);
}

/** Up to 100 input items (runItemLoop's batchSize): one batchget for the distinct valid openids. */
export async function openIdsToUnionIds(this: IExecuteFunctions, itemIndexes: number[]): Promise<ItemOutcome[]> {
	const items = this.getInputData();
	const { values: openids, outcomes, wanted } = readWeChatIds.call(this, itemIndexes, 'openId', 'OpenID', '{{ $json.openid }}');
	// Distinct openids of at most 100 items: never more than WeChat's 100 per call.
	const distinct = [...wanted].slice(0, USER_INFO_BATCH_SIZE);
	const found = new Map<string, Lookup>();
	if (distinct.length) await lookUp.call(this, distinct, found);

	openids.forEach((openid, k) => {
		if (outcomes[k]) return;
		const itemIndex = itemIndexes[k];
		const result = found.get(openid);
		if (!result || 'invalid' in result) {
			const error = weChatApiError(this.getNode(), 40003, String(result?.invalid ?? 'invalid openid'), `looking up OpenID ${openid}`);
			error.context.itemIndex = itemIndex;
			outcomes[k] = error;
			return;
		}
		const unionId = typeof result.unionid === 'string' && result.unionid ? result.unionid : null;
		const subscribed = Number(result.subscribe) === 1;
		const json: IDataObject = { ...items[itemIndex].json, openId: openid, unionId, subscribed };
		if (unionId === null) json.reason = subscribed ? NO_UNIONID_NOT_BOUND : NO_UNIONID_NOT_FOLLOWING;
		outcomes[k] = json;
	});
	return outcomes;
}

/** User > Get UnionID: WeChat's batchget takes 100 users, so each unit is 100 input items. */
export async function execute(this: IExecuteFunctions): Promise<OperationRun> {
	return {
		concurrency: concurrencyOf.call(this, DEFAULT_READ_CONCURRENCY),
		batchSize: USER_INFO_BATCH_SIZE,
		handle: async (itemIndexes) => await openIdsToUnionIds.call(this, itemIndexes),
	};
}
