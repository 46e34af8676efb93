'use strict';
/**
 * Benchmark: connections. WeChat is HTTPS, so every new connection costs a TLS handshake (2 round trips, about
 * 60 ms at 30 ms RTT). The simulator runs behind TLS (a certificate made at bench time, trusted by n8n through
 * NODE_EXTRA_CA_CERTS) with `connectDelayMs` added to every new connection; N template messages (Map
 * Automatically, concurrency c) go out from real n8n on each line, and the simulator counts the connections.
 * Goal: connections reused, no more new connections than the concurrency.
 *
 * By code reading (n8n 2.41.1 @n8n/backend-network http/axios/request.js: convertN8nRequestToAxios ->
 * setAxiosAgents -> buildNodeAgents: `new https.Agent({ ...agentOptions })` for every request; 1.123.81
 * n8n-core request-helper-functions convertN8nRequestToAxios: setAxiosAgents with agentOptions {} for every
 * request), this.helpers.httpRequest and httpRequestWithAuthentication give every request a new Agent, so
 * nothing can be reused across requests whatever the request options say; this benchmark counts it.
 */
const { config, fmt } = require('./lib/config');
const { startSimulatorProcess } = require('./lib/sim');
const { makeCertificate } = require('./lib/tlsCert');
const { DEFAULT_APPS } = require('../tools/simulator');
const { apiCredential } = require('../tools/workflows');
const { oursWorkflow, measure } = require('./sends');

const OA_CREDENTIAL = { id: 'benchOaCredential1', name: 'WeChat Official Account (bench)' };
const VERSIONS = (process.env.BENCH_CONNECTION_VERSIONS || '2.41.1,1.123.81').split(',');

async function one(version, sim, certFile, N, c, log) {
	const { N8nInstance } = require('../tools/n8n');
	const n8n = new N8nInstance({ version, queue: false });
	try {
		await n8n.prepare();
		await n8n.importCredentials([apiCredential(OA_CREDENTIAL, 'weChatOfficialAccountApi', DEFAULT_APPS.oa, sim.url)]);
		const wf = oursWorkflow(N, c, 'auto');
		await n8n.importWorkflows([wf]);
		log(`connections: n8n ${version}, ${fmt.int(N)} sends over TLS`);
		const env = { NODE_EXTRA_CA_CERTS: certFile };
		const origExecute = n8n.execute.bind(n8n);
		n8n.execute = (id, options = {}) => origExecute(id, { ...options, env: { ...(options.env || {}), ...env } });
		const result = await measure(n8n, sim, wf.id, 'WeChat Send Template Message', 20 * Math.ceil(N / c) * config.latencyMs + 600_000);
		const stats = await sim.stats();
		const sent = result.out.filter((o) => o.outcome === 'sent').length;
		return { version, N, sent, nodeMs: result.nodeMs, sendingMs: result.sendingMs, calls: result.sendCalls, tokenFetches: result.tokenFetches, connections: stats.connections };
	} finally {
		await n8n.stop();
	}
}

/**
 * The same sends with connections reused, for the figure "with": Node's https.Agent with keepAlive (at most c
 * sockets), kept across requests, from a plain Node client (what n8n's helpers would do if they kept one).
 */
async function keepAliveClient(sim, certFile, N, c) {
	const fs = require('fs');
	const https = require('https');
	const agent = new https.Agent({ keepAlive: true, maxSockets: c, ca: fs.readFileSync(certFile) });
	const post = (path, body) =>
		new Promise((resolve, reject) => {
			const data = JSON.stringify(body);
			const req = https.request(`${sim.url}${path}`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } }, (res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (chunk) => (text += chunk));
				res.on('end', () => resolve(JSON.parse(text)));
			});
			req.on('error', reject);
			req.end(data);
		});
	await sim.reset();
	const app = DEFAULT_APPS.oa;
	const started = Date.now();
	const { access_token: token } = await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: app.appId, secret: app.secret });
	const openids = await sim.openIds(0, N);
	let next = 0;
	let ok = 0;
	const worker = async () => {
		while (next < N) {
			const touser = openids[next++];
			const answer = await post(`/cgi-bin/message/template/send?access_token=${token}`, { touser, template_id: 'TPL_PAYMENT', data: { thing1: { value: 'Coffee beans' }, amount2: { value: '¥100.00' }, time3: { value: '2024-05-01 10:00' }, character_string4: { value: 'SO-1' } } });
			if (answer.errcode === 0) ok++;
		}
	};
	await Promise.all(Array.from({ length: c }, worker));
	const ms = Date.now() - started;
	agent.destroy();
	return { N, ok, ms, connections: (await sim.stats()).connections };
}

