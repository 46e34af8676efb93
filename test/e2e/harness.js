'use strict';
/**
 * Real-n8n end-to-end harness (plain CommonJS, used by jest e2e tests, benchmarks and the demo).
 *
 * Runs a real, headless n8n (default $E2E_N8N_VERSION, else 2.41.1; also 1.123.81: see "n8n 1.x" below; on
 * Node 24, installed once by runtime.sh into a cache) in a
 * throw-away user folder under os.tmpdir(), with this repository's BUILT package (package.json + dist/)
 * installed where n8n loads community packages from: $N8N_USER_FOLDER/.n8n/nodes/node_modules/<name>, so node
 * types are `n8n-nodes-wechat-platform.<name>` exactly as for real users.
 *
 *   const { N8nInstance } = require('./harness');
 *   const n8n = new N8nInstance({ queue: false, env: {} });  // queue: true -> redis + main + `workers` workers
 *   await n8n.prepare();                            // runtime, temp folder, package install (needs dist/)
 *   await n8n.importCredentials([{ id, name, type, data }]);  // plain data is encrypted on import
 *   await n8n.importWorkflows([workflow]);          // workflows need ids; importing deactivates them
 *   await n8n.activate(workflowId);                 // `n8n publish:workflow` (1.x: update:workflow --active=true); next start
 *   const result = await n8n.execute(workflowId);   // Manual Trigger workflows, via `n8n execute --rawOutput`
 *   n8n.outputOf(result, 'Set');                    // -> [json, ...] of a node's (last run, first output)
 *   await n8n.start();                              // free ports; waits for readiness + workflow activation
 *   await axios.post(n8n.webhookUrl('path'), body); // n8n.baseUrl, n8n.webhookTestUrl(path)
 *   await n8n.executions({ workflowId });           // [{ id, status, mode, workflowId, finished, ... }]
 *   await n8n.waitForExecutions({ workflowId, count: 1 });   // waits until stored and finished, then settles
 *   await n8n.executionData(id);                    // stored run data, usable with outputOf()
 *   n8n.workerExecutions();                         // queue mode: which worker started/finished which id
 *   await n8n.webhooks(); await n8n.triggerStatus(); await n8n.sql('SELECT ...', [params]);
 *   n8n.loadedNodeTypes(); n8n.loadedCredentialTypes();      // what n8n loaded (after start)
 *   n8n.log('main'); n8n.logTail(40);               // logs of 'main', 'worker-1', 'redis', ...
 *   await n8n.restart();                            // stop processes, start again (keeps the data)
 *   await n8n.stop();                               // kills everything, removes the folder unless KEEP_E2E=1
 *
 * Env: E2E_DEBUG=1 (n8n log level debug, harness progress on stderr), KEEP_E2E=1 (keep the temp folder),
 * E2E_PACKAGE_DIR (install the package from another folder than the repo root), E2E_N8N_VERSION (default
 * version; jest.config.js sets it per e2e project through test/e2e/use-n8n-<major>.js).
 *
 * n8n 1.x (this.major === 1), what the harness does differently (same API for the tests):
 * - N8N_DISABLED_MODULES: only module names 1.x knows (it exits on unknown ones);
 * - activate(): `update:workflow --id --active=true` (exits 0 even for an unknown id: checked in the database);
 * - start(): readiness answers 200 before the workflows are activated, so main's "Editor is now accessible
 *   via" line is always awaited (main logs at info at least); activation results come from main's log
 *   ("Activated workflow" / "Issue on initial workflow activation try"): 1.x has no workflow_publication_*
 *   tables (triggerStatus() throws); WEBHOOK_URL instead of N8N_WEBHOOK_URL;
 * - queue mode: the finished-jobs race of Bull is patched in main by a preload (see _mainNodeArgs1x);
 * - task runners are off by default in 1.x (the Code node runs in-process), on in 2.x: both left as shipped.
 *
 * Cleanup: every process runs in its own process group; stop() kills the groups, an exit/signal handler
 * kills them when the test process ends, and a detached watchdog kills them if it dies without exiting.
 */
const { spawn, spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const RUNTIME_SH = path.join(__dirname, 'runtime.sh');
const DEBUG = process.env.E2E_DEBUG === '1';
const KEEP = process.env.KEEP_E2E === '1';

/** Quiet, offline n8n (DESIGN.md section 3). */
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

/**
 * What n8n 1.x (1.123.81) needs instead, over QUIET_ENV. Its N8N_DISABLED_MODULES accepts only its own
 * module names (@n8n/backend-common modules.config: insights, external-secrets, community-packages,
 * data-table, mcp, chat-hub, provisioning, breaking-changes) and exits with `Unknown module "mcp-registry"`
 * on any other: keep the 2.x list's names that 1.x knows.
 */
const QUIET_ENV_1X = {
	N8N_DISABLED_MODULES: 'chat-hub,insights,breaking-changes',
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

// ---------------------------------------------------------------------------------------------------------
// Process bookkeeping: every process the harness starts gets its own process group; all groups are killed
// when this process exits, and a detached watchdog kills them if this process dies without exiting cleanly.

/** pid -> true, for every started process group that is still alive. */
const liveGroups = new Map();
let exitHandlersInstalled = false;

function killGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
		return true;
	} catch {
		return false;
	}
}

