'use strict';
/**
 * The subscription ledger (issue #14) in a real n8n, one instance for the file, the simulator as WeChat. The
 * ledger's store alternates with the n8n line to keep the suite cheap: n8n Data Tables on 2.41.1 (the table
 * created through n8n's REST API as the UI does, the nodes finding it By Name), a REAL PostgreSQL
 * (tools/postgres.js) on 1.123.81. On each line:
 * - the "record decisions" example (activated) receives what the simulator pushes for 1,000 Mini Program
 *   users (100 on 1.123.81: see SCALE): accept for 600, reject for 300, nothing for 100 (one safe-mode JSON
 *   callback per user); the "send" example (its schedule swapped for a Webhook) then sends to exactly the 600
 *   and spends their credit, a second
 *   run sends to none, and no send reaches 43101 (counts from the simulator); a user the ledger credits but
 *   WeChat does not is written back as noCredit and skipped next time;
 * - an Official Account subscribe notification (bizsend) sent and recorded by the simulator;
 * - template admin: a template added from the public library by its keywords appears in the send node's
 *   template picker (n8n's resource-locator endpoint, as the editor asks).
 * Needs `npm run build` first (and PostgreSQL's initdb/pg_ctl/psql on the 1.x line).
 */
const fs = require('fs');
const path = require('path');
const axios = require('axios');
const { N8nInstance, REPO_ROOT } = require('../../tools/n8n');
const { startSimulator, DEFAULT_APPS } = require('../../tools/simulator');
const { apiCredential, callbackCredential, chain, example, node } = require('../../tools/workflows');

const STORE = String(process.env.E2E_N8N_VERSION || '2.41.1').startsWith('1.') ? 'postgres' : 'dataTable';
/**
 * 1,000 users on 2.41.1 (the Data Table, the default store); a tenth on 1.123.81's PostgreSQL ledger: every
 * decision is one n8n execution (about 3 a second here), and the PostgreSQL ledger's statements are the same
 * for 100 users as for 1,000 (one upsert per decision, one update per send).
 */
