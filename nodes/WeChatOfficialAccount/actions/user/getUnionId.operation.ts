import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { errcodeOf, weChatApiError } from '../../../wechat/client/errcodes';
import { getUserInfo, looksLikeWeChatId, USER_INFO_BATCH_SIZE } from '../../../wechat/client/followers';
import type { ItemOutcome } from '../../../wechat/items/itemLoop';
import { concurrencyOf, stringParameter } from '../../../wechat/items/parameters';
import { DEFAULT_READ_CONCURRENCY } from '../../../wechat/items/properties';
import type { OperationRun } from '../../../wechat/items/router';

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

export function invalidIdError(
	this: IExecuteFunctions,
	field: string,
	value: string,
	itemIndex: number,
	example: string,
): NodeOperationError {
	const empty = value === '';
	return new NodeOperationError(
		this.getNode(),
		empty ? `${field} is empty (item ${itemIndex})` : `${field} "${value}" is not a WeChat ${field} (item ${itemIndex})`,
		{
			itemIndex,
			description: empty
				? `Map the ${field} of each item, for example ${example}.`
				: `A WeChat ${field} is 28 letters, digits, - or _ (for example o6_bmasdasdsad6_2sgVt7hMZOPfL). Check the mapping: ${example}.`,
		},
	);
}

/** Up to 100 input items (runItemLoop's batchSize): one batchget for the distinct valid openids. */
export async function openIdsToUnionIds(this: IExecuteFunctions, itemIndexes: number[]): Promise<ItemOutcome[]> {
	const items = this.getInputData();
	const openids = itemIndexes.map((i) => stringParameter.call(this, 'openId', i));
	const outcomes: ItemOutcome[] = new Array<ItemOutcome>(itemIndexes.length);
	const wanted = new Set<string>();
	openids.forEach((openid, k) => {
		if (!looksLikeWeChatId(openid)) {
			outcomes[k] = invalidIdError.call(this, 'OpenID', openid, itemIndexes[k], '{{ $json.openid }}');
		} else wanted.add(openid);
	});
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
