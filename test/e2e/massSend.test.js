'use strict';
/**
 * Tags and mass send in a real n8n (2.41.1 or 1.123.81, per jest project), one n8n instance for the file, the
 * simulator acting as WeChat (API and callbacks):
 *  (a) a workflow reads a segment of synced followers from a REAL PostgreSQL (n8n's Postgres node, Execute
 *      Query: the 25,000 'vip' rows of wechat_followers, 1,000 'standard' rows left out) and tags them with
 *      Tag > Add Followers: ceil(25,000/50) = 500 tagging calls, counted by the simulator; a second workflow
 *      mass sends a text to that tag; WeChat's MASSSENDJOBFINISH arrives through the WeChat Trigger (safe
 *      mode) and a third workflow writes its counts, numbers equal to the simulator's deliveries;
 *  (b) the mass send executed again (a retry): alreadySent with the first msg_id, no delivery, no new job;
 *  (c) on n8n 2.41.1 only: a mass send to an OpenID list of 12,000 items (2 calls of 6,000) whose first answer
 *      is dropped after WeChat accepted it: exactly one message per follower. Skipped on 1.123.81: the
 *      dropped-connection path is our transport, identical on both lines, and proven by
 *      test/integration/WeChatOfficialAccount/massSend/massSend.test.ts.
 * PostgreSQL: a throw-away cluster (tools/postgres.js) for the file, removed in afterAll; the segment table is
 * seeded by the test in one client-side COPY (psql \copy) of the simulator's OpenIDs, not through n8n.
 * Needs `npm run build` first and PostgreSQL's initdb/pg_ctl/psql (.ci/run installs the Debian package).
 */
const fs = require('fs');
const path = require('path');
const { N8nInstance } = require('../../tools/n8n');
const { TempPostgres } = require('../../tools/postgres');
const { startSimulator, DEFAULT_APPS } = require('../../tools/simulator');
const { node, chain, apiCredential, callbackCredential } = require('../../tools/workflows');
const { apiCallsSince } = require('../helpers/e2e');

const FOLLOWERS = 25_000;
/** Followers in the table but outside the 'vip' segment (not tagged: proves the query's WHERE is what selects). */
const OTHERS = 1_000;
const LIST = 12_000;
const OA = DEFAULT_APPS.oa;
const OA_CREDENTIAL = { id: 'wechatOaMassE2e', name: 'WeChat Official Account' };
const PG_CREDENTIAL = { id: 'postgresMassE2e', name: 'Postgres' };
const CALLBACK_CREDENTIAL = { id: 'wechatCbMassE2e', name: 'WeChat Callback' };
const WECHAT = { appId: OA.appId, token: 'e2eMassSendToken9', encodingAesKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR' };
const TRIGGER_WEBHOOK = '5b1f6d20-7a3c-4e11-9c2d-00000000013a';
const OA_TYPE = 'n8n-nodes-wechat-platform.weChatOfficialAccount';
const credentials = { weChatOfficialAccountApi: OA_CREDENTIAL };
const DROP_TEST_N8N_VERSION = '2.41.1';
const project = process.env.E2E_N8N_VERSION || DROP_TEST_N8N_VERSION;
const runsDropTest = project === DROP_TEST_N8N_VERSION;

/** OpenIDs as the simulator makes them (tools/simulator README: prefix + base-36 index padded to 25). */
const openIdsCode = (n) => `return Array.from({ length: ${n} }, (_, i) => ({ json: { openid: 'oOA' + i.toString(36).padStart(25, '0'), customer: 'C' + i } }));`;
const webhook = (name, path) => node(name, 'n8n-nodes-base.webhook', 0, { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} }, { typeVersion: 2, webhookId: `5b1f6d20-7a3c-4e11-9c2d-${path.replace(/\W/g, '').slice(0, 12).padStart(12, '0')}` });

