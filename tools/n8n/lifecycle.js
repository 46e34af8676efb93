'use strict';
/**
 * Lifecycle: prepare (runtime, temp user folder, the built package installed where n8n loads community
 * packages from), start (main, plus redis and workers in queue mode: queue.js) with readiness and workflow
 * activation, stop, restart. `methods` are mixed into N8nInstance (instance.js).
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { DEBUG, KEEP, QUIET_ENV, TIMEOUTS, debug, sleep, cleanParentEnv, isQuietLogLevel } = require('./config');
const { installExitHandlers, httpStatus, PORT_CLASH } = require('./processes');
const { resolveRuntime } = require('./runtime');
const n8n1x = require('./n8n1x');
const { TempPostgres } = require('../postgres');

const SQLITE_BUSY_TIMEOUT = path.join(__dirname, 'preload', 'sqlite-busy-timeout.js');

const methods = {
	/** Installs the runtime (once), creates the temp user folder and installs the built package into it. */
	async prepare() {
		if (this.prepared) return this;
		const t0 = Date.now();
		installExitHandlers();
		const pkg = this.installPackage ? this._checkBuiltPackage() : undefined;
		const runtime = await resolveRuntime(this.version);
		this.nodeBin = runtime.nodeBin;
		this.n8nBin = runtime.n8nBin;
		this.n8nPackageDir = path.resolve(path.dirname(this.n8nBin), '..');
		this.timings.runtime = Date.now() - t0;

		this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-'));
		fs.mkdirSync(this.logDir, { recursive: true });
		fs.mkdirSync(path.join(this.dir, 'import'), { recursive: true });
		this.pidFile = path.join(this.dir, 'pids');
		fs.writeFileSync(this.pidFile, '');
		this._startWatchdog();
		if (this.db === 'postgres') await this._preparePostgres();

		const nodesDir = path.join(this.n8nFolder, 'nodes');
		fs.mkdirSync(path.join(nodesDir, 'node_modules'), { recursive: true });
		const dependencies = {};
		if (pkg) {
			this.packageName = pkg.name;
			const target = this.installedPackageDir;
			fs.mkdirSync(target, { recursive: true });
			fs.copyFileSync(path.join(this.packageDir, 'package.json'), path.join(target, 'package.json'));
			fs.cpSync(path.join(this.packageDir, 'dist'), path.join(target, 'dist'), { recursive: true });
			for (const extra of ['README.md', 'LICENSE', 'LICENSE.md']) {
				const from = path.join(this.packageDir, extra);
				if (fs.existsSync(from)) fs.copyFileSync(from, path.join(target, extra));
			}
			dependencies[pkg.name] = pkg.version;
		}
		fs.writeFileSync(
			path.join(nodesDir, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies }, null, 2),
		);
		this.prepared = true;
		this.timings.prepare = Date.now() - t0;
		debug(`prepared ${this.dir} in ${this.timings.prepare} ms`);
		return this;
	},

	/** PostgreSQL: a database of its own (n8n_<random>) in the shared cluster, or in one started here. */
	async _preparePostgres() {
		if (!this.pg) {
			this.pg = await new TempPostgres().start();
			this.ownsPg = true;
			this._writePidFile(); // the watchdog kills the postmaster too
		}
		this.pgDatabase = this.pg.createDatabase(`n8n_${path.basename(this.dir).replace(/[^a-z0-9]/gi, '').toLowerCase()}`);
		this.pgConnection = this.pg.connection(this.pgDatabase);
	},

	/** n8n's database settings: SQLite in the user folder, or PostgreSQL (DB_POSTGRESDB_*, as n8n documents). */
	_dbEnv() {
		if (this.db === 'postgres') {
			const c = this.pgConnection;
			return {
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: c.host,
				DB_POSTGRESDB_PORT: String(c.port),
				DB_POSTGRESDB_DATABASE: c.database,
				DB_POSTGRESDB_USER: c.user,
				DB_POSTGRESDB_PASSWORD: c.password,
			};
		}
		return {
			DB_TYPE: 'sqlite',
			DB_SQLITE_POOL_SIZE: '3',
			// SQLite busy timeout for n8n's connections: main and an `n8n execute` share one database file.
			// (Queue mode runs on PostgreSQL, as n8n documents it: no preload there.)
			NODE_OPTIONS: `--require ${JSON.stringify(SQLITE_BUSY_TIMEOUT)}`,
		};
	},

	_checkBuiltPackage() {
		const pkgFile = path.join(this.packageDir, 'package.json');
		if (!fs.existsSync(pkgFile)) throw new Error(`No package.json in ${this.packageDir}`);
		const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
		const dist = path.join(this.packageDir, 'dist');
		if (!fs.existsSync(dist)) {
			throw new Error(
				`The package is not built: ${dist} does not exist. Run \`npm run build\` before the e2e tests ` +
					'(`npm test` does it).',
			);
		}
		const listed = [...((pkg.n8n && pkg.n8n.nodes) || []), ...((pkg.n8n && pkg.n8n.credentials) || [])];
		const missing = listed.filter((file) => !fs.existsSync(path.join(this.packageDir, file)));
		if (missing.length) {
			throw new Error(
				`The build is stale or incomplete: package.json lists files missing from dist/: ${missing.join(', ')}. ` +
					'Run `npm run build`.',
			);
		}
		return pkg;
	},

	_requirePrepared() {
		if (!this.prepared) throw new Error('Call `await n8n.prepare()` first');
	},

	/** Env shared by every n8n process of this instance. */
	_baseEnv() {
		const binDir = path.dirname(this.nodeBin);
		return {
			...cleanParentEnv(),
			PATH: `${binDir}:${process.env.PATH || '/usr/bin:/bin'}`,
			NODE_ENV: 'production',
			NO_COLOR: '1',
			...QUIET_ENV,
			...n8n1x.quietEnv(this),
			N8N_USER_FOLDER: this.dir,
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			N8N_LOG_LEVEL: DEBUG ? 'debug' : 'info',
			N8N_LOG_OUTPUT: 'console',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_SECURE_COOKIE: 'false',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '8',
			...this._dbEnv(),
			...this.extraEnv,
		};
	},

	/** Starts redis (queue mode), main and workers on free loopback ports; resolves when all are ready and
	 * every published workflow has been activated by n8n's publication service. */
	async start(options = {}) {
		// Free ports are found by binding port 0, then handed to n8n: another process on the machine can take
		// one in between. n8n then dies with EADDRINUSE: try again on new ports.
		for (let attempt = 1; ; attempt++) {
			try {
				return await this._startOnce(options);
			} catch (error) {
				if (attempt >= 3 || !PORT_CLASH.test(error.message)) throw error;
				debug(`port clash, starting again (attempt ${attempt + 1})`);
			}
		}
	},

	async _startOnce({ timeoutMs = TIMEOUTS.start, allowActivationFailures = false } = {}) {
		this._requirePrepared();
		if (this.running) throw new Error('n8n is already running');
		const t0 = Date.now();
		this.running = true;
		this.startIndex = (this.startIndex || 0) + 1;
		this.startedProcesses = [];
		try {
			const deadline = Date.now() + timeoutMs;
			if (this.queue) await this._startRedis(deadline);
			this.port = await this._freePort();
			this.baseUrl = `http://127.0.0.1:${this.port}`;
			const mainEnv = await this._mainEnv();
			// (PostgreSQL: fresh until a CLI command or a start has migrated it)
			const freshDb = this.db === 'postgres' ? this.cliCounter === 0 && this.startIndex === 1 : !fs.existsSync(this.dbPath);
			const main = this._spawn(`main`, this.nodeBin, [...n8n1x.mainNodeArgs(this), this.n8nBin, 'start'], mainEnv);
			main.role = 'main';
			this.startedProcesses.push(main);
			this.main = main;
			// A fresh database is migrated by the first process: let main do it alone.
			if (freshDb) await this._waitMainReady(main, deadline);
			this.workerProcesses = [];
			if (this.queue) await this._startWorkers();
			await Promise.all([
				freshDb ? Promise.resolve() : this._waitMainReady(main, deadline),
				...this.workerProcesses.map((w) => this._waitWorkerReady(w, deadline)),
			]);
			await this._waitPublications(deadline, allowActivationFailures);
			this.timings.start = Date.now() - t0;
			debug(`started in ${this.timings.start} ms: ${this.baseUrl}`);
			return this;
		} catch (error) {
			const tail = this.logTail(60);
			await this.stopProcesses();
			error.message = `n8n start failed: ${error.message}\n${tail}`;
			throw error;
		}
	},

	async _mainEnv() {
		return {
			...this._baseEnv(),
			...(this.queue ? this._queueEnv() : {}),
			...this.extraEnv,
			N8N_PORT: String(this.port),
			N8N_RUNNERS_BROKER_PORT: String(await this._freePort()),
			N8N_WEBHOOK_URL: `${this.baseUrl}/`,
			...n8n1x.mainEnv(this),
		};
	},

	async _waitMainReady(main, deadline) {
		// /healthz/readiness answers before the workflows are activated: also wait for the last start line.
		for (;;) {
			if (main.exit || main.spawnError) throw new Error(`n8n main exited during start (${JSON.stringify(main.exit || main.spawnError.message)})`);
			const status = await httpStatus(`${this.baseUrl}/healthz/readiness`);
			const needLine = !isQuietLogLevel(this._baseEnv()) || n8n1x.needsStartLine(this);
			if (status === 200 && (!needLine || this._logText(main).includes('Editor is now accessible via'))) return;
			if (Date.now() > deadline) throw new Error(`n8n main not ready in time (readiness ${status})`);
			await sleep(200);
		}
	},

	/** With n8n 2.x's workflow publication service, published workflows are activated asynchronously after
	 * startup: wait until each has an outbox record for its active version in a terminal state. */
	async _waitPublications(deadline, allowFailures) {
		if (n8n1x.is1x(this)) return await n8n1x.waitActivations(this, allowFailures);
		const serviceOff = /^(false|0)$/i.test(String(this._baseEnv().N8N_USE_WORKFLOW_PUBLICATION_SERVICE || 'true'));
		if (serviceOff) return;
		for (;;) {
			const rows = await this.sql(
				`SELECT w.id AS workflowId, w.activeVersionId AS versionId,
				   (SELECT o.status FROM workflow_publication_outbox o
				     WHERE o.workflowId = w.id AND o.publishedVersionId = w.activeVersionId
				     ORDER BY o.id DESC LIMIT 1) AS status,
				   (SELECT o.errorMessage FROM workflow_publication_outbox o
				     WHERE o.workflowId = w.id AND o.publishedVersionId = w.activeVersionId
				     ORDER BY o.id DESC LIMIT 1) AS errorMessage
				 FROM workflow_entity w WHERE w.activeVersionId IS NOT NULL`,
			);
			const pending = rows.filter((r) => !['completed', 'partial_success', 'failed'].includes(r.status));
			if (pending.length === 0) {
				const bad = rows.filter((r) => r.status !== 'completed');
				if (bad.length && !allowFailures) {
					const triggers = await this.triggerStatus();
					throw new Error(
						`workflow activation failed: ${JSON.stringify(bad)}; trigger status: ${JSON.stringify(triggers.filter((t) => t.status !== 'activated'))}`,
					);
				}
				this.activation = rows;
				return;
			}
			if (this.main.exit) throw new Error('n8n main exited while activating workflows');
			if (Date.now() > deadline) throw new Error(`workflows not activated in time: ${JSON.stringify(pending)}`);
			await sleep(200);
		}
	},

	/** Stops the processes and starts them again on new ports (e.g. after activate()). */
	async restart(options) {
		await this.stopProcesses();
		return await this.start(options);
	},

	/** Kills every process this instance started and removes the temp folder (unless KEEP_E2E=1). */
	async stop() {
		const t0 = Date.now();
		await this.stopProcesses();
		this.finalLogTail = this.dir ? this.logTail(40) : '';
		this._stopWatchdog();
		if (this.ownsPg) {
			await this.pg.stop();
			this.pg = undefined;
			this.ownsPg = false;
		}
		if (this.dir) {
			if (KEEP) {
				try {
					fs.rmSync(this.pidFile, { force: true });
				} catch {
					// ignore
				}
				process.stderr.write(`[e2e] KEEP_E2E=1: kept ${this.dir}\n`);
			} else {
				fs.rmSync(this.dir, { recursive: true, force: true });
			}
		}
		this.prepared = false;
		this.timings.stop = Date.now() - t0;
	},
};

module.exports = { methods };
