#!/usr/bin/env node
'use strict';
/**
 * `npm run bench` (build, then this): runs the benchmarks, prints one table per benchmark with the target
 * beside each figure, and a summary table; a full run also rewrites bench/RESULTS.md (embedded by the
 * README). Everything runs against the WeChat simulator on loopback with latency injected on every call.
 *
 *   node bench/run.js                      every benchmark, full sizes
 *   node bench/run.js followers callbacks  some of them: followers | templates | subscribe-messages |
 *                                          customer-service | callbacks | queue | connections | callback-rate
 *   node bench/run.js --quick              small sizes (a few minutes)
 *   flags: --latency=MS --followers=N --seed-followers=N --follower-concurrency=C --followers-n8n=N --messages=N
 *          --send-concurrency=C --crypto-iterations=N --callback-rate=R --callback-seconds=S
 *          --queue-executions=N --queue-clients=C --rate-step-seconds=S --results (write RESULTS.md even for a partial/quick run)
 *          --no-results (never write it). Each flag is also an env variable: BENCH_LATENCY_MS, BENCH_FOLLOWERS, ...
 *
 * Each benchmark runs in its own process with a time limit; on expiry it is stopped (the e2e harness kills
 * the n8n processes it started) and reported as not finished.
 */
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const BENCHMARKS = {
	followers: { file: './followers', limitMin: 30 },
	templates: { file: './sends', options: { kind: 'template' }, limitMin: 60 },
	'subscribe-messages': { file: './sends', options: { kind: 'subscribe' }, limitMin: 45 },
	'customer-service': { file: './sends', options: { kind: 'customerService' }, limitMin: 45 },
	callbacks: { file: './callbacks', limitMin: 20 },
	queue: { file: './queue', limitMin: 20 },
	connections: { file: './connections', limitMin: 30 },
	'callback-rate': { file: './callbackRate', limitMin: 30 },
};
const FLAGS = {
	latency: 'BENCH_LATENCY_MS',
	followers: 'BENCH_FOLLOWERS',
	'seed-followers': 'BENCH_SEED_FOLLOWERS',
	'follower-concurrency': 'BENCH_FOLLOWER_CONCURRENCY',
	'followers-n8n': 'BENCH_FOLLOWERS_N8N',
	messages: 'BENCH_TEMPLATE_MESSAGES',
	'send-concurrency': 'BENCH_SEND_CONCURRENCY',
	'crypto-iterations': 'BENCH_CRYPTO_ITERATIONS',
	'callback-rate': 'BENCH_CALLBACK_RATE',
	'callback-seconds': 'BENCH_CALLBACK_SECONDS',
	'queue-executions': 'BENCH_QUEUE_EXECUTIONS',
	'queue-clients': 'BENCH_QUEUE_CLIENTS',
	'rate-step-seconds': 'BENCH_RATE_STEP_SECONDS',
};
const RESULTS_FILE = path.join(__dirname, 'RESULTS.md');

// ---------------------------------------------------------------------------------------------------------
// Child mode: run one benchmark, write its result as JSON.

async function child(name, outFile) {
	const log = (line) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
	const load = os.loadavg();
	const started = Date.now();
	const result = await require(BENCHMARKS[name].file).run(log, BENCHMARKS[name].options);
	result.ms = Date.now() - started;
	result.loadBefore = load;
	result.loadAfter = os.loadavg();
	fs.writeFileSync(outFile, JSON.stringify(result));
}

// ---------------------------------------------------------------------------------------------------------
// Parent mode.

function parseArgs(argv) {
	const names = [];
	const env = {};
	let results;
	for (const arg of argv) {
		if (arg === '--quick') env.BENCH_QUICK = '1';
		else if (arg === '--results') results = true;
		else if (arg === '--no-results') results = false;
		else if (arg === '--help' || arg === '-h') {
			process.stdout.write(fs.readFileSync(__filename, 'utf8').split('\n').slice(3, 18).join('\n').replace(/^ \* ?/gm, '') + '\n');
			process.exit(0);
		} else if (arg.startsWith('--')) {
			const [flag, value] = arg.slice(2).split('=');
			if (!FLAGS[flag] || value === undefined) throw new Error(`Unknown flag ${arg} (see --help)`);
			env[FLAGS[flag]] = value;
		} else if (BENCHMARKS[arg]) names.push(arg);
		else throw new Error(`Unknown benchmark "${arg}": one of ${Object.keys(BENCHMARKS).join(', ')}`);
	}
	return { names: names.length ? names : Object.keys(BENCHMARKS), env, results };
}

function runChild(name, env) {
	const outFile = path.join(os.tmpdir(), `bench-${name}-${process.pid}-${Date.now()}.json`);
	const limitMs = BENCHMARKS[name].limitMin * 60_000;
	return new Promise((resolve) => {
		const started = Date.now();
		const proc = spawn(process.execPath, [__filename, '--child', name, outFile], {
			env: { ...process.env, ...env },
			stdio: ['ignore', 'inherit', 'inherit'],
		});
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			process.stderr.write(`[bench] ${name} did not finish within ${BENCHMARKS[name].limitMin} min: stopping it\n`);
			proc.kill('SIGTERM');
			setTimeout(() => proc.kill('SIGKILL'), 30_000).unref();
		}, limitMs);
		proc.on('close', (code, signal) => {
			clearTimeout(timer);
			let result;
			try {
				result = JSON.parse(fs.readFileSync(outFile, 'utf8'));
				fs.rmSync(outFile, { force: true });
			} catch {
				result = undefined;
			}
			if (!result) {
				const why = timedOut ? `stopped after the ${BENCHMARKS[name].limitMin} min limit` : `exited with ${code === null ? signal : code}`;
				result = { name, failed: why, ms: Date.now() - started, summary: [{ benchmark: name, figure: 'benchmark', value: `did not finish: ${why}`, target: 'finishes', met: false }] };
			}
			resolve(result);
		});
	});
}

