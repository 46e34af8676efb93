#!/usr/bin/env node
'use strict';
/**
 * `npm run demo`: the README's first Quick start command. Needs no WeChat account:
 *  0. installs the devDependencies when node_modules is missing or stale (scripts/ensure-deps.js: a fresh
 *     clone needs no `npm ci` first);
 *  1. builds the package (dist/);
 *  2. starts the WeChat API simulator (tools/simulator) in this process on a free loopback port: 1,000
 *     Official Account followers (every third bound to a UnionID) and a few Mini Program users who accepted
 *     subscribe messages;
 *  3. starts a real n8n 2.41.1 (tools/n8n; the first run installs Node 24 and n8n into
 *     ~/.cache/n8n-nodes-wechat-platform) with this package installed, the three credentials pointing at the
 *     simulator and the workflows of examples/ imported (the webhook ones active), and an owner account;
 *  4. plays a CRM: POSTs five "order paid" events to examples/crm-template-message.json and prints, in plain
 *     words, what came back (recipient, outcome, msgid) and what WeChat (the simulator) recorded as
 *     delivered; then a CRM retry, and a text message to the auto-reply example;
 *  5. prints the n8n URL and login and keeps everything running until Ctrl-C, then stops it all and removes
 *     n8n's temporary data folder.
 *
 * Env: DEMO_EXIT=1 does everything, then stops instead of waiting for Ctrl-C (test/e2e/demo.test.js);
 * DEMO_SKIP_BUILD=1 uses the existing dist/ (when there is one); DEMO_LISTEN_ADDRESS=0.0.0.0 makes n8n
 * reachable from other machines (default: loopback only); ENSURE_DEPS=0 skips the node_modules check. Plain
 * Node (>= 18), no dependencies.
 */
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const ensureDeps = require('./ensure-deps');
const { N8nInstance } = require(path.join(ROOT, 'tools', 'n8n'));
const { startSimulator, DEFAULT_APPS, sendCallback, decryptReply } = require(path.join(ROOT, 'tools', 'simulator'));
const { apiCredential } = require(path.join(ROOT, 'tools', 'workflows'));

const EXIT_WHEN_DONE = process.env.DEMO_EXIT === '1';
const SKIP_BUILD = process.env.DEMO_SKIP_BUILD === '1';
const N8N_VERSION = '2.41.1';
const FOLLOWERS = 1000;
const UNION_ID_EVERY = 3; // person i has a UnionID when i % 3 === 0
const SUBSCRIBED_MP_USERS = 5; // Mini Program users 0..4 accepted 3 subscribe messages each
const SUBSCRIBE_TEMPLATE = 'SUB_ORDER';
const OWNER = { email: 'demo@example.com', firstName: 'WeChat', lastName: 'Demo', password: 'WeChatDemo1' };
const CALLBACK = { token: 'demoCallbackToken2024', encodingAesKey: 'DemoEncodingAesKey0123456789abcdefghijklmno' };
/** The example's template is a placeholder: the simulator's template with the same keywords. */
const OA_TEMPLATE = { __rl: true, mode: 'list', value: 'TPL_PAYMENT', cachedResultName: 'Payment received' };
const MP_TEMPLATE = { __rl: true, mode: 'list', value: SUBSCRIBE_TEMPLATE, cachedResultName: '订单状态通知' };
/** Credentials the examples do not reference get these ids and names. */
const DEFAULT_CREDENTIALS = {
	weChatOfficialAccountApi: { id: 'wechatOaExample', name: 'WeChat Official Account' },
	weChatMiniProgramApi: { id: 'wechatMpExample', name: 'WeChat Mini Program' },
	weChatCallbackApi: { id: 'wechatCallbackExample', name: 'WeChat Callback' },
};

let sim;
let n8n;
let stopping;

// ---------------------------------------------------------------------------------------------------------
// Output

