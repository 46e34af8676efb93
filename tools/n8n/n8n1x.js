'use strict';
/**
 * Every difference of n8n 1.x (1.123.81) the harness handles, in one place; the tests see the same API.
 * The other files ask `is1x(n8n)` and call in here:
 * - N8N_DISABLED_MODULES: only module names 1.x knows (it exits on unknown ones): quietEnv();
 * - WEBHOOK_URL instead of N8N_WEBHOOK_URL, and main logs at info at least: mainEnv();
 * - activate(): `update:workflow --id --active=true` (exits 0 even for an unknown id: checked in the database);
 * - start(): readiness answers 200 before the workflows are activated, so main's "Editor is now accessible
 *   via" line is always awaited (needsStartLine()); activation results come from main's log
 *   ("Activated workflow" / "Issue on initial workflow activation try"): waitActivations(). 1.x has no
 *   workflow_publication_* tables (triggerStatus() throws: triggerStatusUnsupported());
 * - queue mode: the finished-jobs race of Bull is patched in main by a preload (mainNodeArgs());
 * - task runners are off by default in 1.x (the Code node runs in-process), on in 2.x: both left as shipped;
 * - runtime.sh installs 1.x with an `xlsx` override (2.x: `linkedom`).
 */
const path = require('path');
const { isQuietLogLevel } = require('./config');

/**
 * What n8n 1.x needs instead, over QUIET_ENV. Its N8N_DISABLED_MODULES accepts only its own module names
 * (@n8n/backend-common modules.config: insights, external-secrets, community-packages, data-table, mcp,
 * chat-hub, provisioning, breaking-changes) and exits with `Unknown module "mcp-registry"` on any other:
 * keep the 2.x list's names that 1.x knows.
 */
const QUIET_ENV_1X = {
	N8N_DISABLED_MODULES: 'chat-hub,insights,breaking-changes',
};

const BULL_KEEP_JOBS_1X = path.join(__dirname, 'preload', 'bull-keep-jobs-1x.js');

/** n8n's major version is 1: 1.x and 2.x differ in activation, database schema and logs. */
const is1x = (n8n) => n8n.major === 1;

/** Env over QUIET_ENV for every n8n process. */
function quietEnv(n8n) {
	return is1x(n8n) ? QUIET_ENV_1X : {};
}

/**
 * Env of main, over everything else: n8n 1.x reads WEBHOOK_URL only (services/url.service.js; 2.x reads
 * N8N_WEBHOOK_URL); its readiness and activation results are only in main's info-level log (see
 * needsStartLine and waitActivations): when a quieter level was asked for, main logs at info anyway.
 */
function mainEnv(n8n) {
	if (!is1x(n8n)) return {};
	return { WEBHOOK_URL: `${n8n.baseUrl}/`, ...(isQuietLogLevel(n8n._baseEnv()) ? { N8N_LOG_LEVEL: 'info' } : {}) };
}

/**
 * n8n 1.x has the same Bull race as 2.x (scaling.service.js addJob: `removeOnComplete: true, removeOnFail:
 * true`, hard-coded; measured on 1.123.81: 300 lastNode webhook calls, 10 at a time, 8 never answered; 0 with
 * this patch) but no setting for it: main (the only process that enqueues) is started with
 * preload/bull-keep-jobs-1x.js, which applies the two N8N_EXECUTIONS_QUEUE_KEEP_LAST_* values of queue.js to
 * Bull's Queue#add the way 2.x does (a count instead of `true`). Set them to '0' through `env` to reproduce
 * the bug. Node args for main.
 */
function mainNodeArgs(n8n) {
	if (!is1x(n8n) || !n8n.queue) return [];
	return ['--require', BULL_KEEP_JOBS_1X];
}

/** `update:workflow` exits 0 (only logging) also for an unknown id: always check the database. */
async function activate(n8n, workflowId) {
	const isActive = async () =>
		(await n8n.sql('SELECT id FROM workflow_entity WHERE id = ? AND active = true', [String(workflowId)])).length === 1;
	const res = await n8n._cliOk(['update:workflow', `--id=${workflowId}`, '--active=true'], { verify: isActive });
	if (!(await isActive())) {
		throw new Error(`\`n8n update:workflow --id=${workflowId} --active=true\` did not activate it (unknown id?)\n${n8n._tailOf(res.entry, 40)}`);
	}
	n8n.timings.activate = res.ms;
	return res;
}

/** n8n 1.x answers readiness 200 as soon as the database is migrated, before it activates the workflows (2.x
 * waits until fully ready): there, main's start line is the only signal, always needed. */
function needsStartLine(n8n) {
	return is1x(n8n);
}

/**
 * n8n 1.x activates the active workflows (workflow_entity.active = 1) synchronously at startup, before it
 * logs "Editor is now accessible via", and keeps no record of the outcome in the database (no
 * workflow_publication_* tables): read it from main's log of this start, one line per workflow:
 * `Activated workflow "<name>" (ID: <id>)` or `Issue on initial workflow activation try of "<name>" (ID: <id>) (startup)`.
 * Sets n8n.activation like the 2.x path ([{ workflowId, versionId, status, errorMessage }]).
 */
async function waitActivations(n8n, allowFailures) {
	const rows = await n8n.sql('SELECT id, name, activeVersionId FROM workflow_entity WHERE active = true');
	const log = n8n._logText(n8n.main);
	const activation = rows.map((r) => {
		const ref = `(ID: ${r.id})`;
		const lines = log.split('\n');
		const failed = lines.find((l) => l.includes('Issue on initial workflow activation try of') && l.includes(ref));
		const ok = lines.some((l) => l.includes('Activated workflow ') && l.includes(ref));
		return {
			workflowId: String(r.id),
			versionId: r.activeVersionId,
			status: ok && !failed ? 'completed' : 'failed',
			errorMessage: failed ? failed.trim() : ok ? null : 'no activation line in the log of n8n main',
		};
	});
	const bad = activation.filter((a) => a.status !== 'completed');
	if (bad.length && !allowFailures) throw new Error(`workflow activation failed: ${JSON.stringify(bad)}`);
	n8n.activation = activation;
}

function triggerStatusUnsupported() {
	return new Error('triggerStatus(): n8n 1.x has no workflow_publication_trigger_status table; see n8n.activation and the main log');
}

module.exports = { is1x, quietEnv, mainEnv, mainNodeArgs, activate, needsStartLine, waitActivations, triggerStatusUnsupported, QUIET_ENV_1X };
