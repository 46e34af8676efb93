/**
 * Resolve UnionID against the WeChat simulator over real HTTP: UnionID reasons, a login code works once,
 * a Mini Program OpenID given to the Official Account fails alone, and the join of Mini Program users to
 * Official Account OpenIDs with the minimal call count.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { ACTION_OF_RESOLVE_OPERATION } from '../../../helpers/appNodes';
import { NO_UNIONID_MP_NOT_BOUND } from '../../../../nodes/WeChatMiniProgram/actions/login/exchangeCode.operation';
import { NO_UNIONID_NOT_BOUND, NO_UNIONID_NOT_FOLLOWING } from '../../../../nodes/WeChatOfficialAccount/actions/user/getUnionId.operation';
import { CredentialStore, executeContext, simulatorStore } from '../../../helpers/n8nContext';
import { useSimulator } from '../../../helpers/simulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEFAULT_APPS } = require('../../../../tools/simulator');

const sim = useSimulator();
let store: CredentialStore;
beforeEach(() => {
	store = simulatorStore(sim, { oa: DEFAULT_APPS.oa, mp: DEFAULT_APPS.mp });
});

/** Runs the node; `fromItem` maps a parameter to a field of each item (what {{ $json.field }} does). */
async function resolve(
	items: IDataObject[],
	params: Record<string, unknown>,
	fromItem: Record<string, string>,
	continueOnFail = false,
): Promise<INodeExecutionData[]> {
	const parameters = (name: string, itemIndex: number) =>
		name in fromItem ? items[itemIndex][fromItem[name]] : ({ options: {}, ...params } as Record<string, unknown>)[name];
	const ctx = executeContext({ store, items, parameters, continueOnFail }) as IExecuteFunctions;
	const Action = ACTION_OF_RESOLVE_OPERATION[params.operation as keyof typeof ACTION_OF_RESOLVE_OPERATION];
	const [output] = await new Action().execute.call(ctx);
	return output;
}

const paths = () => {
	const calls = { ...sim.calls };
	delete calls['/cgi-bin/stable_token'];
	return calls;
};

test('OpenID to UnionID: 250 followers in 3 calls; no UnionID and non-followers say why', async () => {
	sim.seedFollowers(240, { unionIdEvery: 2 });
	const items = Array.from({ length: 250 }, (_, i) => ({ openid: sim.person(i).oaOpenId }));
	const output = await resolve(items, { operation: 'openIdToUnionId' }, { openId: 'openid' });
	expect(paths()).toEqual({ '/cgi-bin/user/info/batchget': 3 });
	expect(output[0].json).toMatchObject({ openId: sim.person(0).oaOpenId, unionId: sim.person(0).unionId, subscribed: true });
	expect(output[0].json).not.toHaveProperty('reason');
	expect(output[1].json).toMatchObject({ unionId: null, subscribed: true, reason: NO_UNIONID_NOT_BOUND });
	// Person 245 exists but does not follow.
	expect(output[245].json).toMatchObject({ unionId: null, subscribed: false, reason: NO_UNIONID_NOT_FOLLOWING });
});

test('OpenID to UnionID: a Mini Program OpenID and malformed ones fail alone; the rest of the batch succeeds', async () => {
	sim.seedFollowers(1_000, { unionIdEvery: 1 });
	const items: IDataObject[] = Array.from({ length: 100 }, (_, i) => ({ openid: sim.person(i).oaOpenId }));
	items[10] = { openid: sim.person(10).mpOpenId };
	items[20] = { openid: '' };
	items[30] = { openid: 'oOA-too-short' };
	const output = await resolve(items, { operation: 'openIdToUnionId' }, { openId: 'openid' }, true);
	const errors = output.filter((o) => o.json.error).map((o) => [(o.pairedItem as { item: number }).item, o.json.errcode ?? o.json.error]);
	expect(errors).toEqual([
		[10, 40003],
		[20, 'OpenID is empty (item 20)'],
		[30, 'OpenID "oOA-too-short" is not a WeChat OpenID (item 30)'],
	]);
	expect(output.filter((o) => typeof o.json.unionId === 'string')).toHaveLength(97);
	const batchCalls = sim.calls['/cgi-bin/user/info/batchget'];
	expect(batchCalls).toBeLessThanOrEqual(15);
	process.stdout.write(`one foreign OpenID in a batch of 97: ${batchCalls} batchget calls\n`);
});

