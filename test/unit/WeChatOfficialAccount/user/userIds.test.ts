/**
 * Resolve UnionID on the n8n-faithful context with a scripted WeChat: batching by 100, per-item errors for
 * bad input, the 40003 split, login codes, and the UnionID -> OA OpenID join (scan and earlier-node pairs).
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';

import { ACTION_OF_RESOLVE_OPERATION } from '../../../helpers/appNodes';
import { NO_UNIONID_MP_NOT_BOUND } from '../../../../nodes/WeChatMiniProgram/actions/login/exchangeCode.operation';
import { NO_UNIONID_NOT_BOUND, NO_UNIONID_NOT_FOLLOWING } from '../../../../nodes/WeChatOfficialAccount/actions/user/getUnionId.operation';
import { redactText } from '../../../../nodes/wechat/codec/redact';
import { CredentialStore, executeContext } from '../../../helpers/n8nContext';

const oa = (i: number) => `oOAxx${i.toString(36).padStart(23, '0')}`;
const mp = (i: number) => `oMPxx${i.toString(36).padStart(23, '0')}`;
const un = (i: number) => `oUNxx${i.toString(36).padStart(23, '0')}`;
const indexOf = (openid: string) => (/^oOAxx[0-9a-z]{23}$/.test(openid) ? parseInt(openid.slice(5), 36) : -1);

/** Scripted WeChat: followers 0..followers-1; unionid for even indexes; login codes "code-<i>-xxxxxxxx". */
function scripted(followers: number) {
	const calls = { userGet: 0, batchget: 0, jscode: 0 };
	const batches: string[][] = [];
	const usedCodes = new Set<string>();
	const http = async (o: IHttpRequestOptions): Promise<unknown> => {
		if (o.url.endsWith('/stable_token')) return { access_token: 'fake-token-0123456789', expires_in: 7200 };
		if (o.url.endsWith('/cgi-bin/user/get')) {
			calls.userGet++;
			const after = String(o.qs?.next_openid ?? '');
			const start = after ? indexOf(after) + 1 : 0;
			const count = Math.max(0, Math.min(10_000, followers - start));
			if (count === 0) return { total: followers, count: 0, next_openid: '' };
			const openid = Array.from({ length: count }, (_, k) => oa(start + k));
			return { total: followers, count, data: { openid }, next_openid: openid[count - 1] };
		}
		if (o.url.endsWith('/cgi-bin/user/info/batchget')) {
			calls.batchget++;
			const list = ((o.body as IDataObject).user_list as IDataObject[]).map((u) => String(u.openid));
			batches.push(list);
			if (list.length > 100) return { errcode: 40032, errmsg: 'invalid openid list size' };
			if (list.some((id) => indexOf(id) < 0)) return { errcode: 40003, errmsg: 'invalid openid rid: 1' };
			return {
				user_info_list: list.map((openid) => {
					const i = indexOf(openid);
					if (i >= followers) return { subscribe: 0, openid, tagid_list: [] };
					return i % 2 === 0 ? { subscribe: 1, openid, unionid: un(i) } : { subscribe: 1, openid };
				}),
			};
		}
		if (o.url.endsWith('/sns/jscode2session')) {
			calls.jscode++;
			expect(o.qs).toMatchObject({ grant_type: 'authorization_code', appid: 'wxfakemp00000001', secret: 'mp-secret-0123456789abcdef' });
			const code = String(o.qs?.js_code);
			const m = /^code-(\d+)-x{8}$/.exec(code);
			if (!m) return { errcode: 40029, errmsg: 'invalid code, rid: 2' };
			if (usedCodes.has(code)) return { errcode: 40163, errmsg: 'code been used, rid: 3' };
			usedCodes.add(code);
			const i = Number(m[1]);
			const out: IDataObject = { openid: mp(i), session_key: `sessKey${i}Abc+/==` };
			if (i % 2 === 0) out.unionid = un(i);
			return out;
		}
		throw new Error(`unexpected ${o.url}`);
	};
	return { http, calls, batches };
}

function store() {
	const s = new CredentialStore();
	s.set('weChatOfficialAccountApi', { appId: 'wxfakeoa00000001', appSecret: 'oa-secret-0123456789abcdef', tokenSource: 'stable', baseUrl: 'http://wechat.test' });
	s.set('weChatMiniProgramApi', { appId: 'wxfakemp00000001', appSecret: 'mp-secret-0123456789abcdef', tokenSource: 'stable', baseUrl: 'http://wechat.test' });
	return s;
}