const say = (text = '') => process.stdout.write(`[demo] ${text}\n`);
const seconds = (ms) => (ms >= 90_000 ? `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s` : `${(ms / 1000).toFixed(1)} s`);

/** Prints "label...", runs fn, prints how long it took. */
async function step(label, fn) {
	const started = Date.now();
	process.stdout.write(`[demo] ${label}... `);
	try {
		const result = await fn();
		process.stdout.write(`${seconds(Date.now() - started)}\n`);
		return result;
	} catch (error) {
		process.stdout.write('failed\n');
		throw error;
	}
}

// ---------------------------------------------------------------------------------------------------------
// Steps

function build() {
	if (SKIP_BUILD && fs.existsSync(path.join(ROOT, 'dist'))) {
		say('using the existing build in dist/ (DEMO_SKIP_BUILD=1)');
		return Promise.resolve();
	}
	return step('building the package (npm run build: tsc + icons)', () => new Promise((resolve, reject) => {
		const npmCli = process.env.npm_execpath;
		const [command, args] =
			npmCli && /npm-cli\.js$/.test(npmCli) ? [process.execPath, [npmCli, 'run', 'build']] : ['npm', ['run', 'build']];
		const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		child.on('error', reject);
		child.on('close', (code) => {
			if (code === 0) resolve();
			else reject(new Error(`npm run build failed (exit ${code}):\n${output.trim()}`));
		});
	}));
}

async function startWeChat() {
	sim = await startSimulator({ port: 0 });
	sim.seedFollowers(FOLLOWERS, { unionIdEvery: UNION_ID_EVERY });
	for (let i = 0; i < SUBSCRIBED_MP_USERS; i++) sim.grantSubscription(sim.person(i).mpOpenId, SUBSCRIBE_TEMPLATE, 3);
	const withUnionId = Math.ceil(FOLLOWERS / UNION_ID_EVERY);
	say(`WeChat simulator on ${sim.url} (stands in for https://api.weixin.qq.com):`);
	say(`  Official Account ${DEFAULT_APPS.oa.appId}: ${FOLLOWERS.toLocaleString('en-US')} followers, ${withUnionId} of them bound to a UnionID`);
	say(`  Mini Program ${DEFAULT_APPS.mp.appId}: users 0..${SUBSCRIBED_MP_USERS - 1} accepted 3 "${SUBSCRIBE_TEMPLATE}" subscribe messages each`);
}

/** Where runtime.sh caches Node 24 and n8n, and what it still has to install. */
function missingRuntime() {
	const cache = process.env.WECHAT_E2E_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-wechat-platform');
	let nodeVersion = '24';
	try {
		const m = /NODE_VERSION="([^"]+)"/.exec(fs.readFileSync(path.join(ROOT, 'tools', 'n8n', 'runtime.sh'), 'utf8'));
		if (m) nodeVersion = m[1];
	} catch {
		// keep the generic name
	}
	const missing = [];
	if (!fs.existsSync(path.join(cache, `node-${nodeVersion}`, '.done'))) missing.push(`Node ${nodeVersion}`);
	if (!fs.existsSync(path.join(cache, `n8n-${N8N_VERSION}`, '.done'))) missing.push(`n8n ${N8N_VERSION}`);
	return { cache, missing };
}

async function prepareN8n() {
	const env = {};
	if (process.env.DEMO_LISTEN_ADDRESS) env.N8N_LISTEN_ADDRESS = process.env.DEMO_LISTEN_ADDRESS;
	n8n = new N8nInstance({ version: N8N_VERSION, env });
	const { cache, missing } = missingRuntime();
	if (missing.length === 0) {
		await step(`preparing n8n ${N8N_VERSION} (cached in ${cache}) with this package installed`, () => n8n.prepare());
	} else {
		say(`installing ${missing.join(' and ')} into ${cache} (first run only: 5 to 10 minutes, ~3 GB)...`);
		const started = Date.now();
		const heartbeat = setInterval(() => say(`  still installing (${seconds(Date.now() - started)})...`), 30_000);
		try {
			await n8n.prepare();
		} finally {
			clearInterval(heartbeat);
		}
		say(`installed in ${seconds(Date.now() - started)}; later runs reuse it`);
	}
	// The harness kills n8n with SIGKILL on Ctrl-C; this script stops it gracefully instead (see below).
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		for (const listener of process.listeners(signal)) if (listener !== onSignal) process.removeListener(signal, listener);
	}
}

