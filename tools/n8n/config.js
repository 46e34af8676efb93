'use strict';
/** Settings and small helpers shared by every part of the real-n8n harness (tools/n8n/). */
const path = require('path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const DEBUG = process.env.E2E_DEBUG === '1';
const KEEP = process.env.KEEP_E2E === '1';

/** Quiet, offline n8n (DESIGN.md section 3). n8n 1.x's replacement values are in n8n1x.js. */
const QUIET_ENV = {
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
	N8N_AI_ENABLED: 'false',
	N8N_DISABLED_MODULES:
		'mcp-registry,instance-ai,agents,workflow-builder,chat-hub,insights,breaking-changes,instance-registry,agent-evals',
};

const TIMEOUTS = {
	runtime: 30 * 60_000, // a cold install of n8n takes minutes
	cli: 180_000,
	start: 180_000,
	stop: 10_000,
	sql: 30_000,
};

function debug(...args) {
	if (DEBUG) process.stderr.write(`[e2e ${new Date().toISOString().slice(11, 23)}] ${args.join(' ')}\n`);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves to the promise's value, or to 'timeout' after ms; never leaves a timer behind. */
async function raceTimeout(promise, ms) {
	let timer;
	const timeout = new Promise((resolve) => {
		timer = setTimeout(() => resolve('timeout'), ms);
	});
	try {
		return await Promise.race([promise, timeout]);
	} finally {
		clearTimeout(timer);
	}
}

/** Environment of this process minus everything that would leak into n8n or npm (jest sets NODE_ENV=test,
 * which makes n8n refuse to load nodes; `npm test` exports npm_config_* such as ignore-scripts). */
function cleanParentEnv() {
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^(N8N_|DB_|QUEUE_|EXECUTIONS_|npm_|JEST_)/i.test(key)) continue;
		if (['NODE_ENV', 'NODE_OPTIONS', 'NODE_PATH', 'WEBHOOK_URL', 'INIT_CWD'].includes(key)) continue;
		env[key] = value;
	}
	return env;
}

/** True when N8N_LOG_LEVEL (of an env object) hides n8n's info lines. */
const isQuietLogLevel = (env) => !/^(info|debug|verbose|silly)$/i.test(env.N8N_LOG_LEVEL || 'info');

module.exports = { REPO_ROOT, DEBUG, KEEP, QUIET_ENV, TIMEOUTS, debug, sleep, raceTimeout, cleanParentEnv, isQuietLogLevel };
