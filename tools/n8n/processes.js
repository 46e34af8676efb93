'use strict';
/**
 * Processes: every process the harness starts gets its own process group; all groups are killed when this
 * process exits (exit/signal handlers), and a detached watchdog (watchdog.js) kills them if this process
 * dies without exiting cleanly. Also free ports, loopback probes (HTTP status, redis PING) and log files.
 * `methods` are mixed into N8nInstance (instance.js).
 */
const { spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const path = require('path');
const { KEEP, TIMEOUTS, debug, raceTimeout } = require('./config');

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

/** What n8n (and redis) print when a port handed to them was taken meanwhile. */
const PORT_CLASH = /EADDRINUSE|address already in use|port \d+ is already in use/i;

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

const methods = {
	/** A free loopback port (overridable, e.g. to test the port-clash retry). */
	_freePort() {
		return freePort();
	},

	_startWatchdog() {
		const child = spawn(
			process.execPath,
			[path.join(__dirname, 'watchdog.js'), String(process.pid), this.pidFile, this.dir, KEEP ? '1' : '0'],
			{ detached: true, stdio: 'ignore' },
		);
		child.unref();
		this.watchdogPid = child.pid;
	},

	_stopWatchdog() {
		if (!this.watchdogPid) return;
		try {
			process.kill(this.watchdogPid, 'SIGKILL');
		} catch {
			// gone
		}
		this.watchdogPid = undefined;
	},

	/** SIGKILLs what is left of a process group (after its leader exited) and forgets it. */
	_reap(entry) {
		if (entry.reaped || !entry.pid) return;
		killGroup(entry.pid, 'SIGKILL');
		entry.reaped = true;
		liveGroups.delete(entry.pid);
		this._writePidFile();
	},

	_writePidFile() {
		if (!this.pidFile || !fs.existsSync(path.dirname(this.pidFile))) return;
		const pids = this.processes.filter((p) => !p.reaped && p.pid).map((p) => p.pid);
		if (this.ownsPg && this.pg && this.pg.pid) pids.push(this.pg.pid);
		try {
			fs.writeFileSync(this.pidFile, pids.join('\n') + '\n');
		} catch {
			// folder being removed
		}
	},

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
	},

	/** Sends a signal to the process group of one running process ('worker-1', 'main', ...), e.g. SIGKILL to
	 * crash a worker in the middle of an execution; resolves when its leader has exited. */
	async kill(name, signal = 'SIGKILL') {
		const entry = this.processes.filter((p) => (p.name === name || p.baseName === name) && !p.reaped && !p.exit).pop();
		if (!entry) throw new Error(`kill: no running process named ${name}`);
		killGroup(entry.pid, signal);
		const exit = await raceTimeout(entry.exited, TIMEOUTS.stop);
		if (exit === 'timeout') throw new Error(`kill: ${name} did not exit after ${signal}`);
		if (signal === 'SIGKILL') this._reap(entry);
		return exit;
	},

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
	},

	/** Everything a process wrote (stdout file and log), '' when unreadable. */
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
	},

	/** The log file (stderr, or stdout+stderr) of a process. */
	_logText(entry) {
		try {
			return fs.readFileSync(entry.files[entry.files.length - 1], 'utf8');
		} catch {
			return '';
		}
	},

	_tailOf(entry, lines) {
		const state = entry.exit ? `exited ${entry.exit.code !== null ? entry.exit.code : entry.exit.signal}` : 'running';
		return entry.files
			.map((file) => `----- ${entry.name} (pid ${entry.pid}, ${state}) ${path.basename(file)} -----\n${tailOfFile(file, lines)}`)
			.join('\n');
	},
};

module.exports = { methods, installExitHandlers, killGroup, freePort, httpStatus, redisPing, PORT_CLASH };
