'use strict';
/**
 * Benchmark sizes. run.js turns its flags into these environment variables for the benchmark processes;
 * they can also be set directly. BENCH_QUICK=1 (flag --quick) picks small sizes for a run of a few minutes.
 */
const QUICK = process.env.BENCH_QUICK === '1';

function num(name, full, quick) {
	const raw = process.env[name];
	if (raw !== undefined && raw !== '') {
		const value = Number(String(raw).replace(/[_,]/g, ''));
		if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number (got ${raw})`);
		return value;
	}
	return QUICK ? quick : full;
}

const config = {
	quick: QUICK,
	/** Latency the simulator adds to every WeChat API call (ms). */
	latencyMs: num('BENCH_LATENCY_MS', 20, 20),
	// 1. follower sync
	followers: num('BENCH_FOLLOWERS', 1_000_000, 100_000),
	seedFollowers: num('BENCH_SEED_FOLLOWERS', 20_000, 2_000),
	followerConcurrency: num('BENCH_FOLLOWER_CONCURRENCY', 5, 5),
	/** Followers synced in real n8n on each line for the peak memory per follower (bench/followersN8n.js). */
	followersN8n: num('BENCH_FOLLOWERS_N8N', 100_000, 10_000),
	// 2, 2c, 2d. template, subscribe and customer-service messages in real n8n
	templateMessages: num('BENCH_TEMPLATE_MESSAGES', 10_000, 1_000),
	sendConcurrency: num('BENCH_SEND_CONCURRENCY', 20, 20),
	// 3. callbacks
	cryptoMessages: num('BENCH_CRYPTO_ITERATIONS', 20_000, 5_000),
	callbackRate: num('BENCH_CALLBACK_RATE', 20, 20), // used only when BENCH_CALLBACK_RATE is set: see callbacks.js
	callbackSeconds: num('BENCH_CALLBACK_SECONDS', 30, 10),
	// 4. queue mode
	queueExecutions: num('BENCH_QUEUE_EXECUTIONS', 200, 50),
	queueClients: num('BENCH_QUEUE_CLIENTS', 20, 10),
};

const fmt = {
	int: (n) => Math.round(n).toLocaleString('en-US'),
	ms: (n) => (n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(0)} ms`),
	x: (n) => `${n.toFixed(2)}x`,
	us: (n) => `${n.toFixed(1)} µs`,
	bytes: (n) => (Math.abs(n) >= 2 ** 20 ? `${(n / 2 ** 20).toFixed(0)} MiB` : `${Math.round(n).toLocaleString('en-US')} B`),
};

module.exports = { config, fmt };
