'use strict';
/**
 * Get Followers and Resolve UnionID in a real n8n 2.41.1 against the WeChat simulator:
 *  (a) examples/follower-sync.json (its Schedule Trigger swapped for a Manual Trigger) syncs 25,000 followers
 *      with UnionID in exactly ceil(N/10000) + ceil(N/100) = 253 calls;
 *  (b) a resolve workflow joins Mini Program users (wx.login codes) to Official Account OpenIDs, by scanning
 *      followers and from the pairs of an earlier Get Followers node.
 * Needs `npm run build` first. One n8n instance for the file.
 */
const { N8nInstance } = require('../../tools/n8n');
const { startSimulator, DEFAULT_APPS } = require('../../tools/simulator');
const { node, chain, apiCredentialData, example, withManualTrigger } = require('../../tools/workflows');
const { apiCallsSince: callsSince } = require('../helpers/e2e');

const FOLLOWERS = 25_000;
const OA_CREDENTIAL = { id: 'wechatOaExample', name: 'WeChat Official Account' };
const MP_CREDENTIAL = { id: 'wechatMpE2e00001', name: 'WeChat Mini Program' };

let sim;
const n8n = new N8nInstance({ queue: false });

const credentialData = (app) => apiCredentialData(app, sim.url);

/** The example as shipped, with its Schedule Trigger replaced by a Manual Trigger of the same name. */
const syncWorkflowFromExample = () => withManualTrigger(example('follower-sync.json'));


/** Manual -> Get Followers (first 300) -> MP logins -> Login Code -> UnionID (scan) -> UnionID (pairs). */
function resolveWorkflow(logins) {
	const oa = { weChatOfficialAccountApi: OA_CREDENTIAL };
	return {
		id: 'wechatResolveE2e',
		name: 'e2e: join Mini Program users to Official Account OpenIDs',
		nodes: [
			node('Manual', 'n8n-nodes-base.manualTrigger', 0, {}),
			node(
				'WeChat Get Followers',
				'n8n-nodes-wechat-platform.weChatOfficialAccount',
				200,
				{ resource: 'follower', operation: 'getAll', returnAll: false, limit: 300, includeUserInfo: true, outputMode: 'follower', options: {} },
				{ credentials: oa },
			),
			node('Mini Program Logins', 'n8n-nodes-base.code', 400, {
				mode: 'runOnceForAllItems',
				jsCode: `return ${JSON.stringify(logins)}.map((json) => ({ json }));`,
			}),
			node(
				'Login Code',
				'n8n-nodes-wechat-platform.weChatMiniProgram',
				600,
				{ resource: 'login', operation: 'exchangeCode', loginCode: '={{ $json.code }}', includeSessionKey: false, options: {} },
				{ credentials: { weChatMiniProgramApi: MP_CREDENTIAL }, onError: 'continueRegularOutput' },
			),
			node(
				'Scan Followers',
				'n8n-nodes-wechat-platform.weChatOfficialAccount',
				800,
				{ resource: 'user', operation: 'findByUnionId', unionId: '={{ $json.unionId }}', mappingSource: 'scan', options: {} },
				{ credentials: oa, onError: 'continueRegularOutput' },
			),
			node(
				'From Get Followers',
				'n8n-nodes-wechat-platform.weChatOfficialAccount',
				1000,
				{
					resource: 'user',
					operation: 'findByUnionId',
					unionId: '={{ $json.unionId }}',
					mappingSource: 'node',
					pairsNode: 'WeChat Get Followers',
					pairsOpenIdField: 'openid',
					pairsUnionIdField: 'unionid',
				},
				{ onError: 'continueRegularOutput' },
			),
		],
		connections: chain('Manual', 'WeChat Get Followers', 'Mini Program Logins', 'Login Code', 'Scan Followers', 'From Get Followers'),
		settings: { executionOrder: 'v1' },
	};
}

/** WeChat API calls (token endpoints aside) made since the `before` snapshot of sim.calls. */
const apiCallsSince = (before) => callsSince(sim, before);

beforeAll(async () => {
	sim = await startSimulator({ port: 0 });
	sim.seedFollowers(FOLLOWERS, { unionIdEvery: 1 });
	await n8n.prepare();
	await n8n.importCredentials([
		{ ...OA_CREDENTIAL, type: 'weChatOfficialAccountApi', data: credentialData(DEFAULT_APPS.oa) },
		{ ...MP_CREDENTIAL, type: 'weChatMiniProgramApi', data: credentialData(DEFAULT_APPS.mp) },
	]);
}, 35 * 60_000);

