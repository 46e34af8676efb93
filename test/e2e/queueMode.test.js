'use strict';
/**
 * Queue mode (redis + main + 2 workers) in real n8n: the access token lives in the credential in n8n's
 * database, so the workers share it. 200 webhook executions, each sending one template message on a worker,
 * cost at most one token fetch per worker, and none fails with 40001 — also when every token is invalidated
 * in the middle of the run (one refresh per worker at most). The third-party platform's tokens are shared the
 * same way; WeChat Trigger + WeChat Reply: the callback is verified on main, the reply is built on a worker and
 * travels back through n8n's relay in time, retries are dropped on main; a worker killed mid-batch sends
 * nothing twice. One queue-mode instance for the file (each start costs redis, PostgreSQL, main and 2 workers).
 * Needs `npm run build` first.
 */
const axios = require('axios');
const { N8nInstance } = require('../../tools/n8n');
const { startSimulator, DEFAULT_APPS, sendCallback, decryptReply } = require('../../tools/simulator');
const { accessTokenUrl, onboard, platformCredential, platformTriggerWorkflow } = require('../helpers/platform');
const { apiCredential, callbackCredential, example } = require('../../tools/workflows');

const CREDENTIAL = { id: 'wechatOaQueue0001', name: 'WeChat Official Account' };
const EXECUTIONS = 200;
const PARALLEL = 10;
const BATCH = 1000;
/** Bull's lock and stalled check, shortened from n8n's defaults (lock 60 s, checked every 30 s) so that a killed
 * worker's job is noticed sooner (seen: 32 s on 1.123.81, 48 s on 2.41.1, on a busy machine). n8n's queue recovery (every 180 min by default) is left alone: run every
 * few seconds it also marks executions that finish during its check as crashed (seen on 1.123.81). */
const FAST_STALL = {
	QUEUE_WORKER_LOCK_DURATION: '10000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
	QUEUE_WORKER_STALLED_INTERVAL: '5000',
};