function readExamples() {
	const dir = path.join(ROOT, 'examples');
	return fs
		.readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) }));
}

const isPlaceholder = (template) => !template || !template.value || /^REPLACE_/i.test(String(template.value));
const hasWebhook = (workflow) =>
	workflow.nodes.some((node) => node.type === 'n8n-nodes-base.webhook' || node.type.endsWith('.weChatTrigger'));
const nodeOfType = (workflow, suffix) => workflow.nodes.find((node) => node.type.endsWith(suffix));

/** The credentials the examples reference (id and name per type), plus the ones none references. */
function credentialRefs(examples) {
	const refs = { ...DEFAULT_CREDENTIALS };
	for (const { workflow } of examples) {
		for (const node of workflow.nodes) {
			for (const [type, ref] of Object.entries(node.credentials || {})) if (ref && ref.id) refs[type] = { id: ref.id, name: ref.name || ref.id };
		}
	}
	return refs;
}

async function importEverything(examples) {
	const refs = credentialRefs(examples);
	const credentials = [
		apiCredential(refs.weChatOfficialAccountApi, 'weChatOfficialAccountApi', DEFAULT_APPS.oa, sim.url),
		apiCredential(refs.weChatMiniProgramApi, 'weChatMiniProgramApi', DEFAULT_APPS.mp, sim.url),
		{
			...refs.weChatCallbackApi,
			type: 'weChatCallbackApi',
			data: { appId: DEFAULT_APPS.oa.appId, token: CALLBACK.token, encodingAesKey: CALLBACK.encodingAesKey, previousEncodingAesKey: '' },
		},
	];
	await step(`importing 3 credentials (${credentials.map((c) => c.name).join(', ')}) pointing at the simulator`, () =>
		n8n.importCredentials(credentials),
	);

	// The examples ship with a template ID placeholder: use the simulator's template with the same keywords.
	for (const { workflow } of examples) {
		for (const node of workflow.nodes) {
			if (node.type.endsWith('.weChatOfficialAccount') && node.parameters.resource === 'templateMessage' && isPlaceholder(node.parameters.template)) node.parameters.template = { ...OA_TEMPLATE };
			if (node.type.endsWith('.weChatMiniProgram') && node.parameters.resource === 'subscribeMessage' && isPlaceholder(node.parameters.template)) node.parameters.template = { ...MP_TEMPLATE };
		}
	}
	await step(`importing ${examples.length} example workflows (${examples.map((e) => e.file).join(', ')})`, () =>
		n8n.importWorkflows(examples.map((e) => e.workflow)),
	);
}

/**
 * n8n 2.x opens a setup screen until an owner exists: create one (POST /rest/owner/setup, as that screen
 * does) and log in (POST /rest/login). Returns the session cookie, or { problem } when that did not work.
 */
