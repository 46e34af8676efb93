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
 *
 * This file is the lifecycle (signals, shutdown) and the order of the steps; the steps live in scripts/demo/:
 * settings.js (what is set up), output.js (the "[demo]" lines), setup.js (build, simulator, n8n, owner,
 * activation), examples.js (credentials and examples/ imported), flows.js (the CRM and auto-reply flows).
 */
const ensureDeps = require('./ensure-deps');
const { say, seconds, step, printReady } = require('./demo/output');
const { build, startWeChat, prepareN8n, setupOwner, activateWebhookWorkflows } = require('./demo/setup');
const { readExamples, hasWebhook, nodeOfType, credentialRefs, importEverything } = require('./demo/examples');
const { runCrmFlow, runAutoReply } = require('./demo/flows');
const { EXIT_WHEN_DONE, N8N_VERSION, OWNER } = require('./demo/settings');

/** What runs, for shutdown: the simulator and n8n, set by the setup steps as soon as they exist. */
const state = { sim: undefined, n8n: undefined };
let stopping;

/** Ctrl-C (or SIGTERM/SIGHUP): a graceful stop; a second one kills at once. */
function onSignal(signal) {
	if (stopping) {
		say(`${signal} again: killing everything now`);
		process.exit(130); // the harness's exit handler SIGKILLs n8n; its watchdog removes the folder
	}
	process.stdout.write('\n');
	void shutdown(0, `${signal}: stopping n8n and the simulator (Ctrl-C again to kill at once)...`);
}

/** Stops n8n and the simulator once (every caller gets the same promise), then exits with `code`. */
function shutdown(code, why) {
	if (!stopping) {
		stopping = (async () => {
			if (why) say(why);
			const started = Date.now();
			if (state.n8n) await state.n8n.stop().catch((error) => say(`stopping n8n: ${error.message}`));
			if (state.sim) await state.sim.stop().catch((error) => say(`stopping the simulator: ${error.message}`));
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
	await startWeChat(state);
	await prepareN8n(state, onSignal);
	const { sim, n8n } = state;
	const examples = readExamples();
	await importEverything(n8n, sim, examples);
	await step(`starting n8n ${N8N_VERSION}`, () => n8n.start());
	const owner = await step(`creating the owner account ${OWNER.email}`, () => setupOwner(n8n));
	const ownerProblem = owner.problem;
	if (ownerProblem) say(ownerProblem);
	const withWebhook = examples.filter((e) => hasWebhook(e.workflow));
	const { activated: active, needsSettings } = await step(`activating the ${withWebhook.length} example workflows with a webhook`, () =>
		activateWebhookWorkflows(n8n, withWebhook, owner.cookie),
	);
	for (const { example, reason } of needsSettings) say(`  left inactive until you set it up: "${example.workflow.name}" (${reason})`);

	// The OpenID flow; examples/crm-template-message-mini-program.json is its UnionID variant.
	const crm = examples.find((e) => e.file === 'crm-template-message.json');
	if (!crm) throw new Error('examples/crm-template-message.json is missing');
	const result = await runCrmFlow(n8n, sim, crm.workflow);
	const reply = examples.find((e) => nodeOfType(e.workflow, '.weChatReply') && nodeOfType(e.workflow, '.weChatTrigger'));
	if (reply) await runAutoReply(n8n, sim, reply.workflow);

	const follower = examples.find((e) => e.workflow.nodes.some((node) => node.type.endsWith('.weChatOfficialAccount') && node.parameters.resource === 'follower'));
	const crmUrl = n8n.webhookUrl(nodeOfType(crm.workflow, 'n8n-nodes-base.webhook').parameters.path);
	const sample = JSON.stringify({ openid: sim.person(20).oaOpenId, orderNo: 'SO-20001', item: 'Oolong tea', amount: '¥58.00', paidAt: '2024-05-01 10:00' });
	const credentialNames = Object.values(credentialRefs(examples)).map((c) => c.name);
	printReady({ n8n, sim, ownerProblem, active, follower, credentialNames, crmUrl, sample, started });
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
