'use strict';
/**
 * Queue mode: a redis-server of our own, the queue env, `n8n worker` processes and their readiness.
 * `methods` are mixed into N8nInstance (instance.js); lifecycle.js start() calls them when `queue: true`.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { cleanParentEnv, sleep } = require('./config');
const { httpStatus, redisPing } = require('./processes');

const methods = {
	_queueEnv() {
		return {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(this.redisPort),
			// n8n 2.41.1 enqueues with removeOnComplete = keep 0: when a worker finishes a job before main
			// reaches Bull's job.finished() (fast workflows), the completion event is missed and the job is
			// already gone, so a lastNode webhook call hangs forever (seen ~1 in 60 calls). Keeping finished
			// jobs lets job.finished() see them. Override through `env` to reproduce the bug. (n8n 1.x: the
			// same values, applied by a preload: n8n1x.js mainNodeArgs.)
			N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED: '1000',
			N8N_EXECUTIONS_QUEUE_KEEP_LAST_FAILED: '1000',
		};
	},

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
	},

	/** Spawns `this.workers` workers (`n8n worker --concurrency`), each with a health port; does not wait. */
	async _startWorkers() {
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
	},

	async _waitWorkerReady(worker, deadline) {
		for (;;) {
			if (worker.exit || worker.spawnError) throw new Error(`${worker.name} exited during start (${JSON.stringify(worker.exit || worker.spawnError.message)})`);
			const status = await httpStatus(`http://127.0.0.1:${worker.healthPort}/healthz/readiness`);
			if (status === 200) return;
			if (Date.now() > deadline) throw new Error(`${worker.name} not ready in time (readiness ${status})`);
			await sleep(200);
		}
	},
};

module.exports = { methods };
