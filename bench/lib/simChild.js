'use strict';
/**
 * The WeChat simulator in its own process (forked by ./sim.js), so that its CPU and memory never count
 * against the code being measured. Commands arrive over the IPC channel; the simulator also records, per
 * path, when the first and the last request arrived (what the "why" lines of the tables are built from).
 */
const { startSimulator } = require('../../tools/simulator');

async function main() {
	const latencyMs = Number(process.argv[2] || 0);
	const sim = await startSimulator({ port: 0, latencyMs });
	/** path -> { first, last } (epoch ms, arrival of the request) */
	let arrivals = {};
	sim.server.on('request', (req) => {
		const url = req.url || '/';
		const q = url.indexOf('?');
		const path = q < 0 ? url : url.slice(0, q);
		if (path.startsWith('/__sim/')) return;
		const now = Date.now();
		const entry = arrivals[path] || (arrivals[path] = { first: now, last: now });
		entry.last = now;
	});
	const commands = {
		stats: () => ({ ...sim.stats(), faults: undefined, arrivals }),
		seed: ({ n, unionIdEvery }) => (sim.seedFollowers(n, { unionIdEvery }), { ok: true }),
		reset: () => {
			sim.reset();
			arrivals = {};
			return { ok: true };
		},
		deliveries: () => ({ template: sim.templateDeliveries.map((d) => d.touser) }),
		openIds: ({ from, count }) => ({ openids: Array.from({ length: count }, (_, k) => sim.person(from + k).oaOpenId) }),
		usage: () => ({ cpu: process.cpuUsage(), rss: process.memoryUsage().rss }),
	};
	process.on('message', async (msg) => {
		if (msg.cmd === 'stop') {
			await sim.stop();
			process.send({ id: msg.id, result: { ok: true } }, () => process.exit(0));
			return;
		}
		try {
			process.send({ id: msg.id, result: commands[msg.cmd](msg.args || {}) });
		} catch (error) {
			process.send({ id: msg.id, error: error.message });
		}
	});
	process.on('disconnect', () => process.exit(0));
	process.send({ ready: true, url: sim.url, pid: process.pid });
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
