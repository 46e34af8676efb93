'use strict';
/**
 * Inspection of a running (or stopped, not yet removed) n8n: its database, SQLite or PostgreSQL (queries, executions,
 * run data, webhooks, trigger status), its logs, which worker ran which execution, the node types it loaded,
 * webhook URLs. `methods` are mixed into N8nInstance (instance.js).
 */
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { TIMEOUTS, sleep, cleanParentEnv } = require('./config');
const n8n1x = require('./n8n1x');

const SQLITE_QUERY = path.join(__dirname, 'scripts', 'sqlite-query.js');
const SQLITE_EXECUTION_DATA = path.join(__dirname, 'scripts', 'sqlite-execution-data.js');
const PG_QUERY = path.join(__dirname, 'scripts', 'pg-query.js');

const methods = {
	webhookUrl(webhookPath) {
		if (!this.baseUrl) throw new Error('n8n is not started');
		return `${this.baseUrl}/webhook/${String(webhookPath).replace(/^\/+/, '')}`;
	},

	webhookTestUrl(webhookPath) {
		if (!this.baseUrl) throw new Error('n8n is not started');
		return `${this.baseUrl}/webhook-test/${String(webhookPath).replace(/^\/+/, '')}`;
	},

	/** Last `lines` lines of the log of every service process and of the last CLI commands. */
	logTail(lines = 40) {
		if (!this.dir || !fs.existsSync(this.dir)) return this.finalLogTail || '(no logs: instance not prepared or already removed)';
		const services = this.processes.filter((p) => p.kind === 'service');
		const clis = this.processes.filter((p) => p.kind === 'cli').slice(-2);
		return [...clis, ...services].map((p) => this._tailOf(p, lines)).join('\n');
	},

	/** Full log text of a process by name ('main', 'worker-1', 'redis', ...); the latest with that name. */
	log(name) {
		const matches = this.processes.filter((p) => p.name === name || p.baseName === name);
		const entry = matches[matches.length - 1];
		if (!entry) throw new Error(`No process named ${name} (have: ${this.processes.map((p) => p.name).join(', ')})`);
		return this._entryText(entry);
	},

	/**
	 * Which process ran which execution, from n8n's info-level log lines. Workers log
	 * "Worker started execution <id> (job <n>)" and "Worker finished execution <id> (job <n>)"; main in queue
	 * mode logs "Enqueued execution <id> (job <n>)". Returns
	 * { workers: { 'worker-1': { started: [ids], finished: [ids] }, ... }, enqueued: [ids] } (ids as strings).
	 */
	workerExecutions() {
		const workers = {};
		const enqueued = [];
		for (const p of this.processes) {
			const text = this._logText(p);
			if (p.role === 'worker') {
				const w = (workers[p.workerName] = workers[p.workerName] || { started: [], finished: [] });
				for (const m of text.matchAll(/Worker started execution (\d+) \(job/g)) w.started.push(m[1]);
				for (const m of text.matchAll(/Worker finished execution (\d+) \(job/g)) w.finished.push(m[1]);
			} else if (p.role === 'main') {
				for (const m of text.matchAll(/Enqueued execution (\d+) \(job/g)) enqueued.push(m[1]);
			}
		}
		return { workers, enqueued };
	},

	/** Runs a read query on n8n's database (written for SQLite: `?` parameters, camelCase columns bare; on
	 * PostgreSQL scripts/pg-query.js translates it), in a child process under the runtime's Node. */
	async sql(query, params = []) {
		this._requirePrepared();
		if (this.db === 'postgres') return JSON.parse(await this._nodeScript(PG_QUERY, [JSON.stringify(this.pgConnection), query, JSON.stringify(params)]));
		if (!fs.existsSync(this.dbPath)) return [];
		const out = await this._nodeScript(SQLITE_QUERY, [this.dbPath, query, JSON.stringify(params)]);
		return JSON.parse(out);
	},

	/** Runs one of ./scripts under the runtime's Node; resolves to its stdout. */
	_nodeScript(scriptFile, args) {
		return new Promise((resolve, reject) => {
			const child = spawn(this.nodeBin, ['--no-warnings', scriptFile, ...args], {
				env: { ...cleanParentEnv(), N8N_PACKAGE_DIR: this.n8nPackageDir },
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (c) => (stdout += c));
			child.stderr.on('data', (c) => (stderr += c));
			const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUTS.sql);
			child.on('error', reject);
			child.on('close', (code) => {
				clearTimeout(timer);
				if (code === 0) resolve(stdout);
				else reject(new Error(`${this.db} query failed (exit ${code}): ${stderr.trim()}`));
			});
		});
	},

	/** Stored executions, oldest first: [{ id, status, mode, workflowId, finished, startedAt, stoppedAt }]. */
	async executions({ workflowId } = {}) {
		const rows = await this.sql(
			`SELECT id, status, mode, workflowId, finished, startedAt, stoppedAt, createdAt
			   FROM execution_entity ${workflowId ? 'WHERE workflowId = ?' : ''} ORDER BY id`,
			workflowId ? [workflowId] : [],
		);
		return rows.map((r) => ({ ...r, id: String(r.id), finished: Boolean(r.finished) }));
	},

	/**
	 * Waits until at least `count` executions (optionally of one workflow) exist and none of them is still
	 * new/running/waiting, then `settleMs` more to catch extra ones; returns the executions. Throws on timeout.
	 */
	async waitForExecutions({ count = 1, workflowId, timeoutMs = 60_000, settleMs = 750 } = {}) {
		const deadline = Date.now() + timeoutMs;
		const done = (list) =>
			list.length >= count && list.every((e) => !['new', 'running', 'waiting', 'unknown'].includes(e.status));
		for (;;) {
			let list = await this.executions({ workflowId });
			if (done(list)) {
				await sleep(settleMs);
				list = await this.executions({ workflowId });
				if (done(list)) return list;
			}
			if (Date.now() > deadline) {
				throw new Error(`Expected ${count} finished execution(s)${workflowId ? ` of ${workflowId}` : ''}, have ${JSON.stringify(list)}\n${this.logTail(40)}`);
			}
			await sleep(200);
		}
	},

	/** The stored run data of one execution (IRunExecutionData: { resultData: { runData, error? } }). */
	async executionData(executionId) {
		if (this.db === 'postgres') {
			return JSON.parse(await this._nodeScript(PG_QUERY, [JSON.stringify(this.pgConnection), '', JSON.stringify([String(executionId)]), 'executionData']));
		}
		const out = await this._nodeScript(SQLITE_EXECUTION_DATA, [this.dbPath, String(executionId)]);
		return JSON.parse(out);
	},

	/** Trigger activation state per node of published workflows (n8n 2.x publication service). */
	async triggerStatus(workflowId) {
		if (n8n1x.is1x(this)) throw n8n1x.triggerStatusUnsupported();
		return await this.sql(
			`SELECT workflowId, nodeId, versionId, status, errorMessage, triggerKind FROM workflow_publication_trigger_status
			 ${workflowId ? 'WHERE workflowId = ?' : ''}`,
			workflowId ? [workflowId] : [],
		);
	},

	/** Production webhooks registered in the database: [{ workflowId, webhookPath, method, node }]. */
	async webhooks() {
		return await this.sql('SELECT workflowId, webhookPath, method, node, webhookId FROM webhook_entity');
	},

	/** Node types n8n loaded (the editor's types/nodes.json, written by `n8n start`): [{ name, version, ... }]. */
	loadedNodeTypes() {
		return this._staticTypes('nodes');
	},

	loadedCredentialTypes() {
		return this._staticTypes('credentials');
	},

	_staticTypes(kind) {
		const file = path.join(this.dir, '.cache', 'n8n', 'public', 'types', `${kind}.json`);
		if (!fs.existsSync(file)) throw new Error(`${file} does not exist: start() n8n first`);
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	},
};

module.exports = { methods };