interface RunOptions {
	items: IDataObject[];
	params: Record<string, unknown>;
	/** Per-item parameter, read from the item's json (stands in for an expression like {{ $json.openid }}). */
	fromItem?: Record<string, string>;
	continueOnFail?: boolean;
	earlierNodes?: Record<string, IDataObject[]>;
	/** What n8n's getParentNodes answers: the names of the nodes before this one. */
	parentNodes?: string[];
}

async function run(wechat: ReturnType<typeof scripted>, o: RunOptions): Promise<INodeExecutionData[]> {
	const parameters = (name: string, itemIndex: number) => {
		if (o.fromItem && name in o.fromItem) return o.items[itemIndex][o.fromItem[name]] ?? '';
		return o.params[name];
	};
	const base = executeContext({ store: store(), items: o.items, parameters, http: wechat.http, continueOnFail: o.continueOnFail, retryDelaysMs: [1, 1, 1] }) as object;
	const ctx = {
		...base,
		getParentNodes: () => (o.parentNodes ?? Object.keys(o.earlierNodes ?? {})).map((name) => ({ name, type: 'n8n-nodes-base.noOp', typeVersion: 1 })),
		getWorkflowDataProxy: () => ({
			$: (name: string) => {
				const items = o.earlierNodes?.[name];
				if (!items) throw new Error(`Referenced node doesn't exist`);
				return { all: () => items.map((json) => ({ json })) };
			},
		}),
	} as unknown as IExecuteFunctions;
	const Action = ACTION_OF_RESOLVE_OPERATION[o.params.operation as keyof typeof ACTION_OF_RESOLVE_OPERATION];
	const [output] = await new Action().execute.call(ctx);
	return output;
}

describe('OpenID to UnionID', () => {
	const params = { operation: 'openIdToUnionId', options: {} };

	test('250 items: 3 calls of 100, 100 and 50; output in input order with the input fields kept', async () => {
		const wechat = scripted(1000);
		const items = Array.from({ length: 250 }, (_, i) => ({ openid: oa(i), crmId: `c${i}` }));
		const output = await run(wechat, { items, params, fromItem: { openId: 'openid' } });
		expect(wechat.batches.map((b) => b.length)).toEqual([100, 100, 50]);
		expect(output).toHaveLength(250);
		expect(output[0].json).toEqual({ openid: oa(0), crmId: 'c0', openId: oa(0), unionId: un(0), subscribed: true });
		expect(output[1].json).toEqual({ openid: oa(1), crmId: 'c1', openId: oa(1), unionId: null, subscribed: true, reason: NO_UNIONID_NOT_BOUND });
		expect(output.map((o) => (o.pairedItem as { item: number }).item)).toEqual(items.map((_, i) => i));
	});

	test('a user who does not follow (any more) gets unionId null with the reason', async () => {
		const wechat = scripted(10);
		const output = await run(wechat, { items: [{ openid: oa(11) }], params, fromItem: { openId: 'openid' } });
		expect(output[0].json).toMatchObject({ unionId: null, subscribed: false, reason: NO_UNIONID_NOT_FOLLOWING });
	});

	test('empty and malformed OpenIDs fail alone (Continue On Fail) and are never sent to WeChat', async () => {
		const wechat = scripted(100);
		const items = [{ openid: oa(0) }, { openid: '' }, { openid: 'o123' }, { openid: 'has spaces in it but is long enough' }, { openid: oa(2) }];
		const output = await run(wechat, { items, params, fromItem: { openId: 'openid' }, continueOnFail: true });
		expect(output.map((o) => o.json.unionId ?? o.json.error)).toEqual([
			un(0),
			'OpenID is empty (item 1)',
			'OpenID "o123" is not a WeChat OpenID (item 2)',
			'OpenID "has spaces in it but is long enough" is not a WeChat OpenID (item 3)',
			un(2),
		]);
		expect(output[1].json.description).toMatch(/Map the OpenID/);
		expect(wechat.batches).toEqual([[oa(0), oa(2)]]);
	});

	test('without Continue On Fail a malformed OpenID stops the node, naming the item', async () => {
		const wechat = scripted(100);
		await expect(
			run(wechat, { items: [{ openid: oa(0) }, { openid: 'bad' }], params, fromItem: { openId: 'openid' } }),
		).rejects.toMatchObject({ message: 'OpenID "bad" is not a WeChat OpenID (item 1)', context: { itemIndex: 1 } });
	});

	test('a foreign OpenID (e.g. from the Mini Program) fails only its item: the batch is split, 99 succeed', async () => {
		const wechat = scripted(1000);
		const items = Array.from({ length: 100 }, (_, i) => ({ openid: i === 37 ? mp(37) : oa(i) }));
		const output = await run(wechat, { items, params, fromItem: { openId: 'openid' }, continueOnFail: true });
		const failed = output.filter((o) => o.json.error);
		expect(failed).toHaveLength(1);
		expect(failed[0].pairedItem).toEqual({ item: 37 });
		expect(failed[0].json).toMatchObject({ errcode: 40003 });
		expect(String(failed[0].json.error)).toMatch(/OpenID is not valid for this account/);
		expect(String(failed[0].json.description)).toMatch(/Mini Program cannot be used with the Official Account/);
		expect(output.filter((o) => !o.json.error)).toHaveLength(99);
		// 1 failed batch + a binary search: about 2 x log2(100).
		expect(wechat.calls.batchget).toBeLessThanOrEqual(15);
		expect(wechat.batches.every((b) => b.length <= 100)).toBe(true);
	});

	test('duplicate OpenIDs in a batch are asked once and answered for every item', async () => {
		const wechat = scripted(100);
		const output = await run(wechat, { items: [{ openid: oa(4) }, { openid: oa(4) }], params, fromItem: { openId: 'openid' } });
		expect(wechat.batches).toEqual([[oa(4)]]);
		expect(output.map((o) => o.json.unionId)).toEqual([un(4), un(4)]);
	});

	test('more than 100 items never make a call of more than 100 (units of 100 items by design)', async () => {
		const wechat = scripted(1000);
		const items = Array.from({ length: 301 }, (_, i) => ({ openid: oa(i) }));
		await run(wechat, { items, params: { ...params, options: { concurrency: 4 } }, fromItem: { openId: 'openid' } });
		expect(wechat.batches.map((b) => b.length)).toEqual([100, 100, 100, 1]);
	});
});