function table(columns, rows) {
	const widths = columns.map((c, i) => Math.max(String(c).length, ...rows.map((r) => String(r[i] ?? '').length)));
	const line = (cells) => `| ${cells.map((c, i) => String(c ?? '').padEnd(widths[i])).join(' | ')} |`;
	return [line(columns), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const mark = (met) => (met === true ? 'met' : met === false ? 'MISSED' : '');

function render(result) {
	if (result.failed) return `### ${result.name}\n\nDid not finish: ${result.failed}.\n`;
	const load = `load average ${result.loadBefore.map((x) => x.toFixed(2)).join(' ')} before, ${result.loadAfter.map((x) => x.toFixed(2)).join(' ')} after; took ${(result.ms / 1000).toFixed(0)} s`;
	const parts = [`### ${result.title}`, '', table(result.columns, result.rows), ''];
	for (const note of result.notes) parts.push(`- ${note}`);
	parts.push(`- Machine ${load}.`);
	for (const why of result.why) parts.push(`- **Why (measured):** ${why}`);
	return parts.join('\n') + '\n';
}

function machine() {
	const { machine: describeMachine } = require('./lib/measure');
	return describeMachine();
}

async function main() {
	const argv = process.argv.slice(2);
	if (argv[0] === '--child') return child(argv[1], argv[2]);
	const { names, env, results: writeFlag } = parseArgs(argv);
	Object.assign(process.env, env);
	const { config } = require('./lib/config');
	const full = names.length === Object.keys(BENCHMARKS).length && !config.quick;
	const writeResults = writeFlag === undefined ? full : writeFlag;
	if (!fs.existsSync(path.join(__dirname, '..', 'dist', 'nodes'))) throw new Error('dist/ is missing: run `npm run build` (npm run bench does)');

	const m = machine();
	const startedAt = new Date();
	const header = [
		`Run ${startedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC on ${m.nproc} cores (${m.cpuModel}), ${m.memGiB} GiB, ${m.platform}; benchmarks on Node ${m.node}, n8n 2.41.1 on Node 24.`,
		`Latency injected by the simulator on every WeChat call: ${config.latencyMs} ms (loopback only). Load average at the start: ${m.loadavg}.` + (config.quick ? ' Quick sizes (--quick).' : ''),
	];
	process.stdout.write(`${header.join('\n')}\n\n`);
	const all = [];
	for (const name of names) {
		process.stderr.write(`[bench] ${name}: starting (load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')})\n`);
		const result = await runChild(name, env);
		all.push(result);
		process.stdout.write(`\n${render(result)}\n`);
	}
	const totalMs = Date.now() - startedAt.getTime();
	const summaryRows = all.flatMap((r) => r.summary.map((s) => [s.benchmark, s.figure, s.value, s.target, mark(s.met)]));
	const summary = table(['benchmark', 'figure', 'measured', 'target', ''], summaryRows);
	const missed = all.flatMap((r) => r.summary.filter((s) => s.met === false).map((s) => `${s.benchmark}: ${s.figure}`));
	const endLoad = os.loadavg().map((x) => x.toFixed(2)).join(' ');
	process.stdout.write(`\n### Summary\n\n${summary}\n\n${missed.length ? `Missed: ${missed.join('; ')} (the "Why (measured)" lines above say why).` : 'Every target met.'}\nTotal time ${(totalMs / 60000).toFixed(1)} min; load average at the end ${endLoad}.\n`);

	if (writeResults) {
		const md = [
			'# Benchmark results',
			'',
			'<!-- Written by `npm run bench` (bench/run.js); do not edit by hand. -->',
			'',
			...header.map((h) => `${h}  `),
			`Total time ${(totalMs / 60000).toFixed(1)} min; load average at the end ${endLoad}. Each ratio compares figures measured in this same run.`,
			'',
			'## Summary',
			'',
			summary,
			'',
			missed.length ? `Missed: ${missed.join('; ')}. The details below say why, from measurements.` : 'Every target met.',
			'',
			'## Details',
			'',
			...all.map(render),
		].join('\n');
		fs.writeFileSync(RESULTS_FILE, md.replace(/\n{3,}/g, '\n\n'));
		process.stdout.write(`\nWrote ${path.relative(process.cwd(), RESULTS_FILE)}\n`);
	} else {
		process.stdout.write('\nbench/RESULTS.md not rewritten (partial or quick run; --results forces it).\n');
	}
	process.exitCode = all.some((r) => r.failed) ? 1 : 0;
}

main().catch((error) => {
	process.stderr.write(`${/^Unknown |dist\/ is missing/.test(error.message) ? error.message : error.stack || error}\n`);
	process.exit(1);
});