async function setupOwner() {
	const post = (urlPath, body) =>
		fetch(`${n8n.baseUrl}${urlPath}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	const setup = await post('/rest/owner/setup', OWNER);
	if (!setup.ok) return { problem: `could not create the owner account (HTTP ${setup.status}: ${(await setup.text()).slice(0, 200)})` };
	const login = await post('/rest/login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
	const cookie = (login.headers.get('set-cookie') || '').split(';')[0];
	if (!login.ok || !cookie) return { problem: `the owner account was created but logging in failed (HTTP ${login.status})` };
	return { cookie };
}

/**
 * Publishes the webhook workflows as the owner would in the editor (POST /rest/workflows/:id/activate; a
 * second each) and waits until their webhooks are registered. Without a session: `n8n publish:workflow`
 * for each (a few seconds each) and a restart.
 */
async function activateWebhookWorkflows(active, cookie) {
	if (!cookie) {
		for (const { workflow } of active) await n8n.activate(workflow.id);
		await n8n.restart();
		return;
	}
	const headers = { 'content-type': 'application/json', cookie };
	for (const { workflow } of active) {
		const get = await fetch(`${n8n.baseUrl}/rest/workflows/${encodeURIComponent(workflow.id)}`, { headers });
		if (!get.ok) throw new Error(`GET /rest/workflows/${workflow.id} -> HTTP ${get.status}: ${(await get.text()).slice(0, 300)}`);
		const { versionId } = (await get.json()).data;
		const post = await fetch(`${n8n.baseUrl}/rest/workflows/${encodeURIComponent(workflow.id)}/activate`, {
			method: 'POST',
			headers,
			body: JSON.stringify({ versionId }),
		});
		if (!post.ok) throw new Error(`activating "${workflow.name}" -> HTTP ${post.status}: ${(await post.text()).slice(0, 300)}`);
	}
	const deadline = Date.now() + 60_000;
	for (;;) {
		const registered = new Set((await n8n.webhooks()).map((w) => w.workflowId));
		if (active.every(({ workflow }) => registered.has(workflow.id))) return;
		if (Date.now() > deadline) throw new Error(`webhooks not registered in time: ${JSON.stringify(await n8n.triggerStatus())}`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

// ---------------------------------------------------------------------------------------------------------
// The CRM -> template message flow

const pad = (s, n) => String(s).padEnd(n);

function crmEvents() {
	// China time, as the CRM of a WeChat shop would send it.
	const paidAt = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
	const customers = [
		{ name: 'Li Wei', i: 3, item: 'Coffee beans 1kg', amount: '¥128.00', via: 'oa' },
		{ name: 'Wang Fang', i: 7, item: 'Green tea 250g', amount: '¥66.00', via: 'oa' },
		{ name: 'Zhang Min', i: 12, item: 'Pour-over kettle', amount: '¥239.00', via: 'oa' },
		{ name: 'Chen Jie', i: FOLLOWERS + 5, item: 'Ceramic mug', amount: '¥45.00', via: 'oa' },
		{ name: 'Liu Yang', i: 42, item: 'Cold brew bottle', amount: '¥89.00', via: 'mp' },
	];
	return customers.map((c, k) => {
		const person = sim.person(c.i);
		const openid = c.via === 'mp' ? person.mpOpenId : person.oaOpenId;
		const body = { openid, orderNo: `SO-${10001 + k}`, item: c.item, amount: c.amount, paidAt };
		// A CRM that knows the customer's UnionID sends it along (the shipped example does not need it).
		if (person.unionId) body.unionid = person.unionId;
		const who =
			c.via === 'mp'
				? `bought in the Mini Program: the CRM has their Mini Program OpenID ${openid}`
				: person.follower
					? `follows the Official Account (OpenID ${openid})`
					: `does not follow the Official Account (OpenID ${openid})`;
		return { ...c, person, body, who };
	});
}

async function postJson(url, body) {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	const text = await response.text();
	if (!response.ok) throw new Error(`POST ${url} -> HTTP ${response.status}: ${text.slice(0, 500)}`);
	try {
		return JSON.parse(text);
	} catch {
		throw new Error(`POST ${url} -> not JSON: ${text.slice(0, 500)}`);
	}
}

function describeOutcome(answer) {
	if (answer.outcome === 'sent') return `sent  msgid ${answer.msgid}  (clientMsgId ${answer.clientMsgId})`;
	return `${answer.outcome}  errcode ${answer.errcode}: ${answer.reason}`;
}

async function runCrmFlow(crmWorkflow) {
	const webhook = nodeOfType(crmWorkflow, 'n8n-nodes-base.webhook');
	const url = n8n.webhookUrl(webhook.parameters.path);
	const events = crmEvents();
	const tokenFetchesBefore = sim.tokenFetches();
	say();
	say(`The CRM -> WeChat template message flow ("${crmWorkflow.name}", examples/crm-template-message.json):`);
	say(`the CRM POSTs ${events.length} "order paid" events to ${url}`);
	say('and n8n answers each with the Send Template Message node\'s outcome:');
	const answers = [];
	for (const [k, event] of events.entries()) {
		const started = Date.now();
		const answer = await postJson(url, event.body);
		answers.push(answer);
		say(`  ${k + 1}. order ${event.body.orderNo}, ${event.name}, ${event.who}`);
		say(`     -> ${describeOutcome(answer)}  [${Date.now() - started} ms]`);
	}

	const counts = {};
	for (const a of answers) counts[a.outcome] = (counts[a.outcome] || 0) + 1;
	const order = ['sent', 'notFollowing', 'invalidOpenid', 'refused', 'failed'];
	const countText = [...order, ...Object.keys(counts).filter((o) => !order.includes(o))]
		.filter((o) => counts[o] || ['sent', 'failed'].includes(o))
		.map((o) => `${counts[o] || 0} ${o}`)
		.join(', ');
	say();
	say(`Outcomes returned to the CRM: ${countText}`);

	// What WeChat recorded: one delivery per "sent", with the msgid the CRM got back.
	const delivered = sim.templateDeliveries.slice();
	say(`WeChat (the simulator) recorded ${delivered.length} template message${delivered.length === 1 ? '' : 's'} delivered:`);
	for (const d of delivered) {
		const data = Object.entries(d.data || {}).map(([key, v]) => `${key}=${v.value}`).join(', ');
		say(`  delivered to ${d.touser}  msgid ${d.msgid}  template ${d.template_id}: ${data}; link ${d.url}`);
	}
	const sent = answers.filter((a) => a.outcome === 'sent');
	const byMsgid = new Map(delivered.map((d) => [String(d.msgid), d]));
	const consistent =
		sent.length === delivered.length && sent.every((a) => byMsgid.has(String(a.msgid)) && byMsgid.get(String(a.msgid)).touser === a.touser);
	const notSent = answers.length - sent.length;
	say(
		consistent
			? `Every "sent" answer has exactly one delivery with the same msgid; ${notSent === 0 ? 'nobody was skipped' : `the other ${notSent} got nothing`}, and the batch went on.`
			: 'MISMATCH between the outcomes and what WeChat recorded!',
	);

	// Explain what the example does not do for Mini Program customers.
	for (const [k, event] of events.entries()) {
		if (event.via !== 'mp' || answers[k].outcome === 'sent') continue;
		say(
			`${event.name}'s OpenID belongs to the Mini Program (every WeChat account has its own OpenIDs), so the Official Account refused it.`,
		);
		if (event.person.unionId) {
			say(
				`  ${event.name} has the UnionID ${event.person.unionId}: a Resolve UnionID node (UnionID to Official Account OpenID) before ` +
					`the send would find their Official Account OpenID ${event.person.oaOpenId}; or use Send Subscribe Message with the Mini Program credential.`,
			);
		}
	}

	// A CRM retry: same content, same client_msg_id, WeChat drops the repeat.
	say();
	const first = events.findIndex((_, k) => answers[k].outcome === 'sent');
	let retry;
	if (first >= 0) {
		const before = sim.templateDeliveries.length;
		retry = await postJson(url, events[first].body);
		const after = sim.templateDeliveries.length;
		const same = retry.outcome === 'sent' && String(retry.msgid) === String(answers[first].msgid);
		say(`The CRM retries order ${events[first].body.orderNo} (same content, e.g. after a timeout): -> ${retry.outcome}, ${same ? 'same' : 'DIFFERENT'} msgid ${retry.msgid};`);
		say(
			after === before
				? `  WeChat delivered nothing new (still ${after}): the clientMsgId, derived from the content, made WeChat drop the repeat.`
				: `  WeChat delivered it AGAIN (${before} -> ${after})!`,
		);
	}

	const runs = events.length + (retry ? 1 : 0);
	const executions = await n8n.waitForExecutions({ workflowId: crmWorkflow.id, count: runs });
	const ok = executions.filter((e) => e.status === 'success').length;
	const tokens = sim.tokenFetches() - tokenFetchesBefore;
	say(`n8n ran the workflow ${executions.length} times, ${ok} succeeded; ${tokens} access token fetched for all of them (stable token, cached in the credential).`);
	return { answers, delivered, consistent };
}