test('Login Code to OpenID: a code works once; a second use is a clear per-item error, the other items succeed', async () => {
	sim.seedFollowers(10, { unionIdEvery: 2 });
	const code2 = sim.issueLoginCode(2);
	const code3 = sim.issueLoginCode(3);
	const first = await resolve([{ code: code2 }], { operation: 'loginCodeToOpenId' }, { loginCode: 'code' });
	expect(first[0].json).toMatchObject({ openId: sim.person(2).mpOpenId, unionId: sim.person(2).unionId });
	expect(first[0].json).not.toHaveProperty('sessionKey');

	// Next execution: code2 again (WeChat: 40163), code3 (fine), code3 repeated in the run, a forged code (40029).
	const items = [{ code: code2 }, { code: code3 }, { code: code3 }, { code: 'never-issued-code' }];
	const output = await resolve(items, { operation: 'loginCodeToOpenId', includeSessionKey: false }, { loginCode: 'code' }, true);
	expect(output[0].json).toMatchObject({ errcode: 40163, error: 'The login code has already been used (exchanging the Login Code of item 0)' });
	expect(String(output[0].json.errmsg)).toMatch(/code been used/);
	expect(output[1].json).toMatchObject({ openId: sim.person(3).mpOpenId, unionId: null, reason: NO_UNIONID_MP_NOT_BOUND });
	expect(output[2].json).toMatchObject({ errcode: 40163, error: 'The login code of item 2 is the same as item 1\'s, and a code works once' });
	expect(output[3].json).toMatchObject({ errcode: 40029, error: 'The login code is not valid (exchanging the Login Code of item 3)' });
	expect(sim.calls['/sns/jscode2session']).toBe(4);
	expect(JSON.stringify(output)).not.toContain(DEFAULT_APPS.mp.secret);
	// Codes are one-time secrets: errors never repeat them.
	const errors = JSON.stringify(output.filter((o) => o.json.error));
	expect(errors).not.toContain(code2);
	expect(errors).not.toContain(code3);
});

test('Login Code to OpenID with Include Session Key, without Continue On Fail a used code stops the node', async () => {
	const code = sim.issueLoginCode(4);
	const [first] = await resolve([{ code }], { operation: 'loginCodeToOpenId', includeSessionKey: true }, { loginCode: 'code' });
	expect(first.json.sessionKey).toEqual(expect.any(String));
	await expect(resolve([{ code }], { operation: 'loginCodeToOpenId' }, { loginCode: 'code' })).rejects.toMatchObject({
		message: expect.stringMatching(/already been used/),
		context: { itemIndex: 0, errcode: 40163 },
	});
});

test('join: Mini Program users (login codes) to Official Account OpenIDs by scanning followers', async () => {
	sim.seedFollowers(25_000, { unionIdEvery: 1 });
	const people = [17, 4_321, 12_345];
	const codes = people.map((i) => ({ userId: `u${i}`, code: sim.issueLoginCode(i) }));
	// Mini Program login -> unionId
	const mpUsers = await resolve(codes, { operation: 'loginCodeToOpenId' }, { loginCode: 'code' });
	// plus one person who never followed the OA (index beyond the followers)
	const stranger = sim.issueLoginCode(30_000);
	const [strangerUser] = await resolve([{ userId: 'stranger', code: stranger }], { operation: 'loginCodeToOpenId' }, { loginCode: 'code' });
	sim.reset();
	const input = [...mpUsers, strangerUser].map((o) => o.json);
	const started = Date.now();
	const output = await resolve(input, { operation: 'unionIdToOaOpenId', mappingSource: 'scan' }, { unionId: 'unionId' });
	const ms = Date.now() - started;
	expect(output.map((o) => o.json.oaOpenId)).toEqual([...people.map((i) => sim.person(i).oaOpenId), null]);
	expect(output[0].json).toMatchObject({ userId: 'u17', openId: sim.person(17).mpOpenId, found: true });
	expect(output[3].json).toMatchObject({ userId: 'stranger', found: false });
	expect(String(output[3].json.reason)).toMatch(/No follower of the Official Account has this UnionID \(25000 followers read\)/);
	// The stranger is never found: the whole list is read, with the minimal count.
	expect(paths()).toEqual({ '/cgi-bin/user/get': 3, '/cgi-bin/user/info/batchget': 250 });
	process.stdout.write(`join over 25,000 followers (full scan): ${ms} ms\n`);
});

test('join: the scan stops once every UnionID is found', async () => {
	sim.seedFollowers(25_000, { unionIdEvery: 1 });
	const input = [{ unionId: sim.person(150).unionId }, { unionId: sim.person(42).unionId }];
	const output = await resolve(input, { operation: 'unionIdToOaOpenId', mappingSource: 'scan', options: { concurrency: 1 } }, { unionId: 'unionId' });
	expect(output.map((o) => o.json.oaOpenId)).toEqual([sim.person(150).oaOpenId, sim.person(42).oaOpenId]);
	// Person 150 is in the 2nd batch of 100; with concurrency 1 nothing else is asked, except page 2 read ahead.
	expect(sim.calls['/cgi-bin/user/info/batchget']).toBe(2);
	expect(sim.calls['/cgi-bin/user/get']).toBeLessThanOrEqual(2);
});