/** One item counting the outcomes of the node before (the webhook answers with it: no big run data to read back). */
const summary = (name, x) =>
	node(name, 'n8n-nodes-base.code', x, {
		mode: 'runOnceForAllItems',
		jsCode:
			'const items = $input.all().map((i) => i.json);\nconst outcomes = {};\nfor (const o of items) outcomes[o.outcome] = (outcomes[o.outcome] || 0) + 1;\nreturn [{ json: { items: items.length, outcomes, first: items[0], last: items[items.length - 1] } }];',
	});

let sim;
let tagId;
const pg = new TempPostgres();
const n8n = new N8nInstance({ queue: false });

function tagWorkflow() {
	return {
		id: 'wechatMassTagE2e',
		name: 'e2e: tag 25,000 followers',
		nodes: [
			webhook('Start', 'tag-followers'),
			node('VIP Segment', 'n8n-nodes-base.postgres', 220, { operation: 'executeQuery', query: "SELECT openid FROM wechat_followers WHERE segment = 'vip' ORDER BY openid;", options: {} }, { typeVersion: 2.6, credentials: { postgres: PG_CREDENTIAL } }),
			node('Add to Tag', OA_TYPE, 440, { resource: 'tag', operation: 'addFollowers', tag: { __rl: true, mode: 'id', value: String(tagId) }, openid: '={{ $json.openid }}', options: { concurrency: 5 } }, { credentials }),
			summary('Summary', 660),
		],
		connections: chain('Start', 'VIP Segment', 'Add to Tag', 'Summary'),
		settings: { executionOrder: 'v1' },
	};
}

function sendToTagWorkflow() {
	return {
		id: 'wechatMassSendE2e',
		name: 'e2e: mass send to the tag',
		nodes: [
			webhook('Start', 'mass-send-tag'),
			node('Mass Send', OA_TYPE, 220, { resource: 'massSend', operation: 'send', target: 'tag', tag: { __rl: true, mode: 'id', value: String(tagId) }, messageType: 'text', text: 'Autumn sale: 20% off this weekend', options: {} }, { credentials }),
		],
		connections: chain('Start', 'Mass Send'),
		settings: { executionOrder: 'v1' },
	};
}

function jobResultWorkflow() {
	return {
		id: 'wechatMassJobE2e',
		name: 'e2e: record MASSSENDJOBFINISH',
		nodes: [
			node('WeChat Trigger', 'n8n-nodes-wechat-platform.weChatTrigger', 0, { responseMode: 'onReceived', triggerOn: ['event:MASSSENDJOBFINISH'], options: {} }, {
				webhookId: TRIGGER_WEBHOOK,
				credentials: { weChatCallbackApi: CALLBACK_CREDENTIAL },
			}),
			node('Record Counts', 'n8n-nodes-base.code', 220, {
				mode: 'runOnceForAllItems',
				jsCode:
					'return $input.all().map(({ json }) => ({ json: { msgId: json.MsgID, status: json.Status, total: json.TotalCount, filtered: json.FilterCount, sent: json.SentCount, errors: json.ErrorCount, countsAreNumbers: [json.TotalCount, json.FilterCount, json.SentCount, json.ErrorCount].every((n) => typeof n === "number") } }));',
			}),
		],
		connections: chain('WeChat Trigger', 'Record Counts'),
		settings: { executionOrder: 'v1' },
	};
}

function listWorkflow() {
	return {
		id: 'wechatMassListE2e',
		name: 'e2e: mass send to 12,000 OpenIDs',
		nodes: [
			webhook('Start', 'mass-send-list'),
			node('Recipients', 'n8n-nodes-base.code', 220, { mode: 'runOnceForAllItems', jsCode: openIdsCode(LIST) }),
			node('Mass Send', OA_TYPE, 440, { resource: 'massSend', operation: 'send', target: 'openids', touser: '={{ $json.openid }}', messageType: 'text', text: 'Your voucher is ready', options: {} }, { credentials }),
			summary('Summary', 660),
		],
		connections: chain('Start', 'Recipients', 'Mass Send', 'Summary'),
		settings: { executionOrder: 'v1' },
	};
}