afterAll(async () => {
	await n8n.stop();
	if (sim) await sim.stop();
}, 60_000);

test('(a) the follower-sync example syncs 25,000 followers with UnionID in exactly 3 + 250 calls', async () => {
	const workflow = syncWorkflowFromExample();
	await n8n.importWorkflows([workflow]);
	const before = { ...sim.calls };
	const tokensBefore = sim.tokenFetches();
	const started = Date.now();
	const result = await n8n.execute(workflow.id);
	const ms = Date.now() - started;

	expect(apiCallsSince(before)).toEqual({
		'/cgi-bin/user/get': Math.ceil(FOLLOWERS / 10_000),
		'/cgi-bin/user/info/batchget': Math.ceil(FOLLOWERS / 100),
	});
	expect(sim.tokenFetches() - tokensBefore).toBe(1);
	const groups = n8n.outputOf(result, 'WeChat Get Followers');
	expect(groups).toHaveLength(25);
	expect(groups[0].followers[0]).toMatchObject({ openid: sim.person(0).oaOpenId, unionid: sim.person(0).unionId, subscribe: 1 });
	expect(groups[24].followers[999]).toMatchObject({ openid: sim.person(24_999).oaOpenId, unionid: sim.person(24_999).unionId });
	expect(n8n.outputOf(result, 'Save Followers')).toEqual([
		{ followers: FOLLOWERS, distinctOpenIds: FOLLOWERS, withUnionId: FOLLOWERS, groups: 25, nextOpenId: '', hasMore: false },
	]);
	const nodeMs = result.data.resultData.runData['WeChat Get Followers'][0].executionTime;
	process.stdout.write(`real n8n: 25,000-follower sync: node ${nodeMs} ms, whole \`n8n execute\` ${ms} ms, 253 calls\n`);
}, 300_000);

test('(b) Mini Program users are joined to Official Account OpenIDs (scan and earlier-node pairs)', async () => {
	// 5 and 299 are among Get Followers' first 300; 4,000 follows but is beyond them; 30,000 never followed.
	const people = [5, 299, 4_000, 30_000];
	const logins = people.map((i) => ({ userId: `user-${i}`, code: sim.issueLoginCode(i) }));
	logins.push({ userId: 'user-replay', code: logins[0].code });
	const workflow = resolveWorkflow(logins);
	await n8n.importWorkflows([workflow]);
	const before = { ...sim.calls };
	const result = await n8n.execute(workflow.id);
	const calls = apiCallsSince(before);

	const loginOut = n8n.outputOf(result, 'Login Code');
	expect(loginOut.slice(0, 4).map((o) => o.openId)).toEqual(people.map((i) => sim.person(i).mpOpenId));
	expect(loginOut.slice(0, 4).map((o) => o.unionId)).toEqual(people.map((i) => sim.person(i).unionId));
	// The replayed code is a per-item error; the other items went on.
	expect(loginOut[4]).toMatchObject({ errcode: 40163, error: "The login code of item 4 is the same as item 0's, and a code works once" });

	const scan = n8n.outputOf(result, 'Scan Followers');
	expect(scan.slice(0, 4).map((o) => [o.userId, o.found, o.oaOpenId])).toEqual([
		['user-5', true, sim.person(5).oaOpenId],
		['user-299', true, sim.person(299).oaOpenId],
		['user-4000', true, sim.person(4_000).oaOpenId],
		['user-30000', false, null],
	]);
	expect(scan[3].reason).toMatch(/No follower of the Official Account has this UnionID \(25000 followers read\)/);

	const pairs = n8n.outputOf(result, 'From Get Followers');
	expect(pairs.slice(0, 4).map((o) => o.found)).toEqual([true, true, false, false]);
	expect(pairs[0].oaOpenId).toBe(sim.person(5).oaOpenId);
	expect(pairs[2].reason).toMatch(/No item of node "WeChat Get Followers" has this UnionID/);

	// Get Followers: 1 + 3; the scan (30,000 is never found, so it reads everything): 3 + 250; 4 code exchanges
	// (the repeated code is not sent).
	expect(calls).toEqual({
		'/cgi-bin/user/get': 1 + 3,
		'/cgi-bin/user/info/batchget': 3 + 250,
		'/sns/jscode2session': 4,
	});
}, 300_000);