const SCALE = STORE === 'postgres' ? 10 : 1;
const USERS = 1000 / SCALE;
const ACCEPT = 600 / SCALE;
const REJECT = 300 / SCALE;
const MP = DEFAULT_APPS.mp;
const WECHAT = { appId: MP.appId, token: 'e2eLedgerToken42', encodingAesKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR' };
const MP_TYPE = 'n8n-nodes-wechat-platform.weChatMiniProgram';
const OA_TYPE = 'n8n-nodes-wechat-platform.weChatOfficialAccount';
const MP_CREDENTIAL = { weChatMiniProgramApi: { id: 'wechatMpExample', name: 'WeChat Mini Program' } };
const OA_CREDENTIAL = { weChatOfficialAccountApi: { id: 'wechatOaExample', name: 'WeChat Official Account' } };
const TABLE = 'wechat_subscriptions';

let sim;
const n8n = new N8nInstance({ queue: false });
let cookie;

/** The send example with its Schedule Trigger swapped for a Webhook (answering when the last node is done), Settings set. */
function sendWorkflow(file) {
	const w = example(file);
	const trigger = w.nodes.find((n) => n.type === 'n8n-nodes-base.scheduleTrigger');
	Object.assign(trigger, { type: 'n8n-nodes-base.webhook', typeVersion: 2, webhookId: '7d3e0a52-61c4-4f0b-a0f1-0000000003c1', parameters: { httpMethod: 'POST', path: 'ledger-send', responseMode: 'lastNode', responseData: 'noData', options: {} } });
	const assignments = w.nodes.find((n) => n.name === 'Settings').parameters.assignments.assignments;
	assignments.find((a) => a.name === 'app').value = MP.appId;
	assignments.find((a) => a.name === 'template').value = 'SUB_ORDER';
	return w;
}
const record = example(`subscription-ledger-record-${STORE === 'postgres' ? 'postgres' : 'datatable'}.json`);
const send = sendWorkflow(`subscription-ledger-send-${STORE === 'postgres' ? 'postgres' : 'datatable'}.json`);
// n8n 2.x finds a Data Table By Name, so the workflows are imported before the table exists.
for (const n of [...record.nodes, ...send.nodes].filter((x) => x.type === 'n8n-nodes-base.dataTable')) n.parameters.dataTableId = { __rl: true, mode: 'name', value: TABLE };

/** Webhook -> OA "Send a subscribe notification" to the openids in the request. */
const bizsendWorkflow = {
	id: 'wechatBizsendE2e',
	name: 'e2e: Official Account subscribe notification',
	nodes: [
		node('Webhook', 'n8n-nodes-base.webhook', 0, { httpMethod: 'POST', path: 'e2e-bizsend', responseMode: 'lastNode', responseData: 'allEntries', options: {} }, { typeVersion: 2, webhookId: '7d3e0a52-61c4-4f0b-a0f1-0000000003e1' }),
		node('Users', 'n8n-nodes-base.code', 200, { mode: 'runOnceForAllItems', jsCode: 'return $json.body.users.map((openid) => ({ json: { openid } }));' }),
		node('Send Notification', OA_TYPE, 400, {
			resource: 'subscribeNotification', operation: 'send', touser: '={{ $json.openid }}',
			template: { __rl: true, mode: 'list', value: 'OA_SUB_ORDER', cachedResultName: 'Order status' },
			dataMode: 'json', dataJson: '={{ JSON.stringify({ thing1: "Coffee beans", character_string2: "SO-" + $itemIndex, time3: "2024-05-01 10:00" }) }}',
			page: 'https://shop.example.com/orders', miniProgram: {}, options: {},
		}, { credentials: OA_CREDENTIAL, typeVersion: 1.1 }),
	],
	connections: chain('Webhook', 'Users', 'Send Notification'),
	settings: { executionOrder: 'v1' },
};

/** Webhook -> Subscribe Template > Add (public template 1101, keywords 1, 2, 3). */
const adminWorkflow = {
	id: 'wechatTemplateAdminE2e',
	name: 'e2e: add a subscribe template from the public library',
	nodes: [
		node('Webhook', 'n8n-nodes-base.webhook', 0, { httpMethod: 'POST', path: 'e2e-template-admin', responseMode: 'lastNode', options: {} }, { typeVersion: 2, webhookId: '7d3e0a52-61c4-4f0b-a0f1-0000000003f1' }),
		node('Add Template', MP_TYPE, 200, { resource: 'subscribeTemplate', operation: 'add', tid: '1101', keywordIds: [1, 2, 3], sceneDesc: 'Payments' }, { credentials: MP_CREDENTIAL, typeVersion: 1.1 }),
	],
	connections: chain('Webhook', 'Add Template'),
	settings: { executionOrder: 'v1' },
};

/** n8n's REST API with the owner's session, as the editor uses it. */
async function rest(method, restPath, body) {
	if (!cookie) {
		const owner = { email: 'ledger-owner@example.com', firstName: 'Ledger', lastName: 'Owner', password: 'LedgerOwner12345' };
		const setup = await fetch(`${n8n.baseUrl}/rest/owner/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(owner) });
		if (!setup.ok && setup.status !== 400) throw new Error(`owner setup ${setup.status}: ${await setup.text()}`);
		const login = await fetch(`${n8n.baseUrl}/rest/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }) });
		if (!login.ok) throw new Error(`login ${login.status}: ${await login.text()}`);
		cookie = login.headers.getSetCookie().find((c) => c.startsWith('n8n-auth=')).split(';')[0];
	}
	const res = await fetch(`${n8n.baseUrl}/rest/${restPath}`, { method, headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
	const text = await res.text();
	if (!res.ok) throw new Error(`${method} /rest/${restPath} answered ${res.status}: ${text.slice(0, 400)}`);
	return JSON.parse(text).data;
}

/** The ledger, whichever store holds it: rows as { openid, status, credits, kind }, and adding one row. */
function ledgerStore() {
	if (STORE === 'postgres') {
		const { TempPostgres } = require('../../tools/postgres');
		const pg = new TempPostgres();
		return {
			pg,
			async setUp() {
				await pg.start();
				pg.sql(fs.readFileSync(path.join(REPO_ROOT, 'examples/subscription-ledger-postgres.sql'), 'utf8'));
			},
			async afterStart() {},
			async rows() {
				return pg.sql(`SELECT openid, status, credits, coalesce(kind, '') FROM ${TABLE}`).map(([openid, status, credits, kind]) => ({ openid, status, credits: Number(credits), kind: kind || null }));
			},
			async insert(row) {
				pg.sql(`INSERT INTO ${TABLE} (app, openid, template, status, credits) VALUES ('${row.app}', '${row.openid}', '${row.template}', '${row.status}', ${row.credits})`);
			},
			async tearDown() {
				await pg.stop();
			},
		};
	}
	let base;
	return {
		async setUp() {},
		async afterStart() {
			const project = await rest('GET', 'projects/personal');
			const columns = [['app', 'string'], ['openid', 'string'], ['template', 'string'], ['status', 'string'], ['kind', 'string'], ['credits', 'number']];
			const table = await rest('POST', `projects/${project.id}/data-tables`, { name: TABLE, columns: columns.map(([name, type]) => ({ name, type })) });
			base = `projects/${project.id}/data-tables/${table.id}`;
		},
		async rows() {
			const out = [];
			for (;;) {
				// n8n answers at most 250 rows a page
				const page = await rest('GET', `${base}/rows?take=250&skip=${out.length}`);
				out.push(...page.data.map((r) => ({ openid: r.openid, status: r.status, credits: Number(r.credits), kind: r.kind || null })));
				if (!page.data.length || out.length >= page.count) return out;
			}
		},
		async insert(row) {
			await rest('POST', `${base}/insert`, { data: [row] });
		},
		async tearDown() {},
	};
}
const store = ledgerStore();

const triggerUrl = () => n8n.webhookUrl(`${record.nodes.find((n) => n.type.endsWith('.weChatTrigger')).webhookId}/callback`);
const users = (from, to) => Array.from({ length: to - from }, (_, k) => sim.person(from + k).mpOpenId);
const sendCalls = () => sim.calls['/cgi-bin/message/subscribe/send'] || 0;
const tally = (rows) => rows.reduce((acc, r) => ({ ...acc, [`${r.status}/${r.credits}/${r.kind}`]: (acc[`${r.status}/${r.credits}/${r.kind}`] || 0) + 1 }), {});
const runSend = async () => {
	const started = Date.now();
	await axios.post(n8n.webhookUrl('ledger-send'), {});
	return Date.now() - started;
};

beforeAll(async () => {
	await store.setUp();
	sim = await startSimulator({ port: 0 });
	sim.seedFollowers(USERS);
	await n8n.prepare();
	await n8n.importCredentials([
		callbackCredential({ id: 'wechatCallbackExample', name: 'WeChat Callback' }, WECHAT),
		apiCredential({ id: 'wechatMpExample', name: 'WeChat Mini Program' }, 'weChatMiniProgramApi', MP, sim.url),
		apiCredential({ id: 'wechatOaExample', name: 'WeChat Official Account' }, 'weChatOfficialAccountApi', DEFAULT_APPS.oa, sim.url),
		...(store.pg
			? [{ id: 'postgresExample', name: 'Postgres', type: 'postgres', data: { host: '127.0.0.1', port: store.pg.port, database: 'postgres', user: 'postgres', password: '', ssl: 'disable', allowUnauthorizedCerts: false, maxConnections: 10 } }]
			: []),
	]);
	const workflows = [record, send, bizsendWorkflow, adminWorkflow];
	await n8n.importWorkflows(workflows);
	for (const w of workflows) await n8n.activate(w.id);
	await n8n.start();
	await store.afterStart();
}, 35 * 60_000);

afterAll(async () => {
	await n8n.stop();
	if (sim) await sim.stop();
	await store.tearDown();
}, 120_000);

test(`${STORE} ledger: ${USERS} users, accept ${ACCEPT}, reject ${REJECT}, nothing ${USERS - ACCEPT - REJECT}: the send reaches exactly the ${ACCEPT}, once; no 43101`, async () => {
	// The simulator pushes one callback per user (2 in flight: n8n's SQLite serialises its writes anyway) and
	// applies each decision to its own credits; done when the ledger holds a row per decision.
	const started = Date.now();
	const decisions = [
		...users(0, ACCEPT).map((openid) => ({ openid, templateId: 'SUB_ORDER', status: 'accept' })),
		...users(ACCEPT, ACCEPT + REJECT).map((openid) => ({ openid, templateId: 'SUB_ORDER', status: 'reject' })),
	];
	const pushed = await sim.pushSubscriptionEvents(triggerUrl(), { ...WECHAT, mode: 'safe', format: 'json', event: 'popup', decisions, concurrency: 2, timeoutMs: 60_000 });
	expect(pushed).toMatchObject({ callbacks: ACCEPT + REJECT, ok: ACCEPT + REJECT, failed: 0 });
	const deadline = Date.now() + 600_000;
	while ((await store.rows()).length < ACCEPT + REJECT) {
		if (Date.now() > deadline) throw new Error(`the ledger holds ${(await store.rows()).length} of ${ACCEPT + REJECT} decisions\n${n8n.logTail(30)}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	const pushMs = Date.now() - started;
	expect(tally(await store.rows())).toEqual({ 'accept/1/null': ACCEPT, 'reject/0/null': REJECT });
	expect(sim.subscriptionCredits(sim.person(0).mpOpenId, 'SUB_ORDER')).toBe(1);

	const sendMs = await runSend();
	expect(sim.subscribeDeliveries).toHaveLength(ACCEPT);
	expect(new Set(sim.subscribeDeliveries.map((d) => d.touser))).toEqual(new Set(users(0, ACCEPT)));
	expect(sendCalls()).toBe(ACCEPT); // every call was a delivery: none was answered 43101
	expect(tally(await store.rows())).toEqual({ 'accept/0/oneTime': ACCEPT, 'reject/0/null': REJECT });

	// A second run: nobody has a credit left, nothing is sent.
	await runSend();
	expect(sim.subscribeDeliveries).toHaveLength(ACCEPT);
	expect(sendCalls()).toBe(ACCEPT);
	process.stdout.write(`subscription ledger (${STORE}, n8n ${process.env.E2E_N8N_VERSION}): ${ACCEPT + REJECT} decision callbacks recorded in ${pushMs} ms; ${ACCEPT} sends + ledger update in ${sendMs} ms\n`);
}, 1_200_000);

test('a user the ledger credits but WeChat does not (43101) is written back as noCredit and skipped next time', async () => {
	const user = sim.person(ACCEPT + REJECT).mpOpenId; // one of the users without a decision
	await store.insert({ app: MP.appId, openid: user, template: 'SUB_ORDER', status: 'accept', credits: 1 });
	const before = sendCalls();
	await runSend();
	expect(sendCalls()).toBe(before + 1);
	expect((await store.rows()).filter((r) => r.openid === user)).toEqual([{ openid: user, status: 'noCredit', credits: 0, kind: 'oneTime' }]);
	await runSend();
	expect(sendCalls()).toBe(before + 1);
}, 120_000);

test('Official Account subscribe notification (bizsend): sent to the user who accepted, refused for the other, recorded by the simulator', async () => {
	const [yes, no] = [sim.person(1).oaOpenId, sim.person(2).oaOpenId];
	sim.applySubscriptionDecision(DEFAULT_APPS.oa.appId, yes, 'OA_SUB_ORDER', 'accept');
	const { data } = await axios.post(n8n.webhookUrl('e2e-bizsend'), { users: [yes, no] });
	expect(data.map((o) => [o.touser, o.outcome, o.templateKind])).toEqual([
		[yes, 'sent', 'oneTime'],
		[no, 'refused', 'oneTime'],
	]);
	expect(sim.bizsendDeliveries).toEqual([
		{
			appId: DEFAULT_APPS.oa.appId, touser: yes, template_id: 'OA_SUB_ORDER',
			data: { thing1: { value: 'Coffee beans' }, character_string2: { value: 'SO-0' }, time3: { value: '2024-05-01 10:00' } },
			page: 'https://shop.example.com/orders', miniprogram: undefined,
		},
	]);
}, 120_000);

test('template admin: a template added from the public library by its keywords is in the send node\'s picker', async () => {
	const { data: added } = await axios.post(n8n.webhookUrl('e2e-template-admin'), {});
	expect(added).toMatchObject({ tid: 1101, kidList: [1, 2, 3], sceneDesc: 'Payments', priTmplId: expect.stringMatching(/^SUB_1101_/) });
	const picker = await rest('POST', 'dynamic-node-parameters/resource-locator-results', {
		path: 'parameters.template',
		nodeTypeAndVersion: { name: MP_TYPE, version: 1.1 },
		methodName: 'searchSubscribeMessageTemplates',
		currentNodeParameters: { resource: 'subscribeMessage', operation: 'send', template: { __rl: true, mode: 'list', value: '' } },
		credentials: MP_CREDENTIAL,
		filter: 'Payment',
	});
	expect(picker.results).toEqual([{ name: 'Payment received (thing1, amount2, time3)', value: added.priTmplId, description: `ID ${added.priTmplId}; thing1: thing, amount2: amount, time3: time` }]);
}, 120_000);