async function post(path) {
	const res = await fetch(n8n.webhookUrl(path), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(240_000) });
	const text = await res.text();
	if (res.status !== 200) throw new Error(`POST ${path}: ${res.status} ${text.slice(0, 500)}\n${n8n.logTail(60)}`);
	return JSON.parse(text);
}

const deliveriesOf = (msgId) => sim.massDeliveries.filter((d) => d.msgId === msgId).length;

/** The synced-followers table: the simulator's first 25,000 followers 'vip', the next 1,000 'standard', one COPY. */
function seedSegment() {
	pg.sql('CREATE TABLE wechat_followers (openid text PRIMARY KEY, segment text NOT NULL)');
	const csv = path.join(pg.dir, 'followers.csv');
	const rows = Array.from({ length: FOLLOWERS + OTHERS }, (_, i) => `${sim.person(i).oaOpenId},${i < FOLLOWERS ? 'vip' : 'standard'}`);
	fs.writeFileSync(csv, `${rows.join('\n')}\n`);
	pg.sql(`\\copy wechat_followers (openid, segment) FROM '${csv}' WITH (FORMAT csv)`);
	fs.rmSync(csv);
	expect(pg.sql('SELECT segment, count(*) FROM wechat_followers GROUP BY segment ORDER BY segment')).toEqual([['standard', String(OTHERS)], ['vip', String(FOLLOWERS)]]);
}

beforeAll(async () => {
	await pg.start();
	sim = await startSimulator({ port: 0 });
	sim.seedFollowers(FOLLOWERS + OTHERS);
	seedSegment();
	tagId = sim.addTag(OA.appId, 'Autumn campaign');
	await n8n.prepare();
	await n8n.importCredentials([apiCredential(OA_CREDENTIAL, 'weChatOfficialAccountApi', OA, sim.url), callbackCredential(CALLBACK_CREDENTIAL, WECHAT),
		{ ...PG_CREDENTIAL, type: 'postgres', data: { ...pg.connection('postgres'), ssl: 'disable', allowUnauthorizedCerts: false, maxConnections: 10 } },
	]);
	const workflows = [tagWorkflow(), sendToTagWorkflow(), jobResultWorkflow(), listWorkflow()];
	await n8n.importWorkflows(workflows);
	for (const w of workflows) await n8n.activate(w.id);
	await n8n.start();
	sim.massSendCallback({ url: n8n.webhookUrl(`${TRIGGER_WEBHOOK}/callback`), ...WECHAT, mode: 'safe' });
}, 35 * 60_000);

afterAll(async () => {
	await n8n.stop();
	if (sim) await sim.stop();
	await pg.stop();
}, 120_000);

test('(a) a Postgres segment of 25,000 synced followers (Postgres node) tagged in 500 calls; one mass send to the tag; MASSSENDJOBFINISH counts written as numbers', async () => {
	const before = { ...sim.calls };
	const started = Date.now();
	const tagged = await post('tag-followers');
	const tagMs = Date.now() - started;
	expect(tagged).toMatchObject({ items: FOLLOWERS, outcomes: { tagged: FOLLOWERS } });
	expect(tagged.last).toMatchObject({ outcome: 'tagged', openid: sim.person(FOLLOWERS - 1).oaOpenId, tagId });
	expect(apiCallsSince(sim, before)).toEqual({ '/cgi-bin/tags/members/batchtagging': Math.ceil(FOLLOWERS / 50) });
	expect(tagged.first).toMatchObject({ outcome: 'tagged', openid: sim.person(0).oaOpenId, tagId });
	expect(sim.tagsOf(OA.appId)[0].openids).toHaveLength(FOLLOWERS);
	expect(sim.tagsOf(OA.appId)[0].openids).not.toContain(sim.person(FOLLOWERS).oaOpenId); // 'standard': not in the segment

	const answer = await post('mass-send-tag');
	expect(answer).toMatchObject({ outcome: 'sent', reason: null, target: 'tag', tagId, msgtype: 'text' });
	expect(deliveriesOf(answer.msgId)).toBe(FOLLOWERS);

	// WeChat's job result, through the Trigger: its counts are the simulator's deliveries.
	const [job] = await n8n.waitForExecutions({ workflowId: 'wechatMassJobE2e', count: 1, timeoutMs: 60_000 });
	expect(job.status).toBe('success');
	const recorded = n8n.outputOf(await n8n.executionData(job.id), 'Record Counts');
	expect(recorded).toEqual([{ msgId: String(answer.msgId), status: 'send success', total: FOLLOWERS, filtered: FOLLOWERS, sent: deliveriesOf(answer.msgId), errors: 0, countsAreNumbers: true }]);
	expect(sim.massSendEvents).toEqual([expect.objectContaining({ msgId: answer.msgId, status: 200 })]);
	process.stdout.write(`real n8n: 25,000 followers from a Postgres segment tagged (500 calls) in ${tagMs} ms; mass send + MASSSENDJOBFINISH in ${Date.now() - started - tagMs} ms\n`);
}, 300_000);