describe('Login Code to OpenID', () => {
	const params = { operation: 'loginCodeToOpenId', includeSessionKey: false, options: {} };

	test('a code gives the Mini Program OpenID and UnionID; no session key unless asked', async () => {
		const wechat = scripted(0);
		const output = await run(wechat, { items: [{ code: 'code-4-xxxxxxxx' }, { code: 'code-5-xxxxxxxx' }], params, fromItem: { loginCode: 'code' } });
		expect(output[0].json).toEqual({ code: 'code-4-xxxxxxxx', openId: mp(4), unionId: un(4) });
		expect(output[1].json).toEqual({ code: 'code-5-xxxxxxxx', openId: mp(5), unionId: null, reason: NO_UNIONID_MP_NOT_BOUND });
	});

	test('Include Session Key outputs sessionKey, which is then redacted from any text', async () => {
		const wechat = scripted(0);
		const output = await run(wechat, { items: [{ code: 'code-6-xxxxxxxx' }], params: { ...params, includeSessionKey: true }, fromItem: { loginCode: 'code' } });
		expect(output[0].json.sessionKey).toBe('sessKey6Abc+/==');
		expect(redactText('log line sessKey6Abc+/== end')).toBe('log line *** end');
	});

	test('a repeated, an unknown and an empty code fail their item only, with what to do', async () => {
		const wechat = scripted(0);
		const items = [{ code: 'code-1-xxxxxxxx' }, { code: 'code-1-xxxxxxxx' }, { code: 'forged-code-123' }, { code: '  ' }, { code: 'code-2-xxxxxxxx' }];
		const output = await run(wechat, { items, params: { ...params, options: { concurrency: 5 } }, fromItem: { loginCode: 'code' }, continueOnFail: true });
		// Whatever the concurrency, the first item with a code gets the answer; a repeat is not sent.
		expect(output[0].json.openId).toBe(mp(1));
		expect(output[1].json).toMatchObject({ errcode: 40163, error: 'The login code of item 1 is the same as item 0\'s, and a code works once' });
		expect(String(output[1].json.description)).toMatch(/Call wx.login again/);
		expect(output[2].json).toMatchObject({ errcode: 40029, error: 'The login code is not valid (exchanging the Login Code of item 2)' });
		expect(String(output[2].json.description)).toMatch(/call wx.login again/);
		expect(output[3].json).toMatchObject({ error: 'Login Code is empty (item 3)' });
		expect(output[4].json.openId).toBe(mp(2));
		expect(wechat.calls.jscode).toBe(3);
		// The codes themselves never appear in an error.
		expect(JSON.stringify(output.filter((o) => o.json.error))).not.toMatch(/forged-code-123|code-1-x/);
	});

	test('a code used in an earlier execution gets WeChat\'s 40163 as a per-item error', async () => {
		const wechat = scripted(0);
		await run(wechat, { items: [{ code: 'code-7-xxxxxxxx' }], params, fromItem: { loginCode: 'code' } });
		const output = await run(wechat, {
			items: [{ code: 'code-7-xxxxxxxx' }, { code: 'code-8-xxxxxxxx' }],
			params,
			fromItem: { loginCode: 'code' },
			continueOnFail: true,
		});
		expect(output[0].json).toMatchObject({ errcode: 40163, error: 'The login code has already been used (exchanging the Login Code of item 0)' });
		expect(output[1].json.openId).toBe(mp(8));
	});
});

