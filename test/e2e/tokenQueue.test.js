'use strict';
/**
 * Queue mode (redis + main + 2 workers) in real n8n: the access token lives in the credential in n8n's
 * database, so the workers share it. 200 webhook executions, each sending one template message on a worker,
 * cost at most one token fetch per worker, and none fails with 40001 — also when every token is invalidated
 * in the middle of the run (one refresh per worker at most). Needs `npm run build` first.
 */
const axios = require('axios');
const { N8nInstance } = require('../../tools/n8n');
const { startSimulator, DEFAULT_APPS } = require('../../tools/simulator');

const CREDENTIAL = { id: 'wechatOaQueue0001', name: 'WeChat Official Account' };
const EXECUTIONS = 200;
const PARALLEL = 10;

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

let sim;
const n8n = new N8nInstance({ queue: true, workers: 2 });

beforeAll(async () => {
	sim = await startSimulator({ port: 0 });
	sim.seedFollowers(EXECUTIONS * 2, { unionIdEvery: 1 });
	await n8n.prepare();
	await n8n.importCredentials([
		{
			...CREDENTIAL,
			type: 'weChatOfficialAccountApi',
			data: { appId: DEFAULT_APPS.oa.appId, appSecret: DEFAULT_APPS.oa.secret, tokenSource: 'stable', baseUrl: sim.url, accessToken: '', expiresAt: 0 },
		},
	]);
	await n8n.importWorkflows([workflow]);
	await n8n.activate(workflow.id);
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