/** A follower texts the Official Account; WeChat (the simulator) calls the auto-reply example in safe mode. */
async function runAutoReply(replyWorkflow) {
	const hooks = await n8n.webhooks();
	const hook = hooks.find((h) => h.workflowId === replyWorkflow.id && h.method === 'POST');
	if (!hook) return;
	const url = n8n.webhookUrl(hook.webhookPath);
	const wechat = { appId: DEFAULT_APPS.oa.appId, ...CALLBACK };
	const content = '你好, is my order on its way?';
	const message = {
		ToUserName: DEFAULT_APPS.oa.originalId,
		FromUserName: sim.person(3).oaOpenId,
		CreateTime: Math.floor(Date.now() / 1000),
		MsgType: 'text',
		Content: content,
		MsgId: String(7_300_000_000_000_000_000n + BigInt(Date.now())),
	};
	const response = await sendCallback(url, { ...wechat, mode: 'safe', message });
	const reply = response.status === 200 ? decryptReply(response.body, wechat) : undefined;
	say();
	say(`The auto-reply flow ("${replyWorkflow.name}"): Li Wei texts "${content}" to the Official Account;`);
	say(`WeChat calls the WeChat Trigger URL ${url} (safe mode: signed and AES-encrypted)`);
	say(
		reply && reply.valid
			? `  -> n8n answered in ${response.elapsedMs} ms with an encrypted passive reply that WeChat can verify: "${reply.message.Content}"`
			: `  -> unexpected answer: HTTP ${response.status} ${String(response.body).slice(0, 200)}`,
	);
}

