'use strict';
/**
 * What the kernel says about CPU time (Linux /proc): per process, time on a CPU and time spent runnable
 * but waiting for one (schedstat, summed over the threads); for the machine, the share of CPU time busy.
 * Used to tell "our code is slow" apart from "the machine had no core free" when a target is missed.
 */
const fs = require('fs');

/** { cpuMs, waitMs } of a process (all its current threads), or undefined when it is gone. */
function schedstat(pid) {
	const dir = `/proc/${pid}/task`;
	let cpu = 0;
	let wait = 0;
	let tasks;
	try {
		tasks = fs.readdirSync(dir);
	} catch {
		return undefined;
	}
	for (const t of tasks) {
		try {
			const [onCpu, waiting] = fs.readFileSync(`${dir}/${t}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
			cpu += onCpu;
			wait += waiting;
		} catch {
			// thread ended
		}
	}
	return { cpuMs: cpu / 1e6, waitMs: wait / 1e6 };
}

/** Machine-wide CPU jiffies: { busy, total }. */
function machineCpu() {
	try {
		const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
		const total = fields.reduce((a, b) => a + b, 0);
		const idle = fields[3] + (fields[4] || 0);
		return { busy: total - idle, total };
	} catch {
		return { busy: 0, total: 0 };
	}
}

/** Starts watching some processes and the machine; stop() returns the deltas. */
function watch(pids) {
	const start = new Map(pids.filter(Boolean).map((pid) => [pid, schedstat(pid)]));
	const m0 = machineCpu();
	const t0 = Date.now();
	return {
		stop() {
			const m1 = machineCpu();
			const out = { wallMs: Date.now() - t0, machineBusy: m1.total > m0.total ? (m1.busy - m0.busy) / (m1.total - m0.total) : NaN, processes: {} };
			for (const [pid, s0] of start) {
				const s1 = schedstat(pid);
				if (s0 && s1) out.processes[pid] = { cpuMs: s1.cpuMs - s0.cpuMs, waitMs: s1.waitMs - s0.waitMs };
			}
			return out;
		},
	};
}

/** "CPU 1.2 s, waited 3.4 s for a core" */
function describeProcess(p) {
	if (!p) return 'not measured';
	const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
	return `on a CPU ${s(p.cpuMs)}, runnable but waiting for a core ${s(p.waitMs)}`;
}

module.exports = { schedstat, machineCpu, watch, describeProcess };
