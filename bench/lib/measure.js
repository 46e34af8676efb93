'use strict';
/** Small measuring helpers shared by the benchmarks. */
const os = require('os');
const { monitorEventLoopDelay, performance } = require('perf_hooks');

/** Samples this process's memory every `everyMs` and keeps the peaks. */
function memorySampler(everyMs = 10) {
	const peak = { rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
	const sample = () => {
		const m = process.memoryUsage();
		if (m.rss > peak.rss) peak.rss = m.rss;
		if (m.heapUsed > peak.heapUsed) peak.heapUsed = m.heapUsed;
		if (m.external + m.arrayBuffers > peak.external + peak.arrayBuffers) {
			peak.external = m.external;
			peak.arrayBuffers = m.arrayBuffers;
		}
	};
	sample();
	const timer = setInterval(sample, everyMs);
	return {
		stop() {
			clearInterval(timer);
			sample();
			return peak;
		},
	};
}

/** CPU, event-loop utilisation and delay over a measured span of this process. */
function processMonitor() {
	const cpu0 = process.cpuUsage();
	const elu0 = performance.eventLoopUtilization();
	const delay = monitorEventLoopDelay({ resolution: 10 });
	delay.enable();
	const t0 = performance.now();
	return {
		stop() {
			delay.disable();
			const cpu = process.cpuUsage(cpu0);
			const elu = performance.eventLoopUtilization(elu0);
			const wallMs = performance.now() - t0;
			return {
				wallMs,
				cpuMs: (cpu.user + cpu.system) / 1000,
				eventLoopUtilization: elu.utilization,
				loopDelayP99Ms: delay.percentile(99) / 1e6,
				loopDelayMaxMs: delay.max / 1e6,
			};
		},
	};
}

function percentile(sorted, p) {
	if (sorted.length === 0) return NaN;
	const rank = Math.ceil((p / 100) * sorted.length) - 1;
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

function machine() {
	return {
		nproc: os.cpus().length,
		cpuModel: (os.cpus()[0] && os.cpus()[0].model) || 'unknown',
		memGiB: Math.round(os.totalmem() / 2 ** 30),
		node: process.version,
		platform: `${os.platform()} ${os.release()}`,
		loadavg: os.loadavg().map((x) => x.toFixed(2)).join(' '),
	};
}

module.exports = { memorySampler, processMonitor, percentile, machine };
