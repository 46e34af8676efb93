'use strict';
/**
 * The WeChat simulator in its own process (forked by ./sim.js), so that its CPU and memory never count
 * against the code being measured. Commands arrive over the IPC channel; the simulator also records, per
 * path, when the first and the last request arrived (what the "why" lines of the tables are built from).
 */
const { startSimulator, DEFAULT_APPS } = require('../../tools/simulator');

/**
 * WeChat is HTTPS: with a certificate (bench/lib/tlsCert.js), a TLS front on its own port hands each
 * connection to the simulator's HTTP server after `connectDelayMs` (standing in for the handshake's round
 * trips on a real network), and counts the connections opened.
 */
function tlsFront(sim, { certFile, keyFile, connectDelayMs }, counts) {
	const fs = require('fs');
	const tls = require('tls');
	const server = tls.createServer({ cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile) }, (socket) => {
		counts.tls++;
		setTimeout(() => sim.server.emit('connection', socket), connectDelayMs);
	});
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function main() {
	const latencyMs = Number(process.argv[2] || 0);
	const tlsOptions = process.argv[3] ? JSON.parse(process.argv[3]) : undefined;
	const sim = await startSimulator({ port: 0, latencyMs });
	/** New connections: TLS (through the front) and plain HTTP (straight to the simulator). */
	const counts = { tls: 0, plain: 0 };
	sim.server.on('connection', (socket) => {
		if (!socket.encrypted) counts.plain++;
	});
	const front = tlsOptions && (await tlsFront(sim, tlsOptions, counts));
	const url = front ? `https://127.0.0.1:${front.address().port}` : sim.url;
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
		stats: () => ({ ...sim.stats(), faults: undefined, arrivals, connections: { ...counts } }),
		seed: ({ n, unionIdEvery }) => (sim.seedFollowers(n, { unionIdEvery }), { ok: true }),
		reset: () => {
			sim.reset();
			arrivals = {};
			counts.tls = 0;
			counts.plain = 0;
			return { ok: true };
		},
		/** Lets recipients 0..n-1 receive one send of a kind: a subscription to SUB_ORDER, or an open window. */
		allow: ({ kind, n }) => {
			for (let i = 0; i < n; i++) {
				const p = sim.person(i);
				if (kind === 'subscription') sim.grantSubscription(p.mpOpenId, 'SUB_ORDER', 1);
				else if (kind === 'window') sim.userInteraction(DEFAULT_APPS.oa.appId, p.oaOpenId, 'message');
				else throw new Error(`allow: unknown kind ${kind}`);
			}
			return { ok: true };
		},
		deliveries: () => ({ template: sim.templateDeliveries.map((d) => d.touser) }),
		openIds: ({ from, count }) => ({ openids: Array.from({ length: count }, (_, k) => sim.person(from + k).oaOpenId) }),
		usage: () => ({ cpu: process.cpuUsage(), rss: process.memoryUsage().rss }),
	};
	process.on('message', async (msg) => {
		if (msg.cmd === 'stop') {
			if (front) front.close();
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
	process.send({ ready: true, url, plainUrl: sim.url, pid: process.pid });
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
