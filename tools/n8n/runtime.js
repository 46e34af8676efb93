'use strict';
/** Runtime: Node 24 + n8n of a given version, installed once per machine (cached) by ./runtime.sh. */
const { spawn } = require('child_process');
const path = require('path');
const { TIMEOUTS, debug, cleanParentEnv } = require('./config');

const RUNTIME_SH = path.join(__dirname, 'runtime.sh');

/** version -> Promise<{ nodeBin, n8nBin }> (a failed install is forgotten, so the next call tries again) */
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

module.exports = { resolveRuntime, RUNTIME_SH };