function installExitHandlers() {
	if (exitHandlersInstalled) return;
	exitHandlersInstalled = true;
	process.on('exit', () => {
		for (const pid of liveGroups.keys()) killGroup(pid, 'SIGKILL');
	});
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		const handler = () => {
			for (const pid of liveGroups.keys()) killGroup(pid, 'SIGKILL');
			liveGroups.clear();
			process.removeListener(signal, handler);
			// Nobody else listening: behave as the default handler would.
			if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
		};
		process.on(signal, handler);
	}
}

/** Preloaded into n8n 1.x main in queue mode (see _mainNodeArgs1x): n8n's own bull, finished jobs kept. */
const BULL_KEEP_JOBS_1X = `'use strict';
const keep = (name) => {
  const n = Number(process.env[name]);
  return Number.isInteger(n) && n > 0 ? n : undefined;
};
const completed = keep('N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED');
const failed = keep('N8N_EXECUTIONS_QUEUE_KEEP_LAST_FAILED');
const bullPath = require.resolve('bull', { paths: [require('path').resolve(process.argv[1], '..', '..')] });
const Queue = require(bullPath);
const add = Queue.prototype.add;
let noted = false;
Queue.prototype.add = function (name, data, opts) {
  if (typeof name !== 'string') return add.call(this, name, data);
  const o = { ...(opts || {}) };
  if (o.removeOnComplete === true && completed) o.removeOnComplete = completed;
  if (o.removeOnFail === true && failed) o.removeOnFail = failed;
  if (!noted) {
    noted = true;
    process.stderr.write('[e2e harness] n8n 1.x: Bull job options ' + JSON.stringify({ removeOnComplete: o.removeOnComplete, removeOnFail: o.removeOnFail }) + '\\n');
  }
  return add.call(this, name, data, o);
};
`;

/** Runs detached; polls the parent; when the parent is gone, kills the groups listed in the pid file. */
const WATCHDOG_SCRIPT = `
const fs = require('fs');
const [parentPid, pidFile, dir, keep] = process.argv.slice(1);
function alive(pid) { try { process.kill(pid, 0); return true; } catch { return false; } }
setInterval(() => {
  if (!fs.existsSync(pidFile)) process.exit(0);
  if (alive(Number(parentPid))) return;
  const pids = fs.readFileSync(pidFile, 'utf8').split('\\n').filter(Boolean).map(Number);
  for (const pid of pids) { try { process.kill(-pid, 'SIGKILL'); } catch {} }
  if (keep !== '1') { try { fs.rmSync(dir, { recursive: true, force: true }); } catch {} }
  else { try { fs.rmSync(pidFile, { force: true }); } catch {} }
  process.exit(0);
}, 1000);
`;

// ---------------------------------------------------------------------------------------------------------
// Small utilities

const handedOutPorts = new Set();

/** A free loopback TCP port (bind port 0), never the same one twice in this process. */
async function freePort() {
	for (let attempt = 0; attempt < 100; attempt++) {
		const port = await new Promise((resolve, reject) => {
			const server = net.createServer();
			server.unref();
			server.on('error', reject);
			server.listen(0, '127.0.0.1', () => {
				const { port: p } = server.address();
				server.close(() => resolve(p));
			});
		});
		if (!handedOutPorts.has(port)) {
			handedOutPorts.add(port);
			return port;
		}
	}
	throw new Error('Could not find a free TCP port');
}

/** GET a loopback URL; resolves to the HTTP status code, or 0 on connection errors. */
function httpStatus(url, timeoutMs = 2000) {
	return new Promise((resolve) => {
		const req = http.get(url, { timeout: timeoutMs }, (res) => {
			res.resume();
			resolve(res.statusCode);
		});
		req.on('timeout', () => req.destroy());
		req.on('error', () => resolve(0));
	});
}

function redisPing(port, timeoutMs = 1000) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		let data = '';
		const done = (ok) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(timeoutMs, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			data += chunk.toString();
			if (data.includes('\r\n')) done(data.startsWith('+PONG'));
		});
	});
}

/** What n8n (and redis) print when a port handed to them was taken meanwhile. */
const PORT_CLASH = /EADDRINUSE|address already in use|port \d+ is already in use/i;

/** A CLI process killed by a crash signal (not by the harness's timeout). */
function isExitCrash(res) {
	return res.code === null && ['SIGSEGV', 'SIGBUS', 'SIGABRT'].includes(res.signal);
}

