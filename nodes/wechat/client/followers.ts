/**
 * Reading an Official Account's followers: the one place that pages through GET /cgi-bin/user/get and
 * enriches openids with POST /cgi-bin/user/info/batchget. Get Followers and Resolve UnionID's
 * "UnionID to Official Account OpenID" both run on `scanFollowers`.
 *
 * Call count: a full read of N followers makes ceil(N/10000) user/get calls (a short page, or having read
 * `total` followers, ends the list without a confirming empty call) and, with user info, ceil(N/100)
 * batchget calls. A Limit L reads ceil(L/10000) pages and enriches only the first L.
 *
 * Overlap: while page k is being enriched (at most `concurrency` batchget calls in flight), page k+1 is
 * read. Enrichment of page k+1 starts when page k's is done, so at most two pages of openids are waiting.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { mapWithConcurrency } from '../items/pool';
import { weChatApiRequest } from './transport';

/** Followers per user/get page (WeChat's fixed page size). */
export const FOLLOWER_PAGE_SIZE = 10_000;
/** Users per user/info/batchget call (WeChat's maximum; 40032 above it). */
export const USER_INFO_BATCH_SIZE = 100;

/** WeChat openids and unionids are 28 characters of [A-Za-z0-9_-]; accept a little more either side. */
const ID_PATTERN = /^[A-Za-z0-9_-]{20,64}$/;

export function looksLikeWeChatId(value: string): boolean {
	return ID_PATTERN.test(value);
}

export interface FollowerPage {
	openids: string[];
	/** Followers of the account (the whole list, not what is left after the cursor). */
	total: number;
	/** WeChat's next_openid: the last openid of this page, '' at the end. */
	nextOpenId: string;
}

export async function getFollowerPage(this: IExecuteFunctions, after: string): Promise<FollowerPage> {
	const body = await weChatApiRequest.call(this, 'weChatOfficialAccountApi', {
		method: 'GET',
		path: '/cgi-bin/user/get',
		qs: after ? { next_openid: after } : {},
		retrySafe: true,
		action: after ? `reading followers after ${after}` : 'reading followers',
	});
	const data = body.data as IDataObject | undefined;
	const openids = Array.isArray(data?.openid) ? (data.openid as unknown[]).map(String) : [];
	return { openids, total: Number(body.total) || 0, nextOpenId: String(body.next_openid ?? '') };
}

/**
 * WeChat's user records for up to 100 openids, in the order asked. Every record has `unionid` (null when
 * WeChat sent none) so that database columns stay the same from row to row, and `subscribedAt` (ISO) beside
 * `subscribe_time` when WeChat sent one.
 */
export async function getUserInfo(this: IExecuteFunctions, openids: string[]): Promise<IDataObject[]> {
	if (openids.length === 0) return [];
	if (openids.length > USER_INFO_BATCH_SIZE) {
		// Callers chunk by 100; this guards the invariant rather than letting WeChat answer 40032.
		throw new Error(`getUserInfo takes at most ${USER_INFO_BATCH_SIZE} openids, got ${openids.length}`);
	}
	const body = await weChatApiRequest.call(this, 'weChatOfficialAccountApi', {
		method: 'POST',
		path: '/cgi-bin/user/info/batchget',
		body: { user_list: openids.map((openid) => ({ openid, lang: 'zh_CN' })) },
		retrySafe: true,
		action: `reading the user info of ${openids.length} follower${openids.length === 1 ? '' : 's'}`,
	});
	const byOpenId = new Map<string, IDataObject>();
	for (const record of (body.user_info_list as IDataObject[] | undefined) ?? []) {
		if (record && typeof record.openid === 'string') byOpenId.set(record.openid, record);
	}
	return openids.map((openid) => {
		const record = byOpenId.get(openid) ?? { openid };
		// Object.assign, not { ...record, unionid }: V8 gives a spread copy that later gains a property (subscribedAt)
		// about 400 bytes more per object; at a million followers kept by n8n that doubled the output's memory.
		const followed: IDataObject = Object.assign({}, record);
		followed.unionid = typeof record.unionid === 'string' && record.unionid ? record.unionid : null;
		// WeChat's subscribe_time is Unix seconds; the ISO time beside it reads as a date in n8n and in a database.
		if (typeof record.subscribe_time === 'number') followed.subscribedAt = new Date(record.subscribe_time * 1000).toISOString();
		return followed;
	});
}

