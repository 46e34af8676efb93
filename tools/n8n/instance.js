'use strict';
/**
 * N8nInstance: one real n8n (main, or redis + main + workers in queue mode) in a throw-away user folder.
 * This file holds its state and paths; the methods live by job in processes.js, cli.js, lifecycle.js,
 * queue.js, inspect.js (n8n 1.x differences: n8n1x.js) and are mixed in below. Usage: index.js.
 */
const crypto = require('crypto');
const path = require('path');
const { REPO_ROOT } = require('./config');

class N8nInstance {
	/**
	 * @param {object} [options]
	 * @param {string} [options.version] n8n version (runtime.sh installs it once); default
	 *   process.env.E2E_N8N_VERSION (set per jest project by test/e2e/use-n8n-*.js), else '2.41.1'.
	 * @param {boolean} [options.queue=false] queue mode: redis-server + main + `workers` workers.
	 * @param {'sqlite'|'postgres'} [options.db] n8n's database; default: 'postgres' in queue mode (as n8n
	 *   documents it; E2E_QUEUE_DB=sqlite for a comparison), else 'sqlite'. PostgreSQL: a database of its own in `options.postgres` (a started
	 *   tools/postgres.js TempPostgres, shared) or in a cluster of its own started by prepare().
	 * @param {import('../postgres').TempPostgres} [options.postgres]
	 * @param {number} [options.workers=2]
	 * @param {number} [options.concurrency=10] `n8n worker --concurrency`.
	 * @param {object} [options.env] extra env for every n8n process (main, workers, CLI commands).
	 * @param {string} [options.packageDir] folder with package.json + dist/ to install (default: repo root).
	 * @param {boolean} [options.installPackage=true]
	 */
	constructor(options = {}) {
		this.version = options.version || process.env.E2E_N8N_VERSION || '2.41.1';
		/** n8n's major version: 1.x and 2.x differ in activation, database schema and logs (n8n1x.js). */
		this.major = Number(String(this.version).split('.')[0]);
		this.queue = Boolean(options.queue);
		this.workers = options.workers === undefined ? 2 : options.workers;
		this.db = options.db || (this.queue ? process.env.E2E_QUEUE_DB || 'postgres' : 'sqlite');
		if (!['sqlite', 'postgres'].includes(this.db)) throw new Error(`N8nInstance: db is 'sqlite' or 'postgres', not ${this.db}`);
		this.pg = options.postgres;
		this.concurrency = options.concurrency || 10;
		this.extraEnv = { ...(options.env || {}) };
		this.packageDir = options.packageDir || process.env.E2E_PACKAGE_DIR || REPO_ROOT;
		this.installPackage = options.installPackage !== false;
		this.encryptionKey = crypto.randomBytes(24).toString('hex');
		this.dir = undefined;
		this.baseUrl = undefined;
		this.port = undefined;
		this.redisPort = undefined;
		this.timings = {};
		/** every process ever started: { name, pid, child, files, exit: {code, signal} | undefined, kind } */
		this.processes = [];
		this.cliCounter = 0;
		/** notes about tolerated n8n misbehaviour (e.g. CLI crashes at exit) */
		this.warnings = [];
		this.prepared = false;
		this.running = false;
	}

	get userFolder() {
		return this.dir;
	}
	get n8nFolder() {
		return path.join(this.dir, '.n8n');
	}
	get dbPath() {
		return path.join(this.n8nFolder, 'database.sqlite');
	}
	get installedPackageDir() {
		return path.join(this.n8nFolder, 'nodes', 'node_modules', this.packageName || 'n8n-nodes-wechat-platform');
	}
	get logDir() {
		return path.join(this.dir, 'logs');
	}
}

for (const part of ['./processes', './cli', './lifecycle', './queue', './inspect', './rest']) {
	for (const [name, method] of Object.entries(require(part).methods)) {
		if (name in N8nInstance.prototype) throw new Error(`N8nInstance.${name} is defined twice (${part})`);
		Object.defineProperty(N8nInstance.prototype, name, { value: method, writable: true, configurable: true });
	}
}

module.exports = { N8nInstance };
