'use strict';
/**
 * The send nodes in a real n8n 2.41.1 against the WeChat simulator, one n8n instance for the file:
 *  (a) Manual -> Code (1,000 users) -> Send Subscribe Message, with every token invalidated mid-batch:
 *      per-outcome counts (sent / refused / invalidOpenid) checked against the simulator's own quota and
 *      delivery records, each delivered exactly once;
 *  (b) examples/crm-template-message.json, activated, POSTed by a "CRM" with axios: followers get the
 *      message, non-followers come back notFollowing, CRM retries and a connection dropped after WeChat
 *      accepted are deduplicated by client_msg_id (one delivery each);
 *  (c) a node of version 1.1 (Map Template Keywords, its default) mapping the keywords automatically from
 *      item fields of the same name: outcome first, the customer's fields kept, WeChat gets the keywords only.
 * Needs `npm run build` first.
 */
const axios = require('axios');
const { N8nInstance } = require('../../tools/n8n');
const { startSimulator, DEFAULT_APPS } = require('../../tools/simulator');
const { apiCredentialData } = require('../../tools/workflows');
const { crmExample } = require('../helpers/e2e');

const OA_CREDENTIAL = { id: 'wechatOaExample', name: 'WeChat Official Account' };
const MP_CREDENTIAL = { id: 'wechatMpSendE2e1', name: 'WeChat Mini Program' };
/** (c) has its own Official Account credential: its token fetch is not (b)'s. */
const OA_MAPPED_CREDENTIAL = { id: 'wechatOaMappedE2e', name: 'WeChat Official Account (mapped)' };
const FOLLOWERS = 40;
const USERS = 1_000;

let sim;
const n8n = new N8nInstance({ queue: false });

const credentialData = (app) => apiCredentialData(app, sim.url);

/** The example as shipped, pointed at the simulator's payment template. */
const crmWorkflowFromExample = () => crmExample('crm-template-message.json');

/** Users 0..949 by their Mini Program OpenID; 950..999 by their Official Account OpenID (a common mistake). */
const userOpenId = (i) => (i < 950 ? sim.person(i).mpOpenId : sim.person(i).oaOpenId);
/** Users who accepted the subscription in the Mini Program (wx.requestSubscribeMessage). */
const hasSubscription = (i) => i < 950 && i % 5 !== 0;