function tailOfFile(file, lines) {
	try {
		const text = fs.readFileSync(file, 'utf8');
		const all = text.split('\n');
		if (all.length && all[all.length - 1] === '') all.pop();
		return all.slice(-lines).join('\n');
	} catch (error) {
		return `(no log: ${error.code || error.message})`;
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

/** Finds the JSON object n8n `execute --rawOutput` printed (pretty-printed, `{` and `}` alone on a line). */
function parseRawOutput(text) {
	const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
	const starts = [];
	const ends = [];
	lines.forEach((line, i) => {
		if (line === '{') starts.push(i);
		if (line === '}') ends.push(i);
	});
	for (let s = starts.length - 1; s >= 0; s--) {
		for (let e = ends.length - 1; e >= 0 && ends[e] > starts[s]; e--) {
			try {
				const parsed = JSON.parse(lines.slice(starts[s], ends[e] + 1).join('\n'));
				if (parsed && parsed.data && parsed.data.resultData) return parsed;
			} catch {
				// try a shorter span
			}
		}
	}
	return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Runtime (Node 24 + n8n), installed once per machine by runtime.sh

const runtimeCache = new Map();

function resolveRuntime(version) {
	if (!runtimeCache.has(version)) {
		const promise = new Promise((resolve, reject) => {
			debug(`runtime.sh ${version}`);
			const child = spawn('bash', [RUNTIME_SH, version], {
				env: cleanParentEnv(),
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (chunk) => (stdout += chunk));
			child.stderr.on('data', (chunk) => {
				stderr += chunk;
				// A cold install takes minutes: show progress instead of silence.
				process.stderr.write(chunk);
			});
			const timer = setTimeout(() => {
				child.kill('SIGKILL');
				reject(new Error(`runtime.sh ${version} timed out after ${TIMEOUTS.runtime / 1000}s\n${stderr.slice(-4000)}`));
			}, TIMEOUTS.runtime);
			child.on('error', (error) => {
				clearTimeout(timer);
				reject(error);
			});
			child.on('close', (code) => {
				clearTimeout(timer);
				const node = /^NODE=(.+)$/m.exec(stdout);
				const n8n = /^N8N=(.+)$/m.exec(stdout);
				if (code !== 0 || !node || !n8n) {
					reject(new Error(`runtime.sh ${version} failed (exit ${code})\n${stdout}\n${stderr.slice(-4000)}`));
					return;
				}
				resolve({ nodeBin: node[1].trim(), n8nBin: n8n[1].trim() });
			});
		});
		promise.catch(() => runtimeCache.delete(version));
		runtimeCache.set(version, promise);
	}
	return runtimeCache.get(version);
}

// ---------------------------------------------------------------------------------------------------------

class N8nInstance {
	/**
	 * @param {object} [options]
	 * @param {string} [options.version] n8n version (runtime.sh installs it once); default
	 *   process.env.E2E_N8N_VERSION (set per jest project by test/e2e/use-n8n-*.js), else '2.41.1'.
	 * @param {boolean} [options.queue=false] queue mode: redis-server + main + `workers` workers.
	 * @param {number} [options.workers=2]
	 * @param {number} [options.concurrency=10] `n8n worker --concurrency`.
	 * @param {object} [options.env] extra env for every n8n process (main, workers, CLI commands).
	 * @param {string} [options.packageDir] folder with package.json + dist/ to install (default: repo root).
	 * @param {boolean} [options.installPackage=true]
	 */
	constructor(options = {}) {
		this.version = options.version || process.env.E2E_N8N_VERSION || '2.41.1';
		/** n8n's major version: 1.x and 2.x differ in activation, database schema and logs (see below). */
		this.major = Number(String(this.version).split('.')[0]);
		this.queue = Boolean(options.queue);
		this.workers = options.workers === undefined ? 2 : options.workers;
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

	/** A free loopback port (overridable, e.g. to test the port-clash retry). */
	_freePort() {
		return freePort();
	}

	// --- paths -------------------------------------------------------------------------------------------
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

	// --- lifecycle ---------------------------------------------------------------------------------------

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
	}

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
	}

	_startWatchdog() {
		const child = spawn(
			process.execPath,
			['-e', WATCHDOG_SCRIPT, String(process.pid), this.pidFile, this.dir, KEEP ? '1' : '0'],
			{ detached: true, stdio: 'ignore' },
		);
		child.unref();
		this.watchdogPid = child.pid;
	}

	/** SIGKILLs what is left of a process group (after its leader exited) and forgets it. */
	_reap(entry) {
		if (entry.reaped || !entry.pid) return;
		killGroup(entry.pid, 'SIGKILL');
		entry.reaped = true;
		liveGroups.delete(entry.pid);
		this._writePidFile();
	}

	_writePidFile() {
		if (!this.pidFile || !fs.existsSync(path.dirname(this.pidFile))) return;
		const pids = this.processes.filter((p) => !p.reaped && p.pid).map((p) => p.pid);
		try {
			fs.writeFileSync(this.pidFile, pids.join('\n') + '\n');
		} catch {
			// folder being removed
		}
	}

	_requirePrepared() {
		if (!this.prepared) throw new Error('Call `await n8n.prepare()` first');
	}

	/** Env shared by every n8n process of this instance. */
	_baseEnv() {
		const binDir = path.dirname(this.nodeBin);
		return {
			...cleanParentEnv(),
			PATH: `${binDir}:${process.env.PATH || '/usr/bin:/bin'}`,
			NODE_ENV: 'production',
			NO_COLOR: '1',
			...QUIET_ENV,
			...(this.major === 1 ? QUIET_ENV_1X : {}),
			N8N_USER_FOLDER: this.dir,
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			N8N_LOG_LEVEL: DEBUG ? 'debug' : 'info',
			N8N_LOG_OUTPUT: 'console',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_SECURE_COOKIE: 'false',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '8',
			DB_TYPE: 'sqlite',
			DB_SQLITE_POOL_SIZE: '3',
			// SQLite busy timeout for n8n's connections: several n8n processes share one database file.
			NODE_OPTIONS: `--require ${JSON.stringify(path.join(__dirname, 'sqlite-busy-timeout.js'))}`,
			...this.extraEnv,
		};
	}

	_queueEnv() {
		return {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(this.redisPort),
			// n8n 2.41.1 enqueues with removeOnComplete = keep 0: when a worker finishes a job before main
			// reaches Bull's job.finished() (fast workflows), the completion event is missed and the job is
			// already gone, so a lastNode webhook call hangs forever (seen ~1 in 60 calls). Keeping finished
			// jobs lets job.finished() see them. Override through `env` to reproduce the bug.
			N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED: '1000',
			N8N_EXECUTIONS_QUEUE_KEEP_LAST_FAILED: '1000',
		};
	}

	/**
	 * n8n 1.x has the same Bull race (scaling.service.js addJob: `removeOnComplete: true, removeOnFail: true`,
	 * hard-coded; measured on 1.123.81: 300 lastNode webhook calls, 10 at a time, 8 never answered; 0 with
	 * this patch) but no
	 * setting for it: main (the only process that enqueues) is started with BULL_KEEP_JOBS_1X preloaded, which
	 * applies the two N8N_EXECUTIONS_QUEUE_KEEP_LAST_* values above to Bull's Queue#add the way 2.x does
	 * (a count instead of `true`). Set them to '0' through `env` to reproduce the bug. Node args for main.
	 */
	_mainNodeArgs1x() {
		if (this.major !== 1 || !this.queue) return [];
		const file = path.join(this.dir, 'bull-keep-jobs-1x.js');
		fs.writeFileSync(file, BULL_KEEP_JOBS_1X);
		return ['--require', file];
	}

	/** Spawns a process in its own process group, stdout+stderr into a log file. */
	_spawn(name, command, args, env, { stdoutFile, kind = 'service' } = {}) {
		const suffix = kind === 'service' && this.startIndex > 1 ? `-run${this.startIndex}` : '';
		const logFile = path.join(this.logDir, `${name}${suffix}.log`);
		const errFd = fs.openSync(logFile, 'a');
		const outFd = stdoutFile ? fs.openSync(stdoutFile, 'a') : errFd;
		const child = spawn(command, args, {
			cwd: this.dir,
			env,
			detached: true,
			stdio: ['ignore', outFd, errFd],
		});
		fs.closeSync(errFd);
		if (outFd !== errFd) fs.closeSync(outFd);
		const entry = {
			name: `${name}${suffix}`,
			baseName: name,
			kind,
			pid: child.pid,
			child,
			files: stdoutFile ? [stdoutFile, logFile] : [logFile],
			exit: undefined,
		};
		entry.exited = new Promise((resolve) => {
			child.on('exit', (code, signal) => {
				entry.exit = { code, signal };
				resolve(entry.exit);
			});
			child.on('error', (error) => {
				entry.spawnError = error;
				if (!entry.exit) entry.exit = { code: -1, signal: null, error: error.message };
				resolve(entry.exit);
			});
		});
		// The group stays listed until reaped with SIGKILL: a crashed main can leave its task runner behind.
		if (child.pid) liveGroups.set(child.pid, true);
		this.processes.push(entry);
		this._writePidFile();
		debug(`spawned ${entry.name} pid ${child.pid}: ${[command, ...args].join(' ').slice(0, 200)}`);
		return entry;
	}

	/** Runs an n8n CLI command to completion (regular-mode env, own broker port). */
	async _cli(args, options = {}) {
		for (let attempt = 1; ; attempt++) {
			const res = await this._cliOnce(args, options);
			const clash = res.code !== 0 && !res.stdout.includes('"resultData"') && PORT_CLASH.test(this._entryText(res.entry));
			if (!clash || attempt >= 3) return res;
			debug(`n8n ${args[0]}: port clash, running it again`);
		}
	}

	async _cliOnce(args, { timeoutMs = TIMEOUTS.cli, env = {}, captureStdout = false } = {}) {
		this._requirePrepared();
		const name = `cli-${++this.cliCounter}-${args[0].replace(/[^a-z0-9]+/gi, '-')}`;
		const stdoutFile = captureStdout ? path.join(this.logDir, `${name}.stdout.log`) : undefined;
		const fullEnv = {
			...this._baseEnv(),
			N8N_PORT: String(await this._freePort()),
			N8N_RUNNERS_BROKER_PORT: String(await this._freePort()),
			...env,
		};
		const started = Date.now();
		const entry = this._spawn(name, this.nodeBin, [this.n8nBin, ...args], fullEnv, { stdoutFile, kind: 'cli' });
		const outcome = await raceTimeout(entry.exited, timeoutMs);
		if (outcome === 'timeout') {
			this._reap(entry);
			await entry.exited;
			throw new Error(
				`\`n8n ${args.join(' ')}\` timed out after ${timeoutMs / 1000}s\n${this._tailOf(entry, 80)}`,
			);
		}
		// The command may leave children (task runner) behind in its group.
		this._reap(entry);
		const ms = Date.now() - started;
		debug(`n8n ${args.join(' ')} -> exit ${entry.exit.code} in ${ms} ms`);
		const stdout = stdoutFile ? fs.readFileSync(stdoutFile, 'utf8') : '';
		return { entry, code: entry.exit.code, signal: entry.exit.signal, ms, stdout };
	}

	/**
	 * Runs a CLI command that must succeed. n8n 2.41.1 CLI commands on Node 24 sometimes die with SIGSEGV
	 * while exiting, after their work is done (seen on `execute`, ~1 run in 5 under load): a crash at exit is
	 * accepted when `verify()` confirms the effect in the database (recorded in `this.warnings`).
	 */
	async _cliOk(args, { verify, ...options } = {}) {
		const res = await this._cli(args, options);
		if (res.code === 0) return res;
		if (isExitCrash(res) && verify && (await verify().catch(() => false))) {
			this._crashedAtExit(args, res);
			return res;
		}
		throw new Error(`\`n8n ${args.join(' ')}\` failed (exit ${res.code}, ${res.signal || 'no signal'})\n${this._tailOf(res.entry, 80)}`);
	}

	_crashedAtExit(args, res) {
		const note = `\`n8n ${args[0]}\` crashed with ${res.signal} while exiting, after completing its work`;
		this.warnings.push(note);
		debug(note);
	}

	/** `n8n import:credentials`: [{ id, name, type, data }], plain `data` objects are encrypted on import. */
	async importCredentials(credentials) {
		if (!Array.isArray(credentials) || credentials.length === 0) throw new Error('importCredentials: pass a non-empty array');
		for (const c of credentials) {
			if (!c.id || !c.name || !c.type || !c.data) throw new Error(`importCredentials: every credential needs id, name, type, data: ${JSON.stringify(c)}`);
		}
		const file = path.join(this.dir, 'import', `credentials-${Date.now()}-${crypto.randomBytes(3).toString('hex')}.json`);
		fs.writeFileSync(file, JSON.stringify(credentials, null, 2));
		const ids = credentials.map((c) => String(c.id));
		const res = await this._cliOk(['import:credentials', `--input=${file}`], {
			verify: async () => (await this._existingIds('credentials_entity', ids)).length === ids.length,
		});
		this.timings.importCredentials = res.ms;
		return res;
	}

	/** `n8n import:workflow`: workflows need ids. Importing deactivates them: call activate() afterwards. */
	async importWorkflows(workflows) {
		if (!Array.isArray(workflows) || workflows.length === 0) throw new Error('importWorkflows: pass a non-empty array');
		const normalised = workflows.map((wf) => {
			if (!wf || !wf.id) throw new Error(`importWorkflows: every workflow needs an id (got ${wf && wf.name})`);
			return { active: false, settings: {}, connections: {}, ...wf, name: wf.name || wf.id };
		});
		const file = path.join(this.dir, 'import', `workflows-${Date.now()}-${crypto.randomBytes(3).toString('hex')}.json`);
		fs.writeFileSync(file, JSON.stringify(normalised, null, 2));
		const ids = normalised.map((wf) => String(wf.id));
		const res = await this._cliOk(['import:workflow', `--input=${file}`], {
			verify: async () => (await this._existingIds('workflow_entity', ids)).length === ids.length,
		});
		this.timings.importWorkflows = res.ms;
		return res;
	}

	/** `n8n publish:workflow --id`: active from the next start() (publication is applied at startup).
	 * n8n 1.x has no publish:workflow: `n8n update:workflow --id --active=true` (also applied at startup). */
	async activate(workflowId) {
		if (this.major === 1) return await this._activate1x(workflowId);
		const res = await this._cliOk(['publish:workflow', `--id=${workflowId}`], {
			verify: async () =>
				(await this.sql('SELECT id FROM workflow_entity WHERE id = ? AND activeVersionId IS NOT NULL', [String(workflowId)]))
					.length === 1,
		});
		this.timings.activate = res.ms;
		return res;
	}

	/** n8n 1.x: `update:workflow` exits 0 (only logging) also for an unknown id: always check the database. */
	async _activate1x(workflowId) {
		const isActive = async () =>
			(await this.sql('SELECT id FROM workflow_entity WHERE id = ? AND active = 1', [String(workflowId)])).length === 1;
		const res = await this._cliOk(['update:workflow', `--id=${workflowId}`, '--active=true'], { verify: isActive });
		if (!(await isActive())) {
			throw new Error(`\`n8n update:workflow --id=${workflowId} --active=true\` did not activate it (unknown id?)\n${this._tailOf(res.entry, 40)}`);
		}
		this.timings.activate = res.ms;
		return res;
	}

	async _existingIds(table, ids) {
		const rows = await this.sql(`SELECT id FROM ${table} WHERE id IN (${ids.map(() => '?').join(',')})`, ids);
		return rows.map((r) => String(r.id));
	}

	/**
	 * `n8n execute --id X --rawOutput` (the workflow needs a Manual Trigger). Returns the parsed run
	 * ({ data: { resultData: { runData } }, status, mode, ... }). Throws with the log tail when the execution
	 * failed or printed nothing parseable, unless { allowFailure: true } (then a failed run is returned).
	 */
	async execute(workflowId, { timeoutMs = TIMEOUTS.cli, env = {}, allowFailure = false } = {}) {
		// `this.log()` of the execute command goes through the logger at info level: keep info (debug would
		// prefix the JSON with a timestamp). The CLI ignores queue mode anyway.
		const res = await this._cli(['execute', `--id=${workflowId}`, '--rawOutput'], {
			timeoutMs,
			env: { N8N_LOG_LEVEL: 'info', ...env },
			captureStdout: true,
		});
		this.timings.execute = res.ms;
		const parsed = parseRawOutput(res.stdout);
		const succeeded = Boolean(parsed) && parsed.status === 'success' && !parsed.data.resultData.error;
		// The run data is printed once the execution is stored: a crash after that is n8n's exit, not the run.
		if (succeeded && isExitCrash(res)) this._crashedAtExit(['execute'], res);
		const failed = !succeeded || (res.code !== 0 && !isExitCrash(res));
		if (failed && !(allowFailure && parsed)) {
			const error = parsed && parsed.data.resultData.error;
			const why = !parsed
				? 'printed no parseable run data'
				: `failed: ${error ? `${error.message}${error.description ? ` (${error.description})` : ''}` : `status ${parsed.status}`}`;
			const err = new Error(`Workflow ${workflowId} ${why} (exit ${res.code === null ? res.signal : res.code})\n${this._tailOf(res.entry, 80)}`);
			err.result = parsed;
			throw err;
		}
		return parsed;
	}

	/**
	 * json of every item a node output: result of execute() or executionData(); `run` (default: last run)
	 * and `output` index (default 0).
	 */
	outputOf(result, nodeName, { run = -1, output = 0 } = {}) {
		const resultData = result && ((result.data && result.data.resultData) || result.resultData);
		if (!resultData) throw new Error('outputOf: not a run result');
		const runs = resultData.runData[nodeName];
		if (!runs || runs.length === 0) {
			throw new Error(`outputOf: node "${nodeName}" did not run (ran: ${Object.keys(resultData.runData).join(', ')})`);
		}
		const taskData = runs[run < 0 ? runs.length + run : run];
		if (taskData.error) throw new Error(`outputOf: node "${nodeName}" failed: ${taskData.error.message}`);
		const main = (taskData.data && taskData.data.main) || [];
		return (main[output] || []).map((item) => item.json);
	}

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
	}

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
			const mainEnv = {
				...this._baseEnv(),
				...(this.queue ? this._queueEnv() : {}),
				...this.extraEnv,
				N8N_PORT: String(this.port),
				N8N_RUNNERS_BROKER_PORT: String(await this._freePort()),
				N8N_WEBHOOK_URL: `${this.baseUrl}/`,
				// n8n 1.x reads WEBHOOK_URL only (services/url.service.js); 2.x reads N8N_WEBHOOK_URL.
				...(this.major === 1 ? { WEBHOOK_URL: `${this.baseUrl}/` } : {}),
				...this._mainLogLevel1x(),
			};
			const freshDb = !fs.existsSync(this.dbPath);
			const main = this._spawn(`main`, this.nodeBin, [...this._mainNodeArgs1x(), this.n8nBin, 'start'], mainEnv);
			main.role = 'main';
			this.startedProcesses.push(main);
			this.main = main;
			// A fresh database is migrated by the first process: let main do it alone.
			if (freshDb) await this._waitMainReady(main, deadline);
			this.workerProcesses = [];
			if (this.queue) {
				for (let i = 1; i <= this.workers; i++) {
					const healthPort = await this._freePort();
					const env = {
						...this._baseEnv(),
						...this._queueEnv(),
						...this.extraEnv,
						N8N_PORT: String(await this._freePort()),
						N8N_RUNNERS_BROKER_PORT: String(await this._freePort()),
						QUEUE_HEALTH_CHECK_ACTIVE: 'true',
						QUEUE_HEALTH_CHECK_PORT: String(healthPort),
					};
					const worker = this._spawn(
						`worker-${i}`,
						this.nodeBin,
						[this.n8nBin, 'worker', `--concurrency=${this.concurrency}`],
						env,
					);
					worker.role = 'worker';
					worker.workerName = `worker-${i}`;
					worker.healthPort = healthPort;
					this.startedProcesses.push(worker);
					this.workerProcesses.push(worker);
				}
			}
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
	}

	async _startRedis(deadline) {
		const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
		if (which.status !== 0 || !which.stdout.trim()) {
			throw new Error('Queue mode needs redis-server on PATH: apt-get install -y redis-server');
		}
		this.redisPort = await this._freePort();
		const redisDir = path.join(this.dir, 'redis');
		fs.mkdirSync(redisDir, { recursive: true });
		const redis = this._spawn(
			`redis`,
			which.stdout.trim(),
			['--port', String(this.redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
				'--dir', redisDir, '--daemonize', 'no', '--protected-mode', 'no'],
			cleanParentEnv(),
		);
		redis.role = 'redis';
		this.startedProcesses.push(redis);
		this.redis = redis;
		while (!(await redisPing(this.redisPort))) {
			if (redis.exit || redis.spawnError) throw new Error(`redis-server exited (${JSON.stringify(redis.exit)})`);
			if (Date.now() > deadline) throw new Error('redis-server did not answer PING in time');
			await sleep(100);
		}
	}

	_entryText(entry) {
		return entry.files
			.map((file) => {
				try {
					return fs.readFileSync(file, 'utf8');
				} catch {
					return '';
				}
			})
			.join('\n');
	}

	_logText(entry) {
		try {
			return fs.readFileSync(entry.files[entry.files.length - 1], 'utf8');
		} catch {
			return '';
		}
	}

	async _waitMainReady(main, deadline) {
		// /healthz/readiness answers before the workflows are activated: also wait for the last start line.
		for (;;) {
			if (main.exit || main.spawnError) throw new Error(`n8n main exited during start (${JSON.stringify(main.exit || main.spawnError.message)})`);
			const status = await httpStatus(`${this.baseUrl}/healthz/readiness`);
			const quiet = !/^(info|debug|verbose|silly)$/i.test(this._baseEnv().N8N_LOG_LEVEL || 'info');
			// n8n 1.x answers readiness 200 as soon as the database is migrated, before it activates the
			// workflows (2.x waits until fully ready): there, the start line is the only signal, always needed.
			const needLine = !quiet || this.major === 1;
			if (status === 200 && (!needLine || this._logText(main).includes('Editor is now accessible via'))) return;
			if (Date.now() > deadline) throw new Error(`n8n main not ready in time (readiness ${status})`);
			await sleep(200);
		}
	}

	async _waitWorkerReady(worker, deadline) {
		for (;;) {
			if (worker.exit || worker.spawnError) throw new Error(`${worker.name} exited during start (${JSON.stringify(worker.exit || worker.spawnError.message)})`);
			const status = await httpStatus(`http://127.0.0.1:${worker.healthPort}/healthz/readiness`);
			if (status === 200) return;
			if (Date.now() > deadline) throw new Error(`${worker.name} not ready in time (readiness ${status})`);
			await sleep(200);
		}
	}

	/** n8n 1.x's readiness and activation results are only in main's info-level log (see _waitMainReady and
	 * _waitActivations1x): when a quieter level was asked for, main logs at info anyway. */
	_mainLogLevel1x() {
		const quiet = !/^(info|debug|verbose|silly)$/i.test(this._baseEnv().N8N_LOG_LEVEL || 'info');
		return this.major === 1 && quiet ? { N8N_LOG_LEVEL: 'info' } : {};
	}

	/**
	 * n8n 1.x activates the active workflows (workflow_entity.active = 1) synchronously at startup, before it
	 * logs "Editor is now accessible via", and keeps no record of the outcome in the database (no
	 * workflow_publication_* tables): read it from main's log of this start, one line per workflow:
	 * `Activated workflow "<name>" (ID: <id>)` or `Issue on initial workflow activation try of "<name>" (ID: <id>) (startup)`.
	 * Sets this.activation like the 2.x path ([{ workflowId, versionId, status, errorMessage }]).
	 */
	async _waitActivations1x(allowFailures) {
		const rows = await this.sql('SELECT id, name, activeVersionId FROM workflow_entity WHERE active = 1');
		const log = this._logText(this.main);
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
		this.activation = activation;
	}

	/** With n8n 2.x's workflow publication service, published workflows are activated asynchronously after
	 * startup: wait until each has an outbox record for its active version in a terminal state. */
	async _waitPublications(deadline, allowFailures) {
		if (this.major === 1) return await this._waitActivations1x(allowFailures);
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
	}

	/** Kills every running process (process groups; SIGTERM, then SIGKILL), keeps the folder. */
	async stopProcesses() {
		const alive = this.processes.filter((p) => !p.reaped && p.pid);
		// Workers and main first, redis last (n8n wants redis while shutting down).
		const order = (p) => (p.role === 'redis' ? 1 : 0);
		for (const phase of [0, 1]) {
			const batch = alive.filter((p) => order(p) === phase);
			for (const p of batch) if (!p.exit) killGroup(p.pid, 'SIGTERM');
			await Promise.all(
				batch.map(async (p) => {
					const res = await raceTimeout(p.exited, TIMEOUTS.stop);
					if (res === 'timeout') {
						debug(`${p.name} ignored SIGTERM for ${TIMEOUTS.stop} ms: SIGKILL`);
						killGroup(p.pid, 'SIGKILL');
						await raceTimeout(p.exited, 2000);
					}
					// children left in the group (task runners)
					this._reap(p);
				}),
			);
		}
		this.running = false;
		this._writePidFile();
	}

	/** Stops the processes and starts them again on new ports (e.g. after activate()). */
	async restart(options) {
		await this.stopProcesses();
		return await this.start(options);
	}

	/** Kills every process this instance started and removes the temp folder (unless KEEP_E2E=1). */
	async stop() {
		const t0 = Date.now();
		await this.stopProcesses();
		this.finalLogTail = this.dir ? this.logTail(40) : '';
		if (this.watchdogPid) {
			try {
				process.kill(this.watchdogPid, 'SIGKILL');
			} catch {
				// gone
			}
			this.watchdogPid = undefined;
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
	}

	// --- webhooks, logs, database --------------------------------------------------------------------------

	webhookUrl(webhookPath) {
		if (!this.baseUrl) throw new Error('n8n is not started');
		return `${this.baseUrl}/webhook/${String(webhookPath).replace(/^\/+/, '')}`;
	}

	webhookTestUrl(webhookPath) {
		if (!this.baseUrl) throw new Error('n8n is not started');
		return `${this.baseUrl}/webhook-test/${String(webhookPath).replace(/^\/+/, '')}`;
	}

	_tailOf(entry, lines) {
		const state = entry.exit ? `exited ${entry.exit.code !== null ? entry.exit.code : entry.exit.signal}` : 'running';
		return entry.files
			.map((file) => `----- ${entry.name} (pid ${entry.pid}, ${state}) ${path.basename(file)} -----\n${tailOfFile(file, lines)}`)
			.join('\n');
	}

	/** Last `lines` lines of the log of every service process and of the last CLI commands. */
	logTail(lines = 40) {
		if (!this.dir || !fs.existsSync(this.dir)) return this.finalLogTail || '(no logs: instance not prepared or already removed)';
		const services = this.processes.filter((p) => p.kind === 'service');
		const clis = this.processes.filter((p) => p.kind === 'cli').slice(-2);
		return [...clis, ...services].map((p) => this._tailOf(p, lines)).join('\n');
	}

	/** Full log text of a process by name ('main', 'worker-1', 'redis', ...); the latest with that name. */
	log(name) {
		const matches = this.processes.filter((p) => p.name === name || p.baseName === name);
		const entry = matches[matches.length - 1];
		if (!entry) throw new Error(`No process named ${name} (have: ${this.processes.map((p) => p.name).join(', ')})`);
		return this._entryText(entry);
	}

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
	}

	/** Runs a read query on n8n's sqlite database (node:sqlite under Node 24, in a child process). */
	async sql(query, params = []) {
		this._requirePrepared();
		if (!fs.existsSync(this.dbPath)) return [];
		const out = await this._nodeScript(SQL_SCRIPT, [this.dbPath, query, JSON.stringify(params)]);
		return JSON.parse(out);
	}

	_nodeScript(script, args) {
		return new Promise((resolve, reject) => {
			const child = spawn(this.nodeBin, ['--no-warnings', '-e', script, ...args], {
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
				else reject(new Error(`sqlite query failed (exit ${code}): ${stderr.trim()}`));
			});
		});
	}

	/** Stored executions, oldest first: [{ id, status, mode, workflowId, finished, startedAt, stoppedAt }]. */
	async executions({ workflowId } = {}) {
		const rows = await this.sql(
			`SELECT id, status, mode, workflowId, finished, startedAt, stoppedAt, createdAt
			   FROM execution_entity ${workflowId ? 'WHERE workflowId = ?' : ''} ORDER BY id`,
			workflowId ? [workflowId] : [],
		);
		return rows.map((r) => ({ ...r, id: String(r.id), finished: Boolean(r.finished) }));
	}

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
	}

	/** The stored run data of one execution (IRunExecutionData: { resultData: { runData, error? } }). */
	async executionData(executionId) {
		const out = await this._nodeScript(EXECUTION_DATA_SCRIPT, [this.dbPath, String(executionId)]);
		return JSON.parse(out);
	}

	/** Trigger activation state per node of published workflows (n8n 2.x publication service). */
	async triggerStatus(workflowId) {
		if (this.major === 1) {
			throw new Error('triggerStatus(): n8n 1.x has no workflow_publication_trigger_status table; see n8n.activation and the main log');
		}
		return await this.sql(
			`SELECT workflowId, nodeId, versionId, status, errorMessage, triggerKind FROM workflow_publication_trigger_status
			 ${workflowId ? 'WHERE workflowId = ?' : ''}`,
			workflowId ? [workflowId] : [],
		);
	}

	/** Production webhooks registered in the database: [{ workflowId, webhookPath, method, node }]. */
	async webhooks() {
		return await this.sql('SELECT workflowId, webhookPath, method, node, webhookId FROM webhook_entity');
	}

	/** Node types n8n loaded (the editor's types/nodes.json, written by `n8n start`): [{ name, version, ... }]. */
	loadedNodeTypes() {
		return this._staticTypes('nodes');
	}

	loadedCredentialTypes() {
		return this._staticTypes('credentials');
	}

	_staticTypes(kind) {
		const file = path.join(this.dir, '.cache', 'n8n', 'public', 'types', `${kind}.json`);
		if (!fs.existsSync(file)) throw new Error(`${file} does not exist: start() n8n first`);
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	}
}

const SQL_SCRIPT = `
const { DatabaseSync } = require('node:sqlite');
const [dbPath, query, params] = process.argv.slice(1);
const db = new DatabaseSync(dbPath);
db.exec('PRAGMA busy_timeout = 10000');
const rows = db.prepare(query).all(...JSON.parse(params));
db.close();
process.stdout.write(JSON.stringify(rows, (k, v) => (typeof v === 'bigint' ? Number(v) : v)));
`;

const EXECUTION_DATA_SCRIPT = `
const { DatabaseSync } = require('node:sqlite');
const { parse } = require(require.resolve('flatted', { paths: [process.env.N8N_PACKAGE_DIR] }));
const [dbPath, id] = process.argv.slice(1);
const db = new DatabaseSync(dbPath);
db.exec('PRAGMA busy_timeout = 10000');
const row = db.prepare('SELECT data FROM execution_data WHERE executionId = ?').get(Number(id));
db.close();
if (!row) { console.error('no execution_data for execution ' + id); process.exit(2); }
process.stdout.write(JSON.stringify(parse(row.data)));
`;

module.exports = { N8nInstance, freePort, parseRawOutput, REPO_ROOT };
