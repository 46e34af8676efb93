'use strict';
/**
 * Benchmark 5: the highest sustained callback rate with p99 < 1 s, in real n8n 2.41.1, regular mode (one main,
 * SQLite) and queue mode as n8n documents it (main receives and answers, 2 workers execute; PostgreSQL + redis).
 * Safe-mode callbacks, signed and encrypted by the simulator's callback client, each on a new connection, are
 * sent open-loop (callback k leaves at k/rate s) to an active WeChat Trigger (Respond at once) -> No Op, in
 * steps of BENCH_RATE_STEP_SECONDS (10) at rising rates. A step holds when every callback got "success", p99
 * < 1 s, and n8n finished every execution within 5 s of the step's last callback (else the rate is not
 * sustained: a backlog grows). The ramp stops at the first step that does not hold, then tries the midpoint
 * once. Per step the kernel's CPU time of each part (n8n main with its task runner, each worker, every
 * PostgreSQL process, redis, this load generator) says what limits the rate.
 */
const { execFileSync } = require('child_process');
const os = require('os');
const { percentile } = require('./lib/measure');
const { watch } = require('./lib/sched');
const { startWithCallbackWorkflow, textMessages, workflow } = require('./callbacks/realN8n');
const { WECHAT } = require('./callbacks/messages');

const STEP_SECONDS = Number(process.env.BENCH_RATE_STEP_SECONDS || (process.env.BENCH_QUICK === '1' ? 5 : 10));
const RATES = [1, 2, 3, 5, 8, 12, 16, 20, 25, 30, 40, 60, 80, 100, 150, 200];
const DRAIN_MS = 5000;