async function run(log) {
	const N = Number(process.env.BENCH_CONNECTION_SENDS || 1000);
	const c = config.sendConcurrency;
	const delayMs = Number(process.env.BENCH_CONNECT_DELAY_MS || 60);
	const cert = makeCertificate();
	const sim = await startSimulatorProcess({ latencyMs: config.latencyMs, tls: { certFile: cert.certFile, keyFile: cert.keyFile, connectDelayMs: delayMs } });
	const load0 = require('os').loadavg()[0];
	const results = [];
	let reused;
	try {
		await sim.seed(N, 1);
		for (const version of VERSIONS) results.push(await one(version, sim, cert.certFile, N, c, log));
		log('connections: the same sends from a keep-alive client');
		reused = await keepAliveClient(sim, cert.certFile, N, c);
	} finally {
		await sim.stop();
		cert.remove();
	}
	const perThousand = (r) => (r.connections.tls * 1000) / r.N;
	const rows = results.flatMap((r) => [
		[`n8n ${r.version}: TLS connections opened for ${fmt.int(r.N)} sends (+ token call)`, `${fmt.int(r.connections.tls)} (${perThousand(r).toFixed(0)} per 1,000 sends)`, `<= concurrency ${c}`, r.connections.tls <= c ? 'met' : 'MISSED'],
		[`n8n ${r.version}: sent / send calls / token fetches`, `${fmt.int(r.sent)} / ${fmt.int(r.calls)} / ${r.tokenFetches}`, `${fmt.int(r.N)} / ${fmt.int(r.N)} / 1`, r.sent === r.N ? 'met' : 'MISSED'],
		[`n8n ${r.version}: node time / sending time`, `${fmt.ms(r.nodeMs)} / ${fmt.ms(r.sendingMs)}`, '(reported)', ''],
		[`n8n ${r.version}: handshake delay paid (connections x ${delayMs} ms / c)`, fmt.ms((r.connections.tls * delayMs) / c), '(reported)', ''],
	]);
	if (reused) {
		rows.push(
			[`with connections reused (Node https.Agent keepAlive, maxSockets ${c}, outside n8n): TLS connections`, `${fmt.int(reused.connections.tls)} (${((reused.connections.tls * 1000) / reused.N).toFixed(0)} per 1,000 sends)`, `<= concurrency ${c}`, reused.connections.tls <= c ? 'met' : 'MISSED'],
			['with connections reused: errcode 0 / wall time (token + sends)', `${fmt.int(reused.ok)} / ${fmt.ms(reused.ms)}`, '(reference)', ''],
		);
	}
	const why = results
		.filter((r) => r.connections.tls > c)
		.map((r) => `n8n ${r.version} opened ${fmt.int(r.connections.tls)} TLS connections for ${fmt.int(r.calls)} requests: its httpRequest helpers build a new https.Agent for every request (2.41.1: @n8n/backend-network setAxiosAgents -> buildNodeAgents, agentOptions passed to that new Agent; 1.123.81: n8n-core setAxiosAgents with agentOptions {}), so no socket outlives its request and no request option (agentOptions.keepAlive included) can make one. Reusing connections would need an Agent kept across requests, which n8n does not let a community node pass to its helpers, and the package's rules keep node code off Node's https module.`);
	return {
		name: 'connections',
		title: `6. Connections: ${fmt.int(N)} template messages over TLS, ${delayMs} ms per new connection (n8n ${VERSIONS.join(' and ')})`,
		columns: ['figure', 'measured', 'target', ''],
		rows,
		notes: [
			`The simulator behind a TLS front (bench/lib/simChild.js, self-signed certificate made at bench time by bench/lib/tlsCert.js, trusted by n8n through NODE_EXTRA_CA_CERTS); ${delayMs} ms added to every new connection (2 round trips of handshake at 30 ms RTT); ${config.latencyMs} ms per call; Map Automatically, concurrency ${c}; machine load ${load0.toFixed(2)} at the start.`,
		],
		why,
		summary: [
			...results.map((r) => ({ benchmark: '6. connections', figure: `n8n ${r.version}: new TLS connections per 1,000 sends`, value: `${perThousand(r).toFixed(0)} (${fmt.int(r.connections.tls)} for ${fmt.int(r.N)})`, target: `<= ${c} (concurrency)`, met: r.connections.tls <= c })),
			...(reused ? [{ benchmark: '6. connections', figure: 'with reuse (keep-alive Agent, outside n8n): per 1,000 sends', value: `${perThousand(reused).toFixed(0)} (${fmt.int(reused.connections.tls)} for ${fmt.int(reused.N)}, ${fmt.ms(reused.ms)})`, target: '(reference)', met: null }] : []),
		],
	};
}

module.exports = { run };