// ---------------------------------------------------------------------------------------------------------
// Lifecycle

function onSignal(signal) {
	if (stopping) {
		say(`${signal} again: killing everything now`);
		process.exit(130); // the harness's exit handler SIGKILLs n8n; its watchdog removes the folder
	}
	process.stdout.write('\n');
	void shutdown(0, `${signal}: stopping n8n and the simulator (Ctrl-C again to kill at once)...`);
}

function shutdown(code, why) {
	if (!stopping) {
		stopping = (async () => {
			if (why) say(why);
			const started = Date.now();
			if (n8n) await n8n.stop().catch((error) => say(`stopping n8n: ${error.message}`));
			if (sim) await sim.stop().catch((error) => say(`stopping the simulator: ${error.message}`));
			say(`stopped n8n and the simulator, removed n8n's data folder (${seconds(Date.now() - started)})`);
			process.exit(code);
		})();
	}
	return stopping;
}

async function main() {
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, onSignal);
	const started = Date.now();
	say(`WeChat nodes for n8n, demo: a simulated WeChat and a real n8n ${N8N_VERSION} running this package`);
	// In this process, not as `ensure-deps && demo` in package.json: with a shell in between, a SIGINT sent to
	// npm (e.g. by `timeout -s INT`) would not reach this script.
	const depsStatus = ensureDeps();
	if (depsStatus !== 0) throw new Error(`installing the devDependencies failed (exit ${depsStatus})`);
	await build();
	await startWeChat();
	await prepareN8n();
	const examples = readExamples();
	await importEverything(examples);
	await step(`starting n8n ${N8N_VERSION}`, () => n8n.start());
	const owner = await step(`creating the owner account ${OWNER.email}`, () => setupOwner());
	const ownerProblem = owner.problem;
	if (ownerProblem) say(ownerProblem);
	const active = examples.filter((e) => hasWebhook(e.workflow));
	await step(`activating the ${active.length} example workflows with a webhook`, () => activateWebhookWorkflows(active, owner.cookie));

	// The OpenID flow; examples/crm-template-message-mini-program.json is its UnionID variant.
	const crm = examples.find((e) => e.file === 'crm-template-message.json');
	if (!crm) throw new Error('examples/crm-template-message.json is missing');
	const result = await runCrmFlow(crm.workflow);
	const reply = examples.find((e) => nodeOfType(e.workflow, '.weChatReply') && nodeOfType(e.workflow, '.weChatTrigger'));
	if (reply) await runAutoReply(reply.workflow);

	const follower = examples.find((e) => e.workflow.nodes.some((node) => node.type.endsWith('.weChatOfficialAccount') && node.parameters.resource === 'follower'));
	const crmUrl = n8n.webhookUrl(nodeOfType(crm.workflow, 'n8n-nodes-base.webhook').parameters.path);
	const sample = JSON.stringify({ openid: sim.person(20).oaOpenId, orderNo: 'SO-20001', item: 'Oolong tea', amount: '¥58.00', paidAt: '2024-05-01 10:00' });
	say();
	say('------------------------------------------------------------------------------------------');
	say(`n8n ${N8N_VERSION} is running: ${n8n.baseUrl}`);
	if (ownerProblem) say(`  ${ownerProblem}: open the URL and create an owner account yourself`);
	else say(`  log in: ${OWNER.email} / ${OWNER.password}`);
	say(`  active workflows: ${active.map((e) => `"${e.workflow.name}"`).join(', ')}`);
	if (follower) {
		say(`  open "${follower.workflow.name}" and click Execute workflow: ${FOLLOWERS.toLocaleString('en-US')} followers with their UnionIDs`);
	}
	say(`  credentials: ${Object.values(credentialRefs(examples)).map((c) => c.name).join(', ')} -> the WeChat simulator at ${sim.url}`);
	say(`  n8n data folder: ${n8n.userFolder} (removed when the demo stops)`);
	say('  send your own CRM event:');
	say(`    curl -s -X POST ${crmUrl} -H 'content-type: application/json' -d '${sample}'`);
	say(`ready in ${seconds(Date.now() - started)}`);
	if (!result.consistent) process.exitCode = 1;

	if (EXIT_WHEN_DONE) {
		await shutdown(process.exitCode || 0, 'DEMO_EXIT=1: stopping instead of waiting for Ctrl-C...');
		return;
	}
	say('Press Ctrl-C to stop n8n and the simulator.');
	// Ctrl-C reaches every process of the terminal's foreground group, this one included. A SIGTERM sent to
	// npm alone (a service manager, `kill <npm>`) kills npm's `sh -c` and leaves this process orphaned: stop
	// when the parent is gone.
	const parent = process.ppid;
	const watch = setInterval(() => {
		if (process.ppid !== parent) void shutdown(1, 'npm, the parent process, is gone: stopping n8n and the simulator...');
	}, 1000);
	const exit = await n8n.main.exited;
	clearInterval(watch);
	if (!stopping) {
		say(`n8n exited on its own (${JSON.stringify(exit)}):\n${n8n.logTail(40)}`);
		await shutdown(1);
	}
}

main().catch(async (error) => {
	process.stdout.write('\n');
	say(`failed: ${error && error.stack ? error.stack : error}`);
	await shutdown(1);
});
