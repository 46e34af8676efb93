'use strict';
/**
 * examples/crm-template-message-mini-program.json in a real n8n (2.41.1 or 1.123.81, per jest project) against
 * the WeChat simulator, one n8n instance for the file: a CRM posts events about Mini Program users by UnionID;
 * the workflow finds their Official Account OpenID among the followers (Resolve UnionID, scan), then either
 * sends the template message or answers {outcome: 'notReachable', reason}. A repeated event is deduplicated
 * by client_msg_id (one delivery). Needs `npm run build` first.
 */
const axios = require('axios');
const { N8nInstance } = require('../../tools/n8n');
const { startSimulator, DEFAULT_APPS } = require('../../tools/simulator');
const { apiCredentialData } = require('../../tools/workflows');
const { apiCallsSince: callsSince, crmExample } = require('../helpers/e2e');

const OA_CREDENTIAL = { id: 'wechatOaExample', name: 'WeChat Official Account' };
const FOLLOWERS = 300;
const WORKFLOW_ID = 'wechatCrmTemplateMessageMp';

let sim;
const n8n = new N8nInstance({ queue: false });

const credentialData = (app) => apiCredentialData(app, sim.url);

/** The example as shipped, pointed at the simulator's payment template. */
const workflowFromExample = () => crmExample('crm-template-message-mini-program.json');

/** WeChat API calls (token endpoints aside) made since the `before` snapshot of sim.calls. */
const apiCallsSince = (before) => callsSince(sim, before);

beforeAll(async () => {
	sim = await startSimulator({ port: 0 });
	// Persons 0..299 follow the Official Account; the even ones are bound to the Open Platform (have a UnionID).
	sim.seedFollowers(FOLLOWERS, { unionIdEvery: 2 });
	await n8n.prepare();
	await n8n.importCredentials([{ ...OA_CREDENTIAL, type: 'weChatOfficialAccountApi', data: credentialData(DEFAULT_APPS.oa) }]);
	const workflow = workflowFromExample();
	await n8n.importWorkflows([workflow]);
	await n8n.activate(workflow.id);
}, 35 * 60_000);

afterAll(async () => {
	await n8n.stop();
	if (sim) await sim.stop();
}, 60_000);

test('CRM webhook (UnionID) -> Resolve UnionID -> IF found -> template message, or notReachable with the reason', async () => {
	sim.reset();
	await n8n.start();
	const tokensBefore = sim.tokenFetches();
	const url = n8n.webhookUrl('crm-order-paid-mp');
	const order = (i) => ({
		unionid: sim.unionIdOf(i),
		orderNo: `SO-${30000 + i}`,
		item: `Coffee beans ${i}`,
		amount: `¥${100 + i}.00`,
		paidAt: '2024-05-01 10:00',
	});
	const post = async (body) => (await axios.post(url, body, { timeout: 60_000 })).data;

	// 4, 150 and 298 follow and are bound; 1,000 is bound (has a UnionID) but never followed the Official Account.
	const bound = [4, 150, 298];
	const stranger = 1_000;
	expect(sim.person(stranger)).toMatchObject({ follower: false });
	expect(sim.unionIdOf(stranger)).toMatch(/^oUN/);

	const perPost = [];
	const answers = [];
	const started = Date.now();
	for (const i of [...bound, stranger, bound[0]]) {
		const before = { ...sim.calls };
		const t0 = Date.now();
		answers.push(await post(order(i)));
		perPost.push({ person: i, ms: Date.now() - t0, calls: apiCallsSince(before) });
	}
	const totalMs = Date.now() - started;

	// Bound followers: sent to their Official Account OpenID.
	bound.forEach((i, k) => expect(answers[k]).toMatchObject({ touser: sim.person(i).oaOpenId, outcome: 'sent' }));
	// Not a follower: a clear answer for the CRM, with the resolve node's reason.
	expect(answers[3]).toEqual({
		outcome: 'notReachable',
		reason: expect.stringMatching(/^No follower of the Official Account has this UnionID \(300 followers read\)/),
		unionId: sim.unionIdOf(stranger),
		orderNo: 'SO-31000',
	});
	// The repeated event: same message, deduplicated by client_msg_id.
	expect(answers[4]).toMatchObject({ touser: sim.person(4).oaOpenId, outcome: 'sent', msgid: answers[0].msgid, clientMsgId: answers[0].clientMsgId });

	// The simulator's records: exactly one delivery per bound follower, to their Official Account OpenID.
	expect(sim.templateDeliveries.map((d) => d.touser).sort()).toEqual(bound.map((i) => sim.person(i).oaOpenId).sort());
	const byUser = new Map(sim.templateDeliveries.map((d) => [d.touser, d]));
	bound.forEach((i, k) => expect(byUser.get(sim.person(i).oaOpenId)).toMatchObject({ msgid: answers[k].msgid, template_id: 'TPL_PAYMENT' }));
	expect(byUser.get(sim.person(150).oaOpenId)).toMatchObject({
		url: 'https://shop.example.com/orders/SO-30150',
		data: { thing1: { value: 'Coffee beans 150' }, amount2: { value: '¥250.00', color: '#173177' }, time3: { value: '2024-05-01 10:00' }, character_string4: { value: 'SO-30150' } },
	});

	// Calls per event. Resolve (scan): 1 user/get (the 300 followers are one page) and 1..3 batchget (100 followers
	// each, stopping once the UnionID is found; up to 3 may already be in flight); the stranger reads all 3.
	// Send: 1 template/send per reachable event (the repeat too: WeChat, not n8n, drops it); none for the stranger;
	// the template's keyword list is read once for all events (cached).
	for (const { person, calls } of perPost) {
		expect(calls['/cgi-bin/user/get']).toBe(1);
		expect(calls['/cgi-bin/user/info/batchget']).toBeGreaterThanOrEqual(1);
		expect(calls['/cgi-bin/user/info/batchget']).toBeLessThanOrEqual(3);
		expect(calls['/cgi-bin/message/template/send'] || 0).toBe(person === stranger ? 0 : 1);
	}
	expect(perPost[3].calls['/cgi-bin/user/info/batchget']).toBe(3);
	expect(sim.calls['/cgi-bin/template/get_all_private_template']).toBe(1);
	expect(sim.tokenFetches() - tokensBefore).toBe(1);

	const executions = await n8n.waitForExecutions({ workflowId: WORKFLOW_ID, count: 5 });
	expect(executions.every((e) => e.status === 'success')).toBe(true);
	process.stdout.write(
		`real n8n ${n8n.version}: CRM (UnionID) -> resolve -> template message: 5 events in ${totalMs} ms; per event ${perPost
			.map((p) => `${p.person}: ${p.ms} ms ${JSON.stringify(p.calls)}`)
			.join('; ')}\n`,
	);
}, 300_000);
