'use strict';
/** Starts the WeChat simulator in a child process (./simChild.js) and talks to it over IPC. */
const { fork } = require('child_process');
const path = require('path');

/** tls: { certFile, keyFile, connectDelayMs } puts the simulator behind TLS (url is then https://). */
async function startSimulatorProcess({ latencyMs = 0, tls } = {}) {
	const child = fork(path.join(__dirname, 'simChild.js'), [String(latencyMs), ...(tls ? [JSON.stringify(tls)] : [])], {
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		execArgv: [],
	});
	const pending = new Map();
	let seq = 0;
	const ready = new Promise((resolve, reject) => {
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`simulator process exited (${code}) before it was ready`)));
		child.on('message', (msg) => {
			if (msg.ready) return resolve(msg);
			const p = pending.get(msg.id);
			if (!p) return;
			pending.delete(msg.id);
			if (msg.error) p.reject(new Error(msg.error));
			else p.resolve(msg.result);
		});
	});
	const { url, pid } = await ready;
	const call = (cmd, args) =>
		new Promise((resolve, reject) => {
			const id = ++seq;
			pending.set(id, { resolve, reject });
			child.send({ id, cmd, args });
		});
	let stopped = false;
	return {
		url,
		pid,
		latencyMs,
		stats: () => call('stats'),
		seed: (n, unionIdEvery = 1) => call('seed', { n, unionIdEvery }),
		reset: () => call('reset'),
		/** kind 'subscription' (SUB_ORDER, Mini Program) or 'window' (customer service, Official Account) for people 0..n-1 */
		allow: (kind, n) => call('allow', { kind, n }),
		deliveries: () => call('deliveries'),
		openIds: (from, count) => call('openIds', { from, count }).then((r) => r.openids),
		usage: () => call('usage'),
		async stop() {
			if (stopped) return;
			stopped = true;
			const exited = new Promise((resolve) => child.once('exit', resolve));
			await Promise.race([call('stop'), new Promise((r) => setTimeout(r, 3000))]);
			if (child.exitCode === null) child.kill('SIGKILL');
			await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
		},
	};
}

/** API calls by path, token endpoints apart. */
function apiCalls(stats) {
	const calls = { ...stats.calls };
	delete calls['/cgi-bin/stable_token'];
	delete calls['/cgi-bin/token'];
	return calls;
}

module.exports = { startSimulatorProcess, apiCalls };