describe('UnionID to Official Account OpenID', () => {
	test('scan: stops once every UnionID is found, and reports the ones not found', async () => {
		const wechat = scripted(30_000);
		const items = [{ unionId: un(4) }, { unionId: un(150) }, { unionId: un(31_000) }, { unionId: '' }];
		// un(31000) is not a follower: the whole list is read (3 + 300 calls at most).
		const output = await run(wechat, {
			items,
			params: { operation: 'unionIdToOaOpenId', mappingSource: 'scan', options: {} },
			fromItem: { unionId: 'unionId' },
			continueOnFail: true,
		});
		expect(output[0].json).toEqual({ unionId: un(4), found: true, oaOpenId: oa(4) });
		expect(output[1].json).toEqual({ unionId: un(150), found: true, oaOpenId: oa(150) });
		expect(output[2].json).toMatchObject({ unionId: un(31_000), found: false, oaOpenId: null });
		expect(String(output[2].json.reason)).toMatch(/No follower of the Official Account has this UnionID \(30000 followers read\)/);
		expect(output[3].json.error).toBe('UnionID is empty (item 3)');
		expect(wechat.calls).toMatchObject({ userGet: 3, batchget: 300 });
	});

	test('scan: stops early, within Concurrency extra calls of the last match', async () => {
		const wechat = scripted(30_000);
		const output = await run(wechat, {
			items: [{ unionId: un(250) }, { unionId: un(10) }],
			params: { operation: 'unionIdToOaOpenId', mappingSource: 'scan', options: { concurrency: 2 } },
			fromItem: { unionId: 'unionId' },
		});
		expect(output.map((o) => o.json.oaOpenId)).toEqual([oa(250), oa(10)]);
		// un(250) is in the 3rd batch of 100: at most 3 + (concurrency - 1) batchget calls, and page 2 read ahead.
		expect(wechat.calls.batchget).toBeLessThanOrEqual(4);
		expect(wechat.calls.userGet).toBeLessThanOrEqual(2);
	});

	test('pairs from an earlier node (per-follower or group items): no call to WeChat', async () => {
		const wechat = scripted(0);
		const earlier = [
			{ openid: oa(1), unionid: un(1) },
			{ followers: [{ openid: oa(2), unionid: un(2) }, { openid: oa(3), unionid: null }], count: 2 },
		];
		const output = await run(wechat, {
			items: [{ unionId: un(2), name: 'Ann' }, { unionId: un(1) }, { unionId: un(9) }],
			params: { operation: 'unionIdToOaOpenId', mappingSource: 'node', pairsNode: 'WeChat Get Followers', pairsOpenIdField: 'openid', pairsUnionIdField: 'unionid' },
			fromItem: { unionId: 'unionId' },
			earlierNodes: { 'WeChat Get Followers': earlier },
		});
		expect(output.map((o) => o.json)).toEqual([
			{ unionId: un(2), name: 'Ann', found: true, oaOpenId: oa(2) },
			{ unionId: un(1), found: true, oaOpenId: oa(1) },
			{
				unionId: un(9),
				found: false,
				oaOpenId: null,
				reason: 'No item of node "WeChat Get Followers" has this UnionID in its "unionid" field (2 items checked)',
			},
		]);
		expect(wechat.calls).toEqual({ userGet: 0, batchget: 0, jscode: 0 });
	});

	test('a node name that does not exist is explained', async () => {
		const wechat = scripted(0);
		await expect(
			run(wechat, {
				items: [{ unionId: un(2) }],
				params: { operation: 'unionIdToOaOpenId', mappingSource: 'node', pairsNode: 'Nope' },
				fromItem: { unionId: 'unionId' },
				parentNodes: ['Get many followers', 'Schedule Trigger'],
			}),
		).rejects.toMatchObject({
			message: 'Node Name: no earlier node is called "Nope"',
			description: 'Earlier nodes of this workflow: "Get many followers", "Schedule Trigger". Type one of them as shown on the canvas (or drag its name in).',
		});
	});
});