const workflow = {
	id: 'wechatQueueTokenE2e',
	name: 'e2e: queue-mode sends share the stored token',
	nodes: [
		{
			id: 'q1',
			name: 'CRM Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '7d2f0c55-0000-4000-8000-00000000a001',
			parameters: { httpMethod: 'POST', path: 'queue-send', responseMode: 'lastNode', options: {} },
		},
		{
			id: 'q2',
			name: 'Send',
			type: 'n8n-nodes-wechat-platform.weChatOfficialAccount',
			typeVersion: 1,
			position: [240, 0],
			parameters: {
				resource: 'templateMessage',
				operation: 'send',
				touser: '={{ $json.body.openid }}',
				template: { __rl: true, mode: 'id', value: 'TPL_ORDER_SHIPPED' },
				dataMode: 'keyValue',
				data: {
					values: [
						{ key: 'keyword1', value: '={{ $json.body.orderNo }}' },
						{ key: 'keyword2', value: '2026-11-22 10:00' },
					],
				},
				options: {},
			},
			credentials: { weChatOfficialAccountApi: CREDENTIAL },
		},
	],
	connections: { 'CRM Webhook': { main: [[{ node: 'Send', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
};

/** A CRM export of BATCH orders -> one item per order -> one template message each. */
const batchWorkflow = {
	id: 'wechatQueueBatchE2e',
	name: 'e2e: a 1,000-message batch on a worker',
	nodes: [
		{
			id: 'b1',
			name: 'CRM Export',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '7d2f0c55-0000-4000-8000-00000000a002',
			parameters: { httpMethod: 'POST', path: 'queue-batch', responseMode: 'onReceived', options: {} },
		},
		{
			id: 'b2',
			name: 'One Item per Order',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [240, 0],
			parameters: { fieldToSplitOut: 'body.orders', options: {} },
		},
		{ ...workflow.nodes[1], id: 'b3', position: [480, 0], parameters: { ...workflow.nodes[1].parameters, touser: '={{ $json.openid }}' } },
	],
	connections: {
		'CRM Export': { main: [[{ node: 'One Item per Order', type: 'main', index: 0 }]] },
		'One Item per Order': { main: [[{ node: 'Send', type: 'main', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
};
batchWorkflow.nodes[2].parameters.data = { values: [{ key: 'keyword1', value: '={{ $json.orderNo }}' }, { key: 'keyword2', value: '2026-11-22 10:00' }] };

/** Issue #15: a third-party platform acting for two merchants (authorizers) from ONE workflow and ONE credential:
 * Authentication "Authorized Account (Third-Party Platform)", the Authorizer AppID from the item. */
const PLATFORM = { appId: 'wxsimcomponentq01', secret: 'queue-component-secret-0123456789', token: 'queuePlatformToken', encodingAesKey: 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut' };
const PLATFORM_REF = { id: 'wechatPlatformQueue1', name: 'WeChat Platform' };
const PLATFORM_TRIGGER_ID = '7d2f0c55-0000-4000-8000-00000000a015';
const MERCHANTS = ['wxsimmerchantq0001', 'wxsimmerchantq0002'];
const AUTHORIZED_REF = { id: 'wechatAuthorizedQueue', name: 'Merchants (via platform)' };
// The trigger leaves the code alone: the sends then start with no component or authorizer token anywhere, so
// every fetch happens under the 200 concurrent sends (the exchange would hand main the authorizers' tokens).
const platformWorkflow = platformTriggerWorkflow({ id: 'wechatQueuePlatformE2e', name: 'e2e: queue-mode platform trigger', webhookId: PLATFORM_TRIGGER_ID, credentialRef: PLATFORM_REF, options: { exchangeCode: false } });
const merchantWorkflow = {
	...workflow,
	id: 'wechatQueueMerchants',
	name: 'e2e: queue-mode sends for any merchant',
	nodes: [
		{ ...workflow.nodes[0], id: 'm1', webhookId: '7d2f0c55-0000-4000-8000-00000000a100', parameters: { ...workflow.nodes[0].parameters, path: 'queue-merchant' } },
		{
			...workflow.nodes[1],
			id: 'm2',
			parameters: { authentication: 'platformAuthorizer', authorizerAppId: '={{ $json.body.merchant }}', ...workflow.nodes[1].parameters },
			credentials: { weChatOfficialAccountApi: AUTHORIZED_REF },
		},
	],
};

// WeChat Trigger + WeChat Reply (examples/callback-auto-reply.json)
const CALLBACK_CREDENTIAL = { id: 'wechatCallbackExample', name: 'WeChat Callback' };
const CALLBACK_WECHAT = { appId: 'wxsimoa0000000001', token: 'e2eQueueToken42', encodingAesKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR' };
const CALLBACK_ACCOUNT = 'gh_5140a0000001';
const replyWorkflow = example('callback-auto-reply.json');
const replyWebhookId = replyWorkflow.nodes.find((n) => n.type.endsWith('.weChatTrigger')).webhookId;
let users = 0;
const text = (msgId, content) => ({
	ToUserName: CALLBACK_ACCOUNT,
	FromUserName: `oQueueUser${++users}`,
	CreateTime: Math.floor(Date.now() / 1000),
	MsgType: 'text',
	Content: content,
	MsgId: msgId,
});
const sendMessage = (message, options = {}) => sendCallback(n8n.webhookUrl(`${replyWebhookId}/callback`), { ...CALLBACK_WECHAT, message, mode: 'safe', ...options });

const platformEventsUrl = () => n8n.webhookUrl(`${PLATFORM_TRIGGER_ID}/events`);

let sim;
const n8n = new N8nInstance({ queue: true, workers: 2, env: FAST_STALL });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
	sim = await startSimulator({ port: 0 });
	sim.seedFollowers(EXECUTIONS * 2 + BATCH, { unionIdEvery: 1 });
	sim.addComponent(PLATFORM);
	for (const appId of MERCHANTS) sim.addApp({ appId, secret: `secret-of-${appId}-unknown-to-platform`, type: 'officialAccount' });
	await n8n.prepare();
	await n8n.importCredentials([
		apiCredential(CREDENTIAL, 'weChatOfficialAccountApi', DEFAULT_APPS.oa, sim.url),
		platformCredential(PLATFORM_REF, PLATFORM, sim.url),
		callbackCredential(CALLBACK_CREDENTIAL, CALLBACK_WECHAT),
	]);
	const workflows = [workflow, batchWorkflow, platformWorkflow, merchantWorkflow, replyWorkflow];
	await n8n.importWorkflows(workflows);
	for (const w of workflows) await n8n.activate(w.id);
	await n8n.start();
}, 35 * 60_000);

afterAll(async () => {
	await n8n.stop();
	await sim?.stop();
}, 60_000);

/** POSTs one order per follower index in [from, to), PARALLEL at a time; returns the node's outputs. */
async function sendOrders(from, to) {
	const results = [];
	let next = from;
	async function lane() {
		while (next < to) {
			const i = next++;
			const response = await axios.post(n8n.webhookUrl('queue-send'), { openid: sim.person(i).oaOpenId, orderNo: `SO-${i}` }, { timeout: 60_000 });
			results.push(response.data);
		}
	}
	await Promise.all(Array.from({ length: PARALLEL }, lane));
	return results;
}

test('200 executions on 2 workers: at most one token fetch per worker, none fails with 40001', async () => {
	const started = Date.now();
	const results = await sendOrders(0, EXECUTIONS);
	const seconds = (Date.now() - started) / 1000;
	expect(results.filter((r) => r.outcome !== 'sent')).toEqual([]);
	expect(sim.templateDeliveries).toHaveLength(EXECUTIONS);
	expect(sim.tokenFetches()).toBeLessThanOrEqual(2);
	expect(sim.tokenFetches()).toBeGreaterThanOrEqual(1);

	const executions = await n8n.waitForExecutions({ workflowId: workflow.id, count: EXECUTIONS });
	expect(executions.filter((e) => e.status !== 'success')).toEqual([]);
	// n8n's database is PostgreSQL (main and workers): the executions are rows there
	expect(n8n.db).toBe('postgres');
	expect(n8n.pg.sql(`SELECT count(*) FROM execution_entity WHERE "workflowId" = '${workflow.id}'`, n8n.pgDatabase)).toEqual([[String(EXECUTIONS)]]);
	const { workers } = n8n.workerExecutions();
	const perWorker = Object.values(workers).map((w) => w.finished.length);
	expect(perWorker.reduce((a, b) => a + b, 0)).toBe(EXECUTIONS);
	process.stdout.write(
		`queue mode: ${EXECUTIONS} sends in ${seconds.toFixed(1)} s (${(EXECUTIONS / seconds).toFixed(1)} executions/s), ` +
			`token fetches ${sim.tokenFetches()}, executions per worker ${perWorker.join(' / ')}\n`,
	);
}, 600_000);

test('every token invalidated mid-run: each worker refreshes at most once and every message is sent once', async () => {
	const fetchesBefore = sim.tokenFetches();
	const deliveriesBefore = sim.templateDeliveries.length;
	sim.fault({ type: 'invalidateTokens', path: '/cgi-bin/message/template/send', after: 50, times: 1 });
	const results = await sendOrders(EXECUTIONS, EXECUTIONS * 2);
	expect(results.filter((r) => r.outcome !== 'sent')).toEqual([]);
	const delivered = sim.templateDeliveries.slice(deliveriesBefore).map((d) => d.touser);
	expect(delivered).toHaveLength(EXECUTIONS);
	expect(new Set(delivered).size).toBe(EXECUTIONS);
	expect(sim.tokenFetches() - fetchesBefore).toBeGreaterThanOrEqual(1);
	expect(sim.tokenFetches() - fetchesBefore).toBeLessThanOrEqual(2);
}, 600_000);

test('third-party platform (issue #15): one workflow, Authorizer AppID from the item: 200 sends for 2 authorizers cost at most one platform token fetch per worker and one authorizer token fetch per authorizer per worker, each delivered under its merchant AppID', async () => {
	// Onboarding as WeChat plays it: the ticket pushed to the Platform Trigger, both merchants authorize.
	const answers = await onboard(sim, PLATFORM, platformEventsUrl(), MERCHANTS);
	expect(answers).toEqual(answers.map(() => [200, 'success']));
	const events = await n8n.waitForExecutions({ workflowId: platformWorkflow.id, count: MERCHANTS.length });
	const items = await Promise.all(events.map(async (e) => n8n.outputOf(await n8n.executionData(e.id), 'Platform Trigger')[0]));
	expect(items.map((item) => item.authorizerAppId).sort()).toEqual(MERCHANTS);
	for (const item of items) expect(item.accessTokenUrl).toBe(accessTokenUrl(platformEventsUrl(), PLATFORM.secret, item.authorizerAppId));
	// As a user does: ONE credential, Token Source Third-Party Platform, the events' platformTokenUrl (the same in each).
	expect(new Set(items.map((item) => item.platformTokenUrl)).size).toBe(1);
	await n8n.importCredentials([{ ...AUTHORIZED_REF, type: 'weChatOfficialAccountApi', data: { tokenSource: 'platform', platformTokenUrl: items[0].platformTokenUrl, baseUrl: sim.url, accessToken: '', expiresAt: 0 } }]);
	expect(sim.stats().componentTokenFetches).toBe(0);
	expect(MERCHANTS.map((m) => sim.authorizerTokenFetches(m))).toEqual([0, 0]);

	// 200 sends, alternating merchants, PARALLEL at a time: person i gets order PF-i from merchant i % 2.
	const deliveriesBefore = sim.templateDeliveries.length;
	const results = [];
	let next = 0;
	const started = Date.now();
	await Promise.all(
		Array.from({ length: PARALLEL }, async () => {
			while (next < EXECUTIONS) {
				const i = next++;
				const merchant = MERCHANTS[i % MERCHANTS.length];
				const response = await axios.post(n8n.webhookUrl('queue-merchant'), { merchant, openid: sim.openIdOf(merchant, i), orderNo: `PF-${i}` }, { timeout: 60_000 });
				results.push(response.data);
			}
		}),
	);
	const seconds = (Date.now() - started) / 1000;
	expect(results.filter((r) => r.outcome !== 'sent')).toEqual([]);
	// WeChat (the simulator) got each of the 200 once, under the right merchant's AppID
	const delivered = sim.templateDeliveries.slice(deliveriesBefore).map((d) => `${d.appId} ${d.touser} ${d.data.keyword1.value}`);
	const expected = Array.from({ length: EXECUTIONS }, (_, i) => {
		const appId = MERCHANTS[i % MERCHANTS.length];
		return `${appId} ${sim.openIdOf(appId, i)} PF-${i}`;
	});
	expect(delivered.sort()).toEqual(expected.sort());
	// the bound: 2 workers
	const { workers } = n8n.workerExecutions();
	const workerCount = Object.keys(workers).length;
	expect(workerCount).toBe(2);
	const componentFetches = sim.stats().componentTokenFetches;
	const authorizerFetches = MERCHANTS.map((m) => sim.authorizerTokenFetches(m));
	expect(componentFetches).toBeGreaterThanOrEqual(1);
	expect(componentFetches).toBeLessThanOrEqual(workerCount);
	for (const fetches of authorizerFetches) {
		expect(fetches).toBeGreaterThanOrEqual(1);
		expect(fetches).toBeLessThanOrEqual(workerCount);
	}
	process.stdout.write(
		`platform queue mode: ${EXECUTIONS} sends for ${MERCHANTS.length} authorizers in ${seconds.toFixed(1)} s; component token fetches ${componentFetches}, ` +
			`authorizer token fetches ${authorizerFetches.join(' / ')} (bound: ${workerCount} each)\n`,
	);
}, 600_000);

// The Trigger tests run before a worker is killed (the last test of the file).
test('WeChat Trigger + Reply: passive replies are built on the workers and reach WeChat through main, encrypted and in time', async () => {
	const times = [];
	for (let i = 0; i < 6; i++) {
		const message = text(`8100000000000000${String(i).padStart(3, '0')}`, `queued ${i}`);
		const response = await sendMessage(message);
		expect(response.status).toBe(200);
		const reply = decryptReply(response.body, CALLBACK_WECHAT);
		expect(reply.valid).toBe(true);
		expect(reply.message).toMatchObject({ ToUserName: message.FromUserName, FromUserName: CALLBACK_ACCOUNT, Content: `You said: queued ${i}` });
		times.push(response.elapsedMs);
	}
	// Concurrent users.
	const parallel = await Promise.all(
		Array.from({ length: 6 }, (_, i) => {
			const message = text(`8200000000000000${String(i).padStart(3, '0')}`, `parallel ${i}`);
			return sendMessage(message).then((response) => ({ response, message }));
		}),
	);
	for (const { response, message } of parallel) {
		expect(decryptReply(response.body, CALLBACK_WECHAT).message).toMatchObject({ ToUserName: message.FromUserName, Content: `You said: ${message.Content}` });
		times.push(response.elapsedMs);
	}
	const executions = await n8n.waitForExecutions({ workflowId: replyWorkflow.id, count: 12 });
	expect(executions).toHaveLength(12);
	// Every one enqueued by main and finished by a worker (the file's other workflows ran there too).
	const { workers, enqueued } = n8n.workerExecutions();
	const ranOnWorkers = new Set(Object.values(workers).flatMap((w) => w.finished));
	const enqueuedByMain = new Set(enqueued);
	expect(executions.filter((e) => !ranOnWorkers.has(e.id) || !enqueuedByMain.has(e.id))).toEqual([]);
	times.sort((a, b) => a - b);
	process.stdout.write(`real n8n queue mode: passive reply round trip via worker: median ${times[6]} ms, max ${times[11]} ms over 12 (WeChat allows 5000 ms)\n`);
}, 180_000);

test('WeChat Trigger: retries are dropped on main: one execution; a forged callback starts none', async () => {
	const before = (await n8n.executions({ workflowId: replyWorkflow.id })).length;
	const message = text('8300000000000000001', 'once');
	const responses = await Promise.all([1, 2, 3].map(() => sendMessage(message)));
	const replies = responses.filter((r) => r.body !== 'success');
	expect(replies).toHaveLength(1);
	expect(decryptReply(replies[0].body, CALLBACK_WECHAT).message.Content).toBe('You said: once');
	const forged = await sendMessage(text('8300000000000000002', 'x'), { query: { signature: '0'.repeat(40) } });
	expect(forged).toMatchObject({ status: 401, body: 'Invalid signature' });
	await sleep(2000);
	await n8n.waitForExecutions({ workflowId: replyWorkflow.id, count: before + 1 });
	expect(await n8n.executions({ workflowId: replyWorkflow.id })).toHaveLength(before + 1);
}, 120_000);

/** Polls until `check()` returns a truthy value; throws after timeoutMs. */
async function until(what, check, timeoutMs = 120_000, everyMs = 50) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${n8n.logTail(30)}`);
		await sleep(everyMs);
	}
}

test('a worker killed (SIGKILL) mid-batch: n8n ends the execution, nothing is ever sent twice, every recipient gets it once, outcomes agree with WeChat', async () => {
	// 100 ms per WeChat call, 20 at a time: the batch takes about 5 s, so the worker dies in its middle
	const latency = sim.fault({ type: 'latency', path: '/cgi-bin/message/template/send', ms: 100 });
	const people = Array.from({ length: BATCH }, (_, k) => sim.person(EXECUTIONS * 2 + k));
	const orders = people.map((p, k) => ({ openid: p.oaOpenId, orderNo: `BATCH-${k}` }));
	const before = sim.templateDeliveries.length;
	const deliveredNow = () => sim.templateDeliveries.slice(before);

	await axios.post(n8n.webhookUrl('queue-batch'), { orders }, { timeout: 60_000 });
	const execution = await until('the batch execution to run', async () =>
		(await n8n.executions({ workflowId: batchWorkflow.id })).find((e) => e.status === 'running'),
	);
	await until('a quarter of the batch to be delivered', () => deliveredNow().length >= BATCH / 4);
	const worker = Object.entries(n8n.workerExecutions().workers).find(([, w]) => w.started.includes(execution.id))[0];
	await n8n.kill(worker, 'SIGKILL');
	const killedAt = Date.now();
	await sleep(500);
	const firstRun = deliveredNow().length;
	expect(firstRun).toBeGreaterThanOrEqual(BATCH / 4);
	expect(firstRun).toBeLessThan(BATCH);

	// Bull notices the dead worker's job once its lock expires. What n8n does then differs by line:
	// - 2.41.1 (maxStalledCount 0): main, waiting for the job, stores the execution as `error` ("failed to be
	//   processed too many times"). Retry in n8n then starts an execution that inherits that error, runs no
	//   node and ends `error` at once: nothing is sent. What the user can do is send the batch again (the CRM's
	//   export, a new execution): client_msg_id makes WeChat drop what it already has.
	// - 1.123.81 (maxStalledCount 1): Bull hands the job to the other worker, which runs the execution again
	//   from its start and it ends `success`: no one has to do anything.
	const settled = async () =>
		(await n8n.executions({ workflowId: batchWorkflow.id })).find((e) => e.id === execution.id && !['new', 'running', 'waiting'].includes(e.status));
	const ended = await until('n8n to settle the killed execution', settled, 180_000, 500);
	const noticedMs = Date.now() - killedAt;
	let finalId = execution.id;
	let afterRetry;
	if (n8n.major >= 2) {
		expect(ended.status).toBe('error');
		expect((await n8n.executionData(execution.id)).resultData.error.message).toMatch(/failed to be processed too many times/);
		// the user clicks Retry (with the original workflow), as in n8n's executions list
		const retried = await n8n.rest('POST', `executions/${execution.id}/retry`, { loadWorkflow: false });
		expect(retried.status).toBe(200);
		const retry = await until(
			'the retry to finish',
			async () => (await n8n.sql('SELECT id, status FROM execution_entity WHERE retryOf = ?', [execution.id])).find((e) => !['new', 'running', 'waiting'].includes(e.status)),
			120_000,
			250,
		);
		const retryData = (await n8n.executionData(retry.id)).resultData;
		expect({ status: retry.status, nodesRun: Object.keys(retryData.runData), delivered: deliveredNow().length }).toEqual({ status: 'error', nodesRun: [], delivered: firstRun });
		afterRetry = `Retry -> execution ${retry.id} ${retry.status}, no node run, nothing sent`;
		// the batch sent again, as a new execution
		const knownIds = new Set((await n8n.executions({ workflowId: batchWorkflow.id })).map((e) => e.id));
		await axios.post(n8n.webhookUrl('queue-batch'), { orders }, { timeout: 60_000 });
		const again = await until(
			'the batch sent again to finish',
			async () => (await n8n.executions({ workflowId: batchWorkflow.id })).find((e) => !knownIds.has(e.id) && !['new', 'running', 'waiting'].includes(e.status)),
			180_000,
			500,
		);
		expect(again.status).toBe('success');
		finalId = again.id;
	} else {
		expect(ended.status).toBe('success');
		const { workers } = n8n.workerExecutions();
		expect(Object.values(workers).filter((w) => w.started.includes(execution.id))).toHaveLength(2);
	}

	// WeChat (the simulator) got every recipient exactly once
	const delivered = deliveredNow();
	expect(delivered).toHaveLength(BATCH);
	expect(new Set(delivered.map((d) => d.touser))).toEqual(new Set(orders.map((o) => o.openid)));
	// every outcome of the run that finished says what WeChat did: sent, with the msgid of the one delivery
	// (WeChat answers a dropped duplicate with the first send's msgid)
	const msgidOf = new Map(delivered.map((d) => [d.touser, d.msgid]));
	const outputs = n8n.outputOf(await n8n.executionData(finalId), 'Send');
	expect(outputs).toHaveLength(BATCH);
	const mislabelled = outputs.filter((o) => o.outcome !== 'sent' || o.msgid !== msgidOf.get(o.touser));
	expect(mislabelled).toEqual([]);
	sim.removeFault(latency);
	process.stdout.write(
		`n8n ${n8n.version}: worker killed after ${firstRun}/${BATCH} deliveries; execution ${execution.id} ${ended.status} ${(noticedMs / 1000).toFixed(1)} s after the kill; ` +
			`${afterRetry ? `${afterRetry}; batch sent again -> execution ${finalId} success` : 'run again by the other worker'}: ` +
			`${BATCH} delivered once each (${BATCH - firstRun} new, ${firstRun} dropped by WeChat as duplicates and reported sent with their first msgid), 0 mislabelled\n`,
	);
}, 600_000);
