/**
 * Get Followers on the n8n-faithful context with a scripted WeChat: call counts, Limit, resume, group
 * output, bounded and overlapped enrichment, failures.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';

import { GetManyFollowers } from '../../../helpers/appNodes';
import { FOLLOWER_PAGE_SIZE, USER_INFO_BATCH_SIZE } from '../../../../nodes/wechat/client/followers';
import { CredentialStore, executeContext } from '../../../helpers/n8nContext';

/** 28-character openids, like WeChat's. */
const fakeOpenId = (i: number) => `oFAKE${i.toString(36).padStart(23, '0')}`;
const fakeUnionId = (i: number) => `oUNIO${i.toString(36).padStart(23, '0')}`;
const indexOf = (openid: string) => (/^oFAKE[0-9a-z]{23}$/.test(openid) ? parseInt(openid.slice(5), 36) : -1);

interface FakeOptions {
	followers: number;
	unionIdEvery?: number;
	latencyMs?: number;
	batchget?: (openids: string[], call: number) => IDataObject | undefined;
}

/** A scripted WeChat that behaves like the real user/get and user/info/batchget. */
function fakeWeChat(options: FakeOptions) {
	const every = options.unionIdEvery ?? 1;
	const calls = { userGet: 0, batchget: 0, token: 0 };
	const events: string[] = [];
	let inFlight = 0;
	let maxInFlight = 0;
	const batchSizes: number[] = [];
	const pause = () => new Promise((r) => setTimeout(r, options.latencyMs ?? 0));
	const http = async (o: IHttpRequestOptions): Promise<unknown> => {
		if (o.url.endsWith('/cgi-bin/stable_token')) {
			calls.token++;
			return { access_token: 'fake-token-0123456789', expires_in: 7200 };
		}
		if (o.url.endsWith('/cgi-bin/user/get')) {
			const call = ++calls.userGet;
			events.push(`get${call}:start`);
			await pause();
			const after = String(o.qs?.next_openid ?? '');
			const start = after ? indexOf(after) + 1 : 0;
			if (after && start === 0) return { errcode: 40003, errmsg: 'invalid openid' };
			const count = Math.max(0, Math.min(FOLLOWER_PAGE_SIZE, options.followers - start));
			events.push(`get${call}:end`);
			if (count === 0) return { total: options.followers, count: 0, next_openid: '' };
			const openid = Array.from({ length: count }, (_, k) => fakeOpenId(start + k));
			return { total: options.followers, count, data: { openid }, next_openid: openid[count - 1] };
		}
		if (o.url.endsWith('/cgi-bin/user/info/batchget')) {
			const call = ++calls.batchget;
			const list = ((o.body as IDataObject).user_list as IDataObject[]).map((u) => String(u.openid));
			batchSizes.push(list.length);
			inFlight++;
			maxInFlight = Math.max(maxInFlight, inFlight);
			events.push(`batch${call}:start`);
			await pause();
			inFlight--;
			events.push(`batch${call}:end`);
			const scripted = options.batchget?.(list, call);
			if (scripted) return scripted;
			if (list.length > USER_INFO_BATCH_SIZE) return { errcode: 40032, errmsg: 'invalid openid list size' };
			if (list.some((id) => indexOf(id) < 0)) return { errcode: 40003, errmsg: 'invalid openid' };
			return {
				user_info_list: list.map((openid) => {
					const i = indexOf(openid);
					if (i >= options.followers) return { subscribe: 0, openid, tagid_list: [] };
					const u: IDataObject = { subscribe: 1, openid, language: 'zh_CN', subscribe_time: 1700000000 - i };
					if (every > 0 && i % every === 0) u.unionid = fakeUnionId(i);
					return { ...u, remark: '', tagid_list: [], subscribe_scene: 'ADD_SCENE_QR_CODE' };
				}),
			};
		}
		throw new Error(`unexpected request ${o.url}`);
	};
	return { http, calls, events, batchSizes, maxInFlight: () => maxInFlight };
}

