'use strict';
/**
 * Summarises a V8 .cpuprofile: self time by function and by origin (our dist code, axios, n8n-workflow,
 * Node internals, GC, idle), so a missed target is explained from a measurement.
 */
const fs = require('fs');
const path = require('path');

const REPO = path.resolve(__dirname, '..', '..');

function originOf(url, functionName) {
	if (functionName === '(garbage collector)') return 'GC';
	if (functionName === '(idle)') return 'idle';
	if (functionName === '(program)') return 'V8/native (program)';
	if (!url) return 'native';
	if (url.startsWith('node:')) return 'Node internals';
	const rel = url.replace(/^file:\/\//, '').replace(REPO + '/', '');
	if (rel.startsWith('dist/') || rel.includes('node_modules/n8n-nodes-wechat-platform/')) return 'this package (dist/)';
	const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(rel);
	if (m) return m[1];
	if (rel.startsWith('bench/')) return 'bench harness';
	if (rel.startsWith('test/')) return 'test helpers';
	return rel;
}

/**
 * Epoch microseconds minus monotonic microseconds. V8 profiles are stamped with the system's monotonic
 * clock (the one process.hrtime reads), shared by every process: this turns an epoch time (such as
 * n8n's task startTime) into profile time.
 */
function monotonicOffsetUs() {
	return Date.now() * 1000 - Number(process.hrtime.bigint() / 1000n);
}

/**
 * @param {string} file .cpuprofile
 * @param {number} [topN]
 * @param {{ fromUs: number, toUs: number }} [window] only samples in this span of monotonic time (µs)
 * @returns {{ totalMs, busyMs, byOrigin: [{origin, ms, share}], top: [{fn, where, ms, share}] }}
 */
function summarise(file, topN = 8, window, callersOf) {
	const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map();
	for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
	const self = new Map();
	const deltas = profile.timeDeltas;
	let t = profile.startTime;
	for (let i = 0; i < profile.samples.length; i++) {
		t += deltas[i] || 0;
		if (window && (t < window.fromUs || t > window.toUs)) continue;
		const id = profile.samples[i];
		const next = deltas[i + 1] || 0;
		self.set(id, (self.get(id) || 0) + next);
	}
	const origin = new Map();
	const fns = new Map();
	let total = 0;
	for (const [id, us] of self) {
		const node = byId.get(id);
		const { functionName, url, lineNumber } = node.callFrame;
		const o = originOf(url, functionName);
		total += us;
		origin.set(o, (origin.get(o) || 0) + us);
		const where = url ? `${url.replace(/^file:\/\//, '').replace(REPO + '/', '')}:${lineNumber + 1}` : '';
		const key = `${functionName || '(anonymous)'}|${where}`;
		fns.set(key, (fns.get(key) || 0) + us);
	}
	const busy = total - (origin.get('idle') || 0);
	// For the self time of one origin (e.g. n8n's expression runtime): who asked for it? The nearest
	// frame up the stack from this package, and the nearest from n8n-core.
	const callers = { package: new Map(), core: new Map() };
	if (callersOf) {
		for (const [id, us] of self) {
			const frame = byId.get(id).callFrame;
			if (originOf(frame.url, frame.functionName) !== callersOf) continue;
			let found = { package: undefined, core: undefined };
			for (let p = parent.get(id); p !== undefined && !(found.package && found.core); p = parent.get(p)) {
				const f = byId.get(p).callFrame;
				const o = originOf(f.url, f.functionName);
				const name = `${f.functionName || '(anonymous)'} (${f.url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, 'dist/')}:${f.lineNumber + 1})`;
				if (!found.package && o === 'this package (dist/)') found.package = name;
				if (!found.core && o === 'n8n-core') found.core = name;
			}
			for (const k of ['package', 'core']) {
				const key = found[k] || '(none on the stack)';
				callers[k].set(key, (callers[k].get(key) || 0) + us);
			}
		}
	}
	const topCallers = (m) => [...m].map(([fn, us]) => ({ fn, ms: us / 1000 })).sort((a, b) => b.ms - a.ms).slice(0, 3);
	const byOrigin = [...origin]
		.map(([o, us]) => ({ origin: o, ms: us / 1000, share: o === 'idle' ? us / total : us / busy }))
		.sort((a, b) => b.ms - a.ms);
	const top = [...fns]
		.filter(([k]) => !k.startsWith('(idle)'))
		.map(([k, us]) => ({ fn: k.split('|')[0], where: k.split('|')[1], ms: us / 1000, share: us / busy }))
		.sort((a, b) => b.ms - a.ms)
		.slice(0, topN);
	return { totalMs: total / 1000, busyMs: busy / 1000, byOrigin, top, callers: { package: topCallers(callers.package), core: topCallers(callers.core) } };
}

/** One line per origin (busy time only), for the "why" notes. */
function describe(summary, limit = 6) {
	const parts = summary.byOrigin
		.filter((o) => o.origin !== 'idle')
		.slice(0, limit)
		.map((o) => `${o.origin} ${o.ms.toFixed(0)} ms (${(o.share * 100).toFixed(0)}%)`);
	return `CPU profile: ${summary.busyMs.toFixed(0)} ms busy of ${summary.totalMs.toFixed(0)} ms: ${parts.join(', ')}`;
}

module.exports = { summarise, describe, monotonicOffsetUs };
