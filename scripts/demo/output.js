'use strict';
/**
 * How the demo talks: every line starts with "[demo] " (test/e2e/demo.test.js reads the lines by that
 * prefix), steps print "label... 1.2 s", and the closing block says where n8n runs and how to use it.
 * Printing only: the figures come from the callers.
 */
const { N8N_VERSION, FOLLOWERS, OWNER } = require('./settings');

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

/**
 * The block printed once everything runs: the URL and login, the active workflows, what to try, where the
 * credentials point and n8n's data folder, and a curl line for the user's own CRM event.
 */
function printReady({ n8n, sim, ownerProblem, active, follower, credentialNames, crmUrl, sample, started }) {
	say();
	say('------------------------------------------------------------------------------------------');
	say(`n8n ${N8N_VERSION} is running: ${n8n.baseUrl}`);
	if (ownerProblem) say(`  ${ownerProblem}: open the URL and create an owner account yourself`);
	else say(`  log in: ${OWNER.email} / ${OWNER.password}`);
	say(`  active workflows: ${active.map((e) => `"${e.workflow.name}"`).join(', ')}`);
	if (follower) {
		say(`  open "${follower.workflow.name}" and click Execute workflow: ${FOLLOWERS.toLocaleString('en-US')} followers with their UnionIDs`);
	}
	say(`  credentials: ${credentialNames.join(', ')} -> the WeChat simulator at ${sim.url}`);
	say(`  n8n data folder: ${n8n.userFolder} (removed when the demo stops)`);
	say('  send your own CRM event:');
	say(`    curl -s -X POST ${crmUrl} -H 'content-type: application/json' -d '${sample}'`);
	say(`ready in ${seconds(Date.now() - started)}`);
}

module.exports = { say, seconds, step, printReady };
