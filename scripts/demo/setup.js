'use strict';
/**
 * Setting the demo up (scripts/demo.js, steps 1 to 3): the build, the WeChat simulator with its followers
 * and subscribers, a real n8n (installing Node 24 and n8n on the first run, with a heartbeat), the owner
 * account and the activation of the webhook workflows. What runs is stored in `state` ({ sim, n8n }) as
 * soon as it exists, so that the demo's shutdown stops it even when a later step fails.
 */
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { N8nInstance } = require('../../tools/n8n');
const { startSimulator, DEFAULT_APPS } = require('../../tools/simulator');
const { say, seconds, step } = require('./output');
const { ROOT, SKIP_BUILD, N8N_VERSION, FOLLOWERS, UNION_ID_EVERY, SUBSCRIBED_MP_USERS, SUBSCRIBE_TEMPLATE, OWNER } = require('./settings');

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

/** The simulator, seeded: FOLLOWERS Official Account followers and SUBSCRIBED_MP_USERS Mini Program subscribers. */
async function startWeChat(state) {
	const sim = (state.sim = await startSimulator({ port: 0 }));
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

/**
 * A real n8n with this package installed (state.n8n), prepared but not started. `onSignal` is the demo's own
 * signal handler: the only one kept when the harness's are removed.
 */
async function prepareN8n(state, onSignal) {
	const env = {};
	if (process.env.DEMO_LISTEN_ADDRESS) env.N8N_LISTEN_ADDRESS = process.env.DEMO_LISTEN_ADDRESS;
	const n8n = (state.n8n = new N8nInstance({ version: N8N_VERSION, env }));
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
	// The harness kills n8n with SIGKILL on Ctrl-C; the demo stops it gracefully instead
	// (onSignal and shutdown in scripts/demo.js).
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		for (const listener of process.listeners(signal)) if (listener !== onSignal) process.removeListener(signal, listener);
	}
}

/**
 * n8n 2.x opens a setup screen until an owner exists: create one (POST /rest/owner/setup, as that screen
 * does) and log in (POST /rest/login). Returns the session cookie, or { problem } when that did not work.
 */
async function setupOwner(n8n) {
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
 * second each) and waits until their webhooks are registered. An example that needs the user's own settings
 * before it can run (a tag to pick, a database) is refused by n8n with a validation error: it stays inactive
 * and is listed with n8n's reason. Without a session: `n8n publish:workflow` for each (a few seconds each)
 * and a restart. Resolves { activated, needsSettings: [{ example, reason }] }.
 */
async function activateWebhookWorkflows(n8n, active, cookie) {
	if (!cookie) {
		for (const { workflow } of active) await n8n.activate(workflow.id);
		await n8n.restart();
		return { activated: active, needsSettings: [] };
	}
	const headers = { 'content-type': 'application/json', cookie };
	const activated = [];
	const needsSettings = [];
	for (const example of active) {
		const { workflow } = example;
		const get = await fetch(`${n8n.baseUrl}/rest/workflows/${encodeURIComponent(workflow.id)}`, { headers });
		if (!get.ok) throw new Error(`GET /rest/workflows/${workflow.id} -> HTTP ${get.status}: ${(await get.text()).slice(0, 300)}`);
		const { versionId } = (await get.json()).data;
		const post = await fetch(`${n8n.baseUrl}/rest/workflows/${encodeURIComponent(workflow.id)}/activate`, {
			method: 'POST',
			headers,
			body: JSON.stringify({ versionId }),
		});
		const text = await post.text();
		if (post.status === 400 && /"validationError":true/.test(text)) {
			needsSettings.push({ example, reason: JSON.parse(text).message.replace(/\s+/g, ' ').trim() });
			continue;
		}
		if (!post.ok) throw new Error(`activating "${workflow.name}" -> HTTP ${post.status}: ${text.slice(0, 300)}`);
		activated.push(example);
	}
	const deadline = Date.now() + 60_000;
	for (;;) {
		const registered = new Set((await n8n.webhooks()).map((w) => w.workflowId));
		if (activated.every(({ workflow }) => registered.has(workflow.id))) return { activated, needsSettings };
		if (Date.now() > deadline) throw new Error(`webhooks not registered in time: ${JSON.stringify(await n8n.triggerStatus())}`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

module.exports = { build, startWeChat, prepareN8n, setupOwner, activateWebhookWorkflows };