function subscribeWorkflow() {
	const openids = Array.from({ length: USERS }, (_, i) => userOpenId(i));
	return {
		id: 'wechatSubscribeE2e',
		name: 'e2e: 1,000 subscribe messages',
		nodes: [
			{ id: 's1', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 's2',
				name: 'Users',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: {
					mode: 'runOnceForAllItems',
					jsCode: `const openids = ${JSON.stringify(openids)};\nreturn openids.map((openid, i) => ({ json: { openid, item: '咖啡豆 ' + i, qty: String((i % 9) + 1), orderedAt: '2024年5月1日 10:00' } }));`,
				},
			},
			{
				id: 's3',
				name: 'WeChat Send Subscribe Message',
				type: 'n8n-nodes-wechat-platform.weChatMiniProgram',
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					resource: 'subscribeMessage',
					operation: 'send',
					touser: '={{ $json.openid }}',
					template: { __rl: true, mode: 'list', value: 'SUB_ORDER', cachedResultName: '订单状态通知' },
					dataMode: 'keyValue',
					data: {
						values: [
							{ key: 'thing1', value: '={{ $json.item }}' },
							{ key: 'number2', value: '={{ $json.qty }}' },
							{ key: 'amount3', value: '¥128.00' },
							{ key: 'time4', value: '={{ $json.orderedAt }}' },
							{ key: 'phrase5', value: '已发货' },
						],
					},
					page: 'pages/order/detail',
					miniprogramState: 'formal',
					lang: 'zh_CN',
					options: {},
				},
				credentials: { weChatMiniProgramApi: MP_CREDENTIAL },
			},
		],
		connections: {
			Manual: { main: [[{ node: 'Users', type: 'main', index: 0 }]] },
			Users: { main: [[{ node: 'WeChat Send Subscribe Message', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** Four customers (0..2 follow, 41 does not) whose fields are named like the template's keywords. */
const MAPPED_PEOPLE = [0, 1, 2, 41];
const mappedCustomer = (i) => ({
	openid: sim.person(i).oaOpenId,
	name: `Customer ${i}`,
	thing1: `Coffee beans ${i}`,
	amount2: `¥${100 + i}.00`,
	time3: '2024-05-01 10:00',
	character_string4: `SO-${30000 + i}`,
	note: 'not a keyword: ignored',
});

/** Manual -> Code -> Send a template message (node 1.1), keywords mapped automatically: no expression. */
function mappedWorkflow() {
	const field = (id) => ({ id, displayName: id, required: true, defaultMatch: false, canBeUsedToMatch: false, display: true, type: 'string' });
	const hiddenTitle = { id: '_template', displayName: 'Payment received', required: false, defaultMatch: false, display: false, type: 'string' };
	return {
		id: 'wechatMappedE2e',
		name: 'e2e: template keywords mapped automatically',
		nodes: [
			{ id: 'm1', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'm2',
				name: 'Customers',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: { mode: 'runOnceForAllItems', jsCode: `return ${JSON.stringify(MAPPED_PEOPLE.map(mappedCustomer))}.map((json) => ({ json }));` },
			},
			{
				id: 'm3',
				name: 'Send a template message',
				type: 'n8n-nodes-wechat-platform.weChatOfficialAccount',
				typeVersion: 1.1,
				position: [440, 0],
				parameters: {
					resource: 'templateMessage',
					operation: 'send',
					touser: '={{ $json.openid }}',
					template: { __rl: true, mode: 'list', value: 'TPL_PAYMENT', cachedResultName: 'Payment received' },
					keywords: {
						mappingMode: 'autoMapInputData',
						value: null,
						matchingColumns: [],
						schema: [...['thing1', 'amount2', 'time3', 'character_string4'].map(field), hiddenTitle],
						attemptToConvertTypes: false,
						convertFieldsToString: false,
					},
					options: {},
				},
				credentials: { weChatOfficialAccountApi: OA_MAPPED_CREDENTIAL },
			},
		],
		connections: {
			Manual: { main: [[{ node: 'Customers', type: 'main', index: 0 }]] },
			Customers: { main: [[{ node: 'Send a template message', type: 'main', index: 0 }]] },
		},
		settings: {},
	};
}

const countBy = (list, key) => list.reduce((acc, x) => ({ ...acc, [x[key]]: (acc[x[key]] || 0) + 1 }), {});

beforeAll(async () => {
	sim = await startSimulator({ port: 0 });
	sim.seedFollowers(FOLLOWERS);
	await n8n.prepare();
	await n8n.importCredentials([
		{ ...OA_CREDENTIAL, type: 'weChatOfficialAccountApi', data: credentialData(DEFAULT_APPS.oa) },
		{ ...MP_CREDENTIAL, type: 'weChatMiniProgramApi', data: credentialData(DEFAULT_APPS.mp) },
		{ ...OA_MAPPED_CREDENTIAL, type: 'weChatOfficialAccountApi', data: credentialData(DEFAULT_APPS.oa) },
	]);
	const crm = crmWorkflowFromExample();
	await n8n.importWorkflows([crm, subscribeWorkflow(), mappedWorkflow()]);
	await n8n.activate(crm.id);
}, 35 * 60_000);

afterAll(async () => {
	await n8n.stop();
	if (sim) await sim.stop();
}, 60_000);

test('(a) Manual -> 1,000 subscribe messages: outcomes match the simulator\'s records, each delivered once despite a mid-batch token invalidation', async () => {
	sim.reset();
	for (let i = 0; i < USERS; i++) if (hasSubscription(i)) sim.grantSubscription(userOpenId(i), 'SUB_ORDER', 1);
	sim.fault({ type: 'invalidateTokens', path: '/cgi-bin/message/subscribe/send', after: 400, times: 1 });

	const started = Date.now();
	const result = await n8n.execute('wechatSubscribeE2e');
	const wallMs = Date.now() - started;
	const out = n8n.outputOf(result, 'WeChat Send Subscribe Message');

	expect(out).toHaveLength(USERS);
	out.forEach((o, i) => expect(o.touser).toBe(userOpenId(i)));
	const expected = { sent: 0, refused: 0, invalidOpenid: 0 };
	for (let i = 0; i < USERS; i++) expected[i >= 950 ? 'invalidOpenid' : hasSubscription(i) ? 'sent' : 'refused']++;
	expect(countBy(out, 'outcome')).toEqual(expected);
	expect(expected).toEqual({ sent: 760, refused: 190, invalidOpenid: 50 });

	// The simulator's own records: exactly the users we report as sent got one message each, and no quota is left.
	const delivered = sim.subscribeDeliveries.map((d) => d.touser);
	expect(delivered).toHaveLength(expected.sent);
	expect(new Set(delivered)).toEqual(new Set(out.filter((o) => o.outcome === 'sent').map((o) => o.touser)));
	for (let i = 0; i < 950; i++) expect(sim.subscriptionQuota(userOpenId(i), 'SUB_ORDER')).toBe(0);
	expect(sim.subscribeDeliveries[0]).toMatchObject({
		template_id: 'SUB_ORDER',
		page: 'pages/order/detail',
		miniprogram_state: 'formal',
		lang: 'zh_CN',
		data: { thing1: { value: '咖啡豆 1' }, number2: { value: '2' }, amount3: { value: '¥128.00' }, time4: { value: '2024年5月1日 10:00' }, phrase5: { value: '已发货' } },
	});
	expect(out.find((o) => o.outcome === 'refused')).toMatchObject({ errcode: 43101, msgid: null });
	expect(out.find((o) => o.outcome === 'refused').reason).toMatch(/has not accepted this subscribe message.*43101/);

	// One send per user, plus the sends in flight when the tokens died (40001 is answered before WeChat
	// acts, so their retry is not a second message); one token fetch, plus one after the invalidation.
	const sendCalls = sim.calls['/cgi-bin/message/subscribe/send'];
	expect(sendCalls).toBeGreaterThan(USERS);
	expect(sendCalls).toBeLessThanOrEqual(USERS + 20);
	expect(sim.calls['/wxaapi/newtmpl/gettemplate']).toBe(1);
	expect(sim.tokenFetches()).toBe(2);

	const nodeMs = result.data.resultData.runData['WeChat Send Subscribe Message'][0].executionTime;
	process.stdout.write(
		`real n8n: 1,000 subscribe messages: node ${nodeMs} ms, whole \`n8n execute\` ${wallMs} ms, ${sim.tokenFetches()} token fetches (1 + 1 after invalidation), ${sendCalls} send calls\n`,
	);
}, 300_000);

test('(c) Send a template message (node 1.1, Map Template Keywords by default) maps the keywords automatically from item fields: outcome first, the customer kept', async () => {
	sim.reset();
	const result = await n8n.execute('wechatMappedE2e');
	const out = n8n.outputOf(result, 'Send a template message');
	expect(out.map((o) => [o.name, o.outcome])).toEqual(MAPPED_PEOPLE.map((i) => [`Customer ${i}`, i === 41 ? 'notFollowing' : 'sent']));
	for (const o of out) expect(Object.keys(o).slice(0, 2)).toEqual(['outcome', 'reason']);
	expect(out[3]).toMatchObject({ outcome: 'notFollowing', errcode: 43004, touser: sim.person(41).oaOpenId, character_string4: 'SO-30041' });
	// What WeChat got: exactly the keywords, from the fields of the same name (no colour, no other field).
	expect(sim.templateDeliveries.map((d) => [d.touser, d.data])).toEqual(
		[0, 1, 2].map((i) => {
			const c = mappedCustomer(i);
			return [c.openid, { thing1: { value: c.thing1 }, amount2: { value: c.amount2 }, time3: { value: c.time3 }, character_string4: { value: c.character_string4 } }];
		}),
	);
}, 120_000);

test('(b) CRM webhook -> Send Template Message (the example, activated): followers sent, others notFollowing, retries deduplicated', async () => {
	sim.reset();
	await n8n.start();
	const tokensBefore = sim.tokenFetches();
	const url = n8n.webhookUrl('crm-order-paid');
	const order = (i, openid = sim.person(i).oaOpenId) => ({
		openid,
		orderNo: `SO-${20000 + i}`,
		item: `Coffee beans ${i}`,
		amount: `¥${100 + i}.00`,
		paidAt: '2024-05-01 10:00',
	});
	const post = async (body) => (await axios.post(url, body, { timeout: 60_000 })).data;

	// 30 CRM events, 10 at a time: 0..29 follow, 40..44 do not, 45..49 carry a Mini Program OpenID.
	const people = [...Array.from({ length: 30 }, (_, i) => i), 40, 41, 42, 43, 44];
	const bodies = [...people.map((i) => order(i)), ...[45, 46, 47, 48, 49].map((i) => order(i, sim.person(i).mpOpenId))];
	const started = Date.now();
	const answers = [];
	for (let k = 0; k < bodies.length; k += 10) answers.push(...(await Promise.all(bodies.slice(k, k + 10).map(post))));
	const perRequestMs = (Date.now() - started) / bodies.length;

	expect(countBy(answers, 'outcome')).toEqual({ sent: 30, notFollowing: 5, invalidOpenid: 5 });
	answers.forEach((a, k) => expect(a.touser).toBe(bodies[k].openid));
	expect(answers[30]).toMatchObject({ outcome: 'notFollowing', errcode: 43004, msgid: null });
	expect(answers[30].reason).toMatch(/does not follow the Official Account.*43004: require subscribe/);
	expect(answers[35]).toMatchObject({ outcome: 'invalidOpenid', errcode: 40003 });

	// The simulator agrees: one delivery per follower, with the msgid the CRM got back.
	expect(sim.templateDeliveries).toHaveLength(30);
	const byUser = new Map(sim.templateDeliveries.map((d) => [d.touser, d]));
	for (const a of answers.filter((x) => x.outcome === 'sent')) {
		expect(byUser.get(a.touser)).toMatchObject({ msgid: a.msgid, client_msg_id: a.clientMsgId, template_id: 'TPL_PAYMENT' });
	}
	expect(byUser.get(sim.person(7).oaOpenId)).toMatchObject({
		url: 'https://shop.example.com/orders/SO-20007',
		data: { thing1: { value: 'Coffee beans 7' }, amount2: { value: '¥107.00', color: '#173177' }, time3: { value: '2024-05-01 10:00' }, character_string4: { value: 'SO-20007' } },
	});

	// The CRM retries five events (same content): same msgid, nothing delivered twice.
	const retries = await Promise.all([0, 1, 2, 3, 4].map((i) => post(order(i))));
	retries.forEach((r, i) => expect(r).toMatchObject({ outcome: 'sent', msgid: answers[i].msgid, clientMsgId: answers[i].clientMsgId }));
	expect(sim.templateDeliveries).toHaveLength(30);

	// WeChat accepts a message but the connection drops before n8n hears it: the retry is deduplicated.
	sim.fault({ type: 'drop', when: 'after', path: '/cgi-bin/message/template/send', times: 1 });
	const dropped = await post(order(35));
	expect(dropped.outcome).toBe('sent');
	expect(sim.templateDeliveries.filter((d) => d.touser === sim.person(35).oaOpenId)).toHaveLength(1);
	expect(sim.templateDeliveries).toHaveLength(31);

	const executions = await n8n.waitForExecutions({ workflowId: 'wechatCrmTemplateMessage', count: bodies.length + 6 });
	expect(executions.every((e) => e.status === 'success')).toBe(true);
	expect(sim.tokenFetches() - tokensBefore).toBe(1);
	process.stdout.write(
		`real n8n: CRM webhook -> template message: ${bodies.length} events 10 at a time, ${perRequestMs.toFixed(0)} ms per event on average; ${sim.tokenFetches() - tokensBefore} token fetch for ${bodies.length + 6} executions\n`,
	);
}, 300_000);