test('(b) the same mass send executed again: alreadySent with the first msg_id, nothing delivered twice, no new job', async () => {
	const firstMsgId = sim.massJobs[0].msgId;
	const answer = await post('mass-send-tag');
	expect(answer).toMatchObject({ outcome: 'alreadySent', msgId: firstMsgId, errcode: 45065 });
	expect(sim.massJobs).toHaveLength(1);
	expect(sim.massDeliveries).toHaveLength(FOLLOWERS);
	expect(sim.calls['/cgi-bin/message/mass/sendall']).toBe(2);
	expect(sim.massSendEvents).toHaveLength(1);
}, 120_000);

(runsDropTest ? test : test.skip)(
	runsDropTest
		? "(c) 12,000 OpenIDs, the first call's answer dropped after WeChat accepted it: one message each"
		: `(c) skipped on n8n ${project} (runs on ${DROP_TEST_N8N_VERSION} only): the 12,000-OpenID dropped-connection case is our transport, identical on both lines, proven by test/integration/WeChatOfficialAccount/massSend/massSend.test.ts`,
	async () => {
		const before = { ...sim.calls };
		const deliveriesBefore = sim.massDeliveries.length;
		sim.fault({ type: 'drop', when: 'after', path: '/cgi-bin/message/mass/send', times: 1 });
		const answer = await post('mass-send-list');
		// Call 1 was accepted, its answer lost; the transport sent the SAME body again and WeChat answered 45065.
		expect(answer).toMatchObject({ items: LIST, outcomes: { alreadySent: LIST / 2, sent: LIST / 2 } });
		expect(answer.first).toMatchObject({ outcome: 'alreadySent', call: 1, calls: 2, touser: sim.person(0).oaOpenId, msgId: sim.massJobs[1].msgId });
		expect(answer.last).toMatchObject({ outcome: 'sent', call: 2, calls: 2, touser: sim.person(LIST - 1).oaOpenId, msgId: sim.massJobs[2].msgId });
		expect(apiCallsSince(sim, before)).toEqual({ '/cgi-bin/message/mass/send': 3 });
		const listDeliveries = sim.massDeliveries.slice(deliveriesBefore);
		expect(listDeliveries).toHaveLength(LIST);
		expect(new Set(listDeliveries.map((d) => d.touser)).size).toBe(LIST);

		// Two jobs, two MASSSENDJOBFINISH through the Trigger, their SentCounts adding up to the deliveries.
		const jobs = await n8n.waitForExecutions({ workflowId: 'wechatMassJobE2e', count: 3, timeoutMs: 60_000 });
		const recorded = [];
		for (const job of jobs.slice(1)) recorded.push(...n8n.outputOf(await n8n.executionData(job.id), 'Record Counts'));
		expect(recorded.map((r) => r.msgId).sort()).toEqual(sim.massJobs.slice(1).map((j) => String(j.msgId)).sort());
		expect(recorded.reduce((sum, r) => sum + r.sent, 0)).toBe(LIST);
	},
	300_000,
);