/** Pids of a process group (n8n and its task runner) or of a process and its children (PostgreSQL). */
function pidsOf(args) {
	try {
		return execFileSync('pgrep', args, { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
	} catch {
		return [];
	}
}

/** The processes of an instance by part: { main: [pids], 'worker-1': [...], postgres: [...], redis: [...] }. */
function partsOf(n8n) {
	const alive = n8n.processes.filter((p) => p.kind === 'service' && !p.exit && !p.reaped);
	const parts = {};
	for (const p of alive) parts[p.role === 'worker' ? p.workerName : p.role] = pidsOf(['-g', String(p.pid)]);
	if (n8n.pg && n8n.pg.pid) parts.postgres = [n8n.pg.pid, ...pidsOf(['-P', String(n8n.pg.pid)])];
	parts['load generator'] = [process.pid];
	return parts;
}

/** Per part over a watch, as shares of the wall time: { cpu: { part: on a CPU }, wait: { part: runnable,
 * waiting for a core } } (threads summed: a share above 100% means more than one core). */
function cpuShares(parts, kernel) {
	const cpu = {};
	const wait = {};
	for (const [part, pids] of Object.entries(parts)) {
		const sum = (key) => pids.reduce((total, pid) => total + (kernel.processes[pid] ? kernel.processes[pid][key] : 0), 0);
		cpu[part] = sum('cpuMs') / kernel.wallMs;
		wait[part] = sum('waitMs') / kernel.wallMs;
	}
	return { cpu, wait };
}

async function rampMode(mode, log) {
	const { N8nInstance } = require('../tools/n8n');
	const { sendCallback } = require('../tools/simulator');
	const n8n = new N8nInstance({ version: '2.41.1', queue: mode === 'queue', workers: 2 });
	try {
		log(`callback rate (${mode}): preparing and starting n8n${mode === 'queue' ? ' (PostgreSQL + redis, main + 2 workers)' : ' (SQLite, one main)'}`);
		const url = await startWithCallbackWorkflow(n8n);
		const nextMessage = textMessages('oBenchRate', 'rate', '78');
		let sent = 0;
		let accepted = 0;
		const send = () => {
			const message = nextMessage();
			sent++;
			return sendCallback(url, { ...WECHAT, mode: 'safe', message, timeoutMs: 10_000 }).then((r) => {
				if (r.status === 200 && r.body === 'success') accepted++;
				return r;
			});
		};
		const executionsDone = async () => (await n8n.executions({ workflowId: workflow.id })).filter((e) => !['new', 'running', 'waiting', 'unknown'].includes(e.status)).length;
		for (let i = 0; i < 20; i++) await send();
		await n8n.waitForExecutions({ workflowId: workflow.id, count: accepted, timeoutMs: 60_000, settleMs: 500 });

		const step = async (rate) => {
			const parts = partsOf(n8n);
			const kernelWatch = watch(Object.values(parts).flat());
			const total = Math.round(rate * STEP_SECONDS);
			const started = Date.now();
			const pending = [];
			for (let k = 0; k < total; k++) {
				const wait = started + (k * 1000) / rate - Date.now();
				if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
				pending.push(send());
			}
			const sendSpanMs = Date.now() - started;
			const results = await Promise.all(pending);
			const lastSentAt = Date.now();
			let drained = false;
			while (Date.now() - lastSentAt < DRAIN_MS + 60_000) {
				if ((await executionsDone()) >= accepted) {
					drained = true;
					break;
				}
				await new Promise((resolve) => setTimeout(resolve, 200));
			}
			const drainMs = Date.now() - lastSentAt;
			const kernel = kernelWatch.stop();
			const times = results.map((r) => r.elapsedMs).sort((a, b) => a - b);
			const ok = results.filter((r) => r.status === 200 && r.body === 'success').length;
			const res = {
				rate,
				total,
				achieved: total / (Math.max(sendSpanMs, 1) / 1000),
				p50: percentile(times, 50),
				p99: percentile(times, 99),
				ok,
				drainMs: drained ? drainMs : undefined,
				...cpuShares(parts, kernel),
				machineBusy: kernel.machineBusy,
				wallMs: kernel.wallMs,
				load: os.loadavg()[0],
			};
			res.holds = ok === total && res.p99 < 1000 && drained && drainMs <= DRAIN_MS;
			log(`callback rate (${mode}): ${rate}/s for ${STEP_SECONDS} s: p50 ${res.p50} ms, p99 ${res.p99} ms, ${ok}/${total} success, executions done ${drained ? `${(drainMs / 1000).toFixed(1)} s` : 'not'} after the last; ${res.holds ? 'holds' : 'does not hold'}`);
			if (!drained) await n8n.waitForExecutions({ workflowId: workflow.id, count: accepted, timeoutMs: 300_000, settleMs: 500 }).catch(() => undefined);
			return res;
		};

		const steps = [];
		let best;
		let failed;
		for (const rate of RATES) {
			const res = await step(rate);
			steps.push(res);
			if (!res.holds) {
				failed = res;
				break;
			}
			best = res;
		}
		if (failed && best && failed.rate - best.rate >= 2) {
			const mid = Math.round((best.rate + failed.rate) / 2);
			const res = await step(mid);
			steps.push(res);
			if (res.holds) best = res;
			else failed = res;
		}
		const finished = await n8n.waitForExecutions({ workflowId: workflow.id, count: accepted, timeoutMs: 300_000, settleMs: 1000 });
		const statuses = finished.reduce((acc, e) => ({ ...acc, [e.status]: (acc[e.status] || 0) + 1 }), {});
		return { mode, steps, best, failed, accepted, sent, executions: finished.length, statuses };
	} finally {
		await n8n.stop();
	}
}

const pct = (x) => `${Math.round(x * 100)}%`;
/** CPU milliseconds per callback of the parts matching `prefix` over a step. */
const perCallback = (s, prefix) =>
	Object.entries(s.cpu).filter(([k]) => k.startsWith(prefix)).reduce((sum, [, share]) => sum + share, 0) * s.wallMs / s.total;

/** What limits the rate, read from the first step that did not hold (shares of one core; 2 cores). */
function limitOf(r) {
	const s = r.failed;
	if (!s) return `not reached: every step up to ${r.best.rate}/s held`;
	const [top, share] = Object.entries(s.cpu).sort((a, b) => b[1] - a[1])[0];
	const cores = os.cpus().length;
	const mainWait = s.wait.main || 0;
	const miss = s.ok < s.total ? `${s.total - s.ok} callbacks not answered "success" within 10 s` : s.p99 >= 1000 ? `p99 ${s.p99} ms` : `executions still running ${s.drainMs === undefined ? 'a minute' : `${(s.drainMs / 1000).toFixed(1)} s`} after the last callback`;
	let cause;
	if (share >= 0.85) cause = `${top} was on a CPU ${pct(share)} of the time: one Node.js thread cannot use more than one core`;
	else if (mainWait > (s.cpu.main || 0)) cause = `n8n main was on a CPU only ${pct(s.cpu.main || 0)} of the time and runnable but waiting for a core ${pct(mainWait)}: the machine's ${cores} cores were ${pct(s.machineBusy)} busy, mostly with work outside this benchmark (load average ${s.load.toFixed(1)})`;
	else cause = `no process was near one core (highest: ${top} ${pct(share)}); the machine was ${pct(s.machineBusy)} busy`;
	const mainMs = perCallback(s, 'main');
	return `${s.rate}/s missed (${miss}): ${cause}. At that step n8n main spent ${mainMs.toFixed(0)} ms on a CPU per callback (its background work included, so an upper bound): a core of its own would carry at least ${Math.floor(1000 / mainMs)}/s`;
}

async function run(log) {
	const results = [];
	for (const mode of ['regular', 'queue']) results.push(await rampMode(mode, log));
	const columns = ['mode', 'rate', 'p50 / p99', 'success', 'executions done after', 'CPU main (waiting)', 'main CPU per callback', 'CPU workers', 'CPU PostgreSQL', 'CPU redis', 'CPU load generator', 'machine busy (load)', ''];
	const rows = results.flatMap((r) =>
		r.steps.map((s) => [
			r.mode,
			`${s.rate}/s (${s.achieved.toFixed(0)}/s sent)`,
			`${s.p50} / ${s.p99} ms`,
			`${s.ok}/${s.total}`,
			s.drainMs === undefined ? '> 60 s' : `${(s.drainMs / 1000).toFixed(1)} s`,
			`${pct(s.cpu.main || 0)} (${pct(s.wait.main || 0)})`,
			`${perCallback(s, 'main').toFixed(0)} ms`,
			Object.keys(s.cpu).filter((k) => k.startsWith('worker-')).map((k) => pct(s.cpu[k])).join(' + ') || '-',
			s.cpu.postgres === undefined ? '- (SQLite in main)' : pct(s.cpu.postgres),
			s.cpu.redis === undefined ? '-' : pct(s.cpu.redis),
			pct(s.cpu['load generator']),
			`${pct(s.machineBusy)} (${s.load.toFixed(1)})`,
			s.holds ? 'holds' : 'MISSED',
		]),
	);
	const summary = results.map((r) => ({
		benchmark: '5. callback rate',
		figure: `highest sustained rate with p99 < 1 s, ${r.mode === 'queue' ? 'queue mode (main + 2 workers, PostgreSQL)' : 'regular mode (one main, SQLite)'}`,
		value: r.best ? `${r.best.rate}/s (p99 ${r.best.p99} ms)` : 'none of the steps',
		target: '(measured)',
		met: undefined,
	}));
	return {
		name: 'callback-rate',
		title: '5. Highest sustained callback rate with p99 < 1 s: regular mode and queue mode',
		columns,
		rows,
		notes: [
			`Real n8n 2.41.1; WeChat Trigger (safe mode, Respond at once) -> No Op. Safe-mode callbacks signed and encrypted by the simulator's callback client (tools/simulator sendCallback), each on a new connection, open-loop, ${STEP_SECONDS} s per step at ${RATES.join(', ')}/s until a step does not hold, then the midpoint once. A step holds when every callback is answered "success", p99 < 1 s and every execution has finished within ${DRAIN_MS / 1000} s of the last callback.`,
			'Queue mode: main verifies, decrypts, answers and enqueues; the workers (concurrency 10 each) run the executions; n8n on PostgreSQL 15 (tools/postgres.js: fsync off) and redis. Regular mode: one main process does everything on SQLite.',
			'CPU: the kernel\'s time on a CPU (schedstat) over the step and its drain, as a share of one core (waiting: runnable but waiting for a core); main includes its task runner. Machine busy: all cores, whatever ran on them (load: 1-minute load average at the end of the step). The load generator (this process: signing, AES, HTTP) runs on the same cores. "sent": the rate at which the callbacks left.',
			...results.map((r) => `${r.mode}: ${r.sent} callbacks sent, ${r.accepted} answered "success", ${r.executions} executions (${Object.entries(r.statuses).map(([k, v]) => `${k} ${v}`).join(', ')}).`),
		],
		why: results.map((r) => `${r.mode} mode, what limits it: ${limitOf(r)}.`),
		summary,
		results,
	};
}

module.exports = { run };