function oaStore() {
	const store = new CredentialStore();
	store.set('weChatOfficialAccountApi', {
		appId: 'wxfake0000000001',
		appSecret: 'fake-secret-0123456789abcdef',
		tokenSource: 'stable',
		baseUrl: 'http://wechat.test',
	});
	return store;
}

type Params = Record<string, unknown>;

async function run(
	wechat: ReturnType<typeof fakeWeChat>,
	params: Params | ((name: string, itemIndex: number) => unknown),
	extra: { items?: IDataObject[]; continueOnFail?: boolean } = {},
): Promise<INodeExecutionData[]> {
	const parameters =
		typeof params === 'function' ? params : (name: string) => (name in params ? params[name] : undefined);
	const ctx = executeContext({ store: oaStore(), parameters, http: wechat.http, retryDelaysMs: [1, 1, 1], ...extra }) as IExecuteFunctions;
	const [output] = await new GetManyFollowers().execute.call(ctx);
	return output;
}

const all = (extra: Params = {}): Params => ({ returnAll: true, includeUserInfo: true, outputMode: 'follower', options: {}, ...extra });

describe('call counts', () => {
	test('25,000 enriched followers cost exactly ceil(N/10000) + ceil(N/100) = 3 + 250 calls', async () => {
		const wechat = fakeWeChat({ followers: 25_000, unionIdEvery: 2 });
		const output = await run(wechat, all());
		expect(wechat.calls).toEqual({ userGet: 3, batchget: 250, token: 1 });
		expect(wechat.batchSizes.every((n) => n === 100)).toBe(true);
		expect(output).toHaveLength(25_000);
		expect(output.map((o) => o.json.openid)).toEqual(Array.from({ length: 25_000 }, (_, i) => fakeOpenId(i)));
		expect(output[0].json).toMatchObject({ openid: fakeOpenId(0), unionid: fakeUnionId(0), subscribe: 1, subscribe_time: 1700000000, subscribedAt: '2023-11-14T22:13:20.000Z' });
		// Every record has a unionid key, null when WeChat sent none: database columns stay stable.
		expect(output[1].json.unionid).toBeNull();
		expect(output.every((o) => 'unionid' in o.json)).toBe(true);
		expect(output.every((o) => (o.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	test('openids only: ceil(N/10000) calls and nothing else', async () => {
		const wechat = fakeWeChat({ followers: 25_000 });
		const output = await run(wechat, all({ includeUserInfo: false }));
		expect(wechat.calls.userGet).toBe(3);
		expect(wechat.calls.batchget).toBe(0);
		expect(output[5].json).toEqual({ openid: fakeOpenId(5) });
	});

	test('a list of exactly 20,000 ends after 2 calls: total says it is complete, no confirming empty call', async () => {
		const wechat = fakeWeChat({ followers: 20_000 });
		const output = await run(wechat, all({ includeUserInfo: false }));
		expect(wechat.calls.userGet).toBe(2);
		expect(output.at(-1)!.json).toMatchObject({ nextOpenId: '', hasMore: false });
	});

	test('no followers: one call, no items', async () => {
		const wechat = fakeWeChat({ followers: 0 });
		expect(await run(wechat, all())).toEqual([]);
		expect(wechat.calls).toMatchObject({ userGet: 1, batchget: 0 });
	});
});

describe('Limit', () => {
	test('Limit 150 reads one page and enriches only 150 followers (1 + 2 calls)', async () => {
		const wechat = fakeWeChat({ followers: 25_000 });
		const output = await run(wechat, { returnAll: false, limit: 150, includeUserInfo: true, options: {} });
		expect(output).toHaveLength(150);
		expect(wechat.calls).toMatchObject({ userGet: 1, batchget: 2 });
		expect(wechat.batchSizes).toEqual([100, 50]);
		expect(output.at(-1)!.json).toMatchObject({ openid: fakeOpenId(149), nextOpenId: fakeOpenId(149), hasMore: true });
		expect(output[0].json).not.toHaveProperty('nextOpenId');
	});

	test('Limit 12,345: ceil(L/10000) + ceil(L/100) = 2 + 124 calls', async () => {
		const wechat = fakeWeChat({ followers: 25_000 });
		const output = await run(wechat, { returnAll: false, limit: 12_345, includeUserInfo: true, options: {} });
		expect(output).toHaveLength(12_345);
		expect(wechat.calls).toMatchObject({ userGet: 2, batchget: 124 });
	});

	test('Limit larger than the list returns the list, hasMore false', async () => {
		const wechat = fakeWeChat({ followers: 250 });
		const output = await run(wechat, { returnAll: false, limit: 1000, includeUserInfo: false, options: {} });
		expect(output).toHaveLength(250);
		expect(output.at(-1)!.json).toMatchObject({ nextOpenId: '', hasMore: false });
		expect(wechat.calls.userGet).toBe(1);
	});
});

describe('resume', () => {
	test('Start After OpenID continues after that follower; the two runs cover the list once', async () => {
		const wechat = fakeWeChat({ followers: 25_000 });
		const first = await run(wechat, { returnAll: false, limit: 10_000, includeUserInfo: false, options: {} });
		const cursor = String(first.at(-1)!.json.nextOpenId);
		expect(cursor).toBe(fakeOpenId(9_999));
		expect(first.at(-1)!.json.hasMore).toBe(true);
		const second = await run(wechat, all({ includeUserInfo: false, options: { startAfter: ` ${cursor} ` } }));
		expect(second).toHaveLength(15_000);
		expect(second[0].json.openid).toBe(fakeOpenId(10_000));
		expect(second.at(-1)!.json).toMatchObject({ nextOpenId: '', hasMore: false });
		// 1 call for the first run, 2 for the rest.
		expect(wechat.calls.userGet).toBe(3);
	});

	test('a Start After OpenID that is not an OpenID is refused before any call', async () => {
		const wechat = fakeWeChat({ followers: 10 });
		await expect(run(wechat, all({ options: { startAfter: 'not an id' } }))).rejects.toThrow(/Start After OpenID "not an id" is not an OpenID/);
		expect(wechat.calls.userGet).toBe(0);
	});
});

describe('group output', () => {
	test('2,500 followers, 1,000 per item: 3 items with counts, per-group cursors and the final state', async () => {
		const wechat = fakeWeChat({ followers: 2_500 });
		const output = await run(wechat, all({ outputMode: 'group', followersPerItem: 1000 }));
		expect(output.map((o) => o.json.count)).toEqual([1000, 1000, 500]);
		expect(output.map((o) => o.json.hasMore)).toEqual([true, true, false]);
		expect(output.map((o) => o.json.nextOpenId)).toEqual([fakeOpenId(999), fakeOpenId(1999), '']);
		const followers = output[2].json.followers as IDataObject[];
		expect(followers[499]).toMatchObject({ openid: fakeOpenId(2499), unionid: fakeUnionId(2499) });
		expect(followers[499]).not.toHaveProperty('nextOpenId');
	});

	test('with a Limit, the last group carries the resume cursor', async () => {
		const wechat = fakeWeChat({ followers: 50_000 });
		const output = await run(wechat, { returnAll: false, limit: 25_000, includeUserInfo: false, outputMode: 'group', followersPerItem: 10_000, options: {} });
		expect(output.map((o) => o.json.count)).toEqual([10_000, 10_000, 5_000]);
		expect(output[2].json).toMatchObject({ nextOpenId: fakeOpenId(24_999), hasMore: true });
	});
});

describe('enrichment runs bounded and overlapped with paging', () => {
	test('never more than Concurrency batchget calls at once', async () => {
		const wechat = fakeWeChat({ followers: 3_000, latencyMs: 2 });
		await run(wechat, all({ options: { concurrency: 3 } }));
		expect(wechat.maxInFlight()).toBe(3);
		expect(wechat.calls.batchget).toBe(30);
	});

	test('page 2 is read while page 1 is being enriched', async () => {
		const wechat = fakeWeChat({ followers: 25_000, latencyMs: 1 });
		await run(wechat, all());
		const at = (event: string) => wechat.events.indexOf(event);
		// Page 2 is asked for before page 1's first 100 are even back; page 3 while page 2 is being enriched.
		expect(at('get2:start')).toBeLessThan(at('batch1:end'));
		expect(at('get3:start')).toBeLessThan(at('batch200:end'));
		// Page k+1's enrichment (and the read of page k+2) waits for page k's: at most two pages in memory.
		expect(at('batch101:start')).toBeGreaterThan(at('batch100:end'));
		expect(at('get3:start')).toBeGreaterThan(at('batch100:end'));
	});
});

describe('failures', () => {
	test('a batchget failure stops the node with WeChat\'s explanation, and no new call starts after it', async () => {
		const wechat = fakeWeChat({
			followers: 25_000,
			batchget: (_ids, call) => (call === 7 ? { errcode: 48001, errmsg: 'api unauthorized' } : undefined),
		});
		await expect(run(wechat, all({ options: { concurrency: 2 } }))).rejects.toThrow(/not authorized/);
		// Started at most: the 7th and its one neighbour in flight, plus the page read ahead.
		expect(wechat.calls.batchget).toBeLessThanOrEqual(8);
		expect(wechat.calls.userGet).toBeLessThanOrEqual(2);
	});

	test('with Continue On Fail the failure becomes the item\'s error output', async () => {
		const wechat = fakeWeChat({ followers: 500, batchget: () => ({ errcode: 45009, errmsg: 'reach max api daily quota limit' }) });
		const output = await run(wechat, all(), { continueOnFail: true });
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({ errcode: 45009 });
		expect(String(output[0].json.error)).toMatch(/daily quota/);
	});
});

describe('several input items', () => {
	test('the node runs once per input item, with that item\'s parameters, one after the other', async () => {
		const wechat = fakeWeChat({ followers: 1_000 });
		const output = await run(
			wechat,
			(name, itemIndex) => ({ returnAll: false, limit: itemIndex === 0 ? 3 : 5, includeUserInfo: false, outputMode: 'follower', options: {} })[name],
			{ items: [{ a: 1 }, { a: 2 }] },
		);
		expect(output.map((o) => (o.pairedItem as { item: number }).item)).toEqual([0, 0, 0, 1, 1, 1, 1, 1]);
		expect(wechat.calls.userGet).toBe(2);
	});
});

describe('memory of the output', () => {
	/** n8n keeps every output item: a follower's record must not cost more than its fields. */
	test('20,000 enriched followers kept: under 600 bytes of heap each (about 400; a spread copy that then gains subscribedAt took about 800)', async () => {
		require('v8').setFlagsFromString('--expose-gc');
		const gc = require('vm').runInNewContext('gc') as () => void;
		// Records as WeChat's JSON answer gives them (parsed from text), as n8n's request helper does.
		const wechat = fakeWeChat({
			followers: 20_000,
			batchget: (openids) =>
				JSON.parse(JSON.stringify({
					user_info_list: openids.map((openid) => ({ subscribe: 1, openid, language: 'zh_CN', subscribe_time: 1700000000, unionid: `u${openid}`, remark: '', groupid: 0, tagid_list: [], subscribe_scene: 'ADD_SCENE_SEARCH', qr_scene: 0, qr_scene_str: '' })),
				})),
		});
		gc();
		const before = process.memoryUsage().heapUsed;
		const output = await run(wechat, all());
		gc();
		const perFollower = (process.memoryUsage().heapUsed - before) / output.length;
		expect(output).toHaveLength(20_000);
		expect(Object.keys(output[7].json)).toEqual(['subscribe', 'openid', 'language', 'subscribe_time', 'unionid', 'remark', 'groupid', 'tagid_list', 'subscribe_scene', 'qr_scene', 'qr_scene_str', 'subscribedAt']);
		expect(perFollower).toBeLessThan(600);
	});
});