export interface ScanOptions {
	/** next_openid to start after; '' reads from the first follower. */
	startAfter: string;
	/** Stop after this many followers; undefined reads to the end. */
	limit?: number;
	/** Fetch user info (batchget) for every follower read. */
	withUserInfo: boolean;
	/** batchget calls in flight at once. */
	concurrency: number;
	/** Keep the records and return them in order (Get Followers). Off for scans that only look. */
	keep: boolean;
	/**
	 * Called with each chunk of at most 100 records as soon as it is ready (chunks may finish out of order).
	 * Return true to stop: no further page or batchget call is started; calls already in flight finish.
	 */
	onChunk?: (records: IDataObject[]) => boolean | void;
	/** Where the pages come from: user/get (default), or another list paged the same way (followerLists.ts). */
	page?: (this: IExecuteFunctions, after: string) => Promise<FollowerPage>;
}

export interface ScanResult {
	/** The records in WeChat's order (empty unless `keep`). */
	records: IDataObject[];
	/** Followers read (counted before any early stop cut the scan short). */
	read: number;
	/** Where a later run continues: the last follower read when more may follow, '' at the end of the list. */
	nextOpenId: string;
	/** False when the scan reached the end of the follower list. */
	hasMore: boolean;
	/** True when onChunk asked to stop. */
	stoppedEarly: boolean;
	total: number;
}

function chunk<T>(values: T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let start = 0; start < values.length; start += size) chunks.push(values.slice(start, start + size));
	return chunks;
}

export async function scanFollowers(this: IExecuteFunctions, options: ScanOptions): Promise<ScanResult> {
	const startAfter = options.startAfter.trim();
	const fromStart = startAfter === '';
	let remaining = options.limit === undefined ? Infinity : Math.max(0, Math.floor(options.limit));
	let cursor = startAfter;
	let read = 0;
	let total = 0;
	let hasMore = true;
	let stopped = false;
	const pages: IDataObject[][][] = [];
	let enriching: Promise<void> | undefined;

	const enrichPage = (openids: string[], pageIndex: number): Promise<void> => {
		const chunks = chunk(openids, USER_INFO_BATCH_SIZE);
		pages[pageIndex] = new Array<IDataObject[]>(chunks.length);
		const promise = mapWithConcurrency(chunks, options.concurrency, async (ids, k) => {
			if (stopped) return;
			const records = options.withUserInfo
				? await getUserInfo.call(this, ids)
				: ids.map((openid): IDataObject => ({ openid }));
			if (options.keep) pages[pageIndex][k] = records;
			if (options.onChunk?.(records) === true) stopped = true;
		}).then(() => undefined);
		// Awaited later; this handler only keeps a failure from counting as unhandled meanwhile.
		promise.catch(() => undefined);
		return promise;
	};

	let failure: { error: unknown } | undefined;
	try {
		while (remaining > 0 && !stopped) {
			const page = await (options.page ?? getFollowerPage).call(this, cursor);
			total = page.total;
			const all = page.openids;
			const taken = all.length > remaining ? all.slice(0, remaining) : all;
			remaining -= taken.length;
			read += taken.length;
			const endOfList =
				all.length === 0 ||
				all.length < FOLLOWER_PAGE_SIZE ||
				page.nextOpenId === '' ||
				(fromStart && page.total > 0 && read >= page.total && taken.length === all.length);
			if (taken.length) cursor = taken[taken.length - 1];
			// Page k's enrichment ran while this page was read; page k+1's starts when it is done.
			if (enriching) await enriching;
			if (taken.length && !stopped) enriching = enrichPage(taken, pages.length);
			if (endOfList && taken.length === all.length) hasMore = false;
			if (endOfList) break;
		}
		if (enriching) await enriching;
	} catch (error) {
		failure = { error };
	}
	if (failure) {
		// Nothing is left running behind the node's back: wait for calls in flight, then report.
		stopped = true;
		await enriching?.catch(() => undefined);
		throw failure.error;
	}

	const records: IDataObject[] = [];
	if (options.keep) for (const page of pages) for (const part of page) if (part) for (const r of part) records.push(r);
	return { records, read, nextOpenId: hasMore ? cursor : '', hasMore, stoppedEarly: stopped, total };
}
