'use strict';
/**
 * Benchmark 4: queue mode (redis + main + 2 workers, tools/n8n `queue: true`). The shipped
 * example examples/crm-template-message.json (Webhook, respond with the last node -> Send Template Message)
 * is POSTed N times by a "CRM" with a fixed number of concurrent clients, starting from an empty stored
 * token: every execution sends one template message. Counted: token fetches at the simulator (target
 * <= 2: at most one per worker), executions per second, one delivery per execution.
 */
const fs = require('fs');
const http = require('http');
const path = require('path');
const { config, fmt } = require('./lib/config');
const { percentile } = require('./lib/measure');
const { startSimulatorProcess } = require('./lib/sim');
const { DEFAULT_APPS } = require('../tools/simulator');
const { apiCredential } = require('../tools/workflows');

const REPO_ROOT = path.resolve(__dirname, '..');

function postJson(url, body, timeoutMs = 60_000) {
	const payload = Buffer.from(JSON.stringify(body));
	const started = Date.now();
	return new Promise((resolve) => {
		const req = http.request(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': payload.length } }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => {
				let json;
				try {
					json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
				} catch {
					json = undefined;
				}
				resolve({ status: res.statusCode, json, ms: Date.now() - started, at: Date.now() });
			});
		});
		req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
		req.on('error', (error) => resolve({ status: 0, error: error.message, ms: Date.now() - started, at: Date.now() }));
		req.end(payload);
	});
}

async function run(log) {
	const { N8nInstance } = require('../tools/n8n');
	const L = config.latencyMs;
	const N = config.queueExecutions;
	const clients = config.queueClients;
	const sim = await startSimulatorProcess({ latencyMs: L });
	const n8n = new N8nInstance({ version: '2.41.1', queue: true, workers: 2 });
	try {
		await sim.seed(N, 1);
		const openids = await sim.openIds(0, N);
		const workflow = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', 'crm-template-message.json'), 'utf8'));
		const send = workflow.nodes.find((n) => n.type === 'n8n-nodes-wechat-platform.weChatOfficialAccount' && n.parameters.resource === 'templateMessage');
		send.parameters.template = { __rl: true, mode: 'id', value: 'TPL_PAYMENT' };
		const credential = send.credentials.weChatOfficialAccountApi;
		log(`queue: preparing n8n in queue mode (redis + main + 2 workers), latency ${L} ms`);
		await n8n.prepare();
		await n8n.importCredentials([
			apiCredential(credential, 'weChatOfficialAccountApi', DEFAULT_APPS.oa, sim.url),
		]);
		await n8n.importWorkflows([workflow]);
		await n8n.activate(workflow.id);
		await n8n.start();
		await sim.reset();
		const url = n8n.webhookUrl('crm-order-paid');
		log(`queue: ${N} webhook executions, ${clients} concurrent clients`);
		const load0 = require('os').loadavg()[0];
		const { watch } = require('./lib/sched');
		const pids = [n8n.main.pid, ...n8n.workerProcesses.map((w) => w.pid)];
		const kernelWatch = watch(pids);
		const started = Date.now();
		const responses = new Array(N);
		let next = 0;
		await Promise.all(
			Array.from({ length: clients }, async () => {
				while (next < N) {
					const i = next++;
					responses[i] = await postJson(url, { openid: openids[i], orderNo: `SO-${300000 + i}`, item: `Coffee beans ${i}`, amount: `¥${100 + i}.00`, paidAt: '2024-05-01 10:00' });
				}
			}),
		);
		const spanMs = Math.max(...responses.map((r) => r.at)) - started;
		const kernel = kernelWatch.stop();
		const cpuOf = (pid) => kernel.processes[pid] || { cpuMs: NaN, waitMs: NaN };
		const executions = await n8n.waitForExecutions({ workflowId: workflow.id, count: N, timeoutMs: 180_000 });
		const stats = await sim.stats();
		const deliveries = await sim.deliveries();
		const { workers } = n8n.workerExecutions();
		const times = responses.map((r) => r.ms).sort((a, b) => a - b);
		const sent = responses.filter((r) => r.status === 200 && r.json && r.json.outcome === 'sent').length;
		const statuses = executions.reduce((acc, e) => ({ ...acc, [e.status]: (acc[e.status] || 0) + 1 }), {});
		const stamps = executions.map((e) => [Date.parse(e.startedAt), Date.parse(e.stoppedAt)]);
		const dbSpanMs = Math.max(...stamps.map((s) => s[1])) - Math.min(...stamps.map((s) => s[0]));
		return report({
			L,
			N,
			clients,
			load0,
			spanMs,
			dbSpanMs,
			tokenFetches: stats.tokenFetches,
			sendCalls: stats.calls['/cgi-bin/message/template/send'] || 0,
			templateList: stats.calls['/cgi-bin/template/get_all_private_template'] || 0,
			distinctDeliveries: new Set(deliveries.template).size,
			deliveries: deliveries.template.length,
			sent,
			executions: executions.length,
			statuses,
			perWorker: Object.fromEntries(Object.entries(workers).map(([w, v]) => [w, v.finished.length])),
			p50: percentile(times, 50),
			p99: percentile(times, 99),
			failures: responses.filter((r) => r.status !== 200).slice(0, 3).map((r) => `${r.status} ${r.error || ''}`),
			kernel: { machineBusy: kernel.machineBusy, main: cpuOf(pids[0]), workers: pids.slice(1).map(cpuOf) },
		});
	} finally {
		await n8n.stop();
		await sim.stop();
	}
}

function report(r) {
	const perSecond = r.N / (r.spanMs / 1000);
	const tokenMet = r.tokenFetches <= 2;
	const allMet = r.sent === r.N && r.deliveries === r.N && r.distinctDeliveries === r.N && r.executions === r.N && r.statuses.success === r.N;
	const rows = [
		['token fetches (stable_token at the simulator)', fmt.int(r.tokenFetches), '<= 2 (one per worker at most)', tokenMet ? 'met' : 'MISSED'],
		['executions per second (first POST to last answer)', `${perSecond.toFixed(1)}/s (${fmt.int(r.N)} in ${fmt.ms(r.spanMs)})`, '(reported)', ''],
		['executions per second (n8n\'s own start/stop stamps)', `${(r.N / (r.dbSpanMs / 1000)).toFixed(1)}/s`, '(reported)', ''],
		['webhook answer time p50 / p99 (includes the send)', `${r.p50} / ${r.p99} ms`, '(reported)', ''],
		['executions / success / outcome "sent"', `${fmt.int(r.executions)} / ${fmt.int(r.statuses.success || 0)} / ${fmt.int(r.sent)}`, `${fmt.int(r.N)} each`, allMet ? 'met' : 'MISSED'],
		['send calls / deliveries (distinct recipients)', `${fmt.int(r.sendCalls)} / ${fmt.int(r.deliveries)} (${fmt.int(r.distinctDeliveries)})`, `${fmt.int(r.N)}`, r.deliveries === r.N && r.distinctDeliveries === r.N ? 'met' : 'MISSED'],
		['executions per worker', Object.entries(r.perWorker).map(([w, n]) => `${w} ${n}`).join(', '), '(reported)', ''],
		['template-list calls', fmt.int(r.templateList), '(reported)', ''],
		['CPU per execution: main / workers (kernel), waiting for a core', `${(r.kernel.main.cpuMs / r.N).toFixed(0)} / ${(r.kernel.workers.reduce((a, w) => a + w.cpuMs, 0) / r.N).toFixed(0)} ms; ${fmt.ms(r.kernel.main.waitMs + r.kernel.workers.reduce((a, w) => a + w.waitMs, 0))} in all`, '(reported)', ''],
		['machine CPU busy during the run (2 cores, other work included)', `${(r.kernel.machineBusy * 100).toFixed(0)}%`, '(reported)', ''],
	];
	const why = [];
	if (!tokenMet) why.push(`Token fetches ${r.tokenFetches}: see the simulator's stable_token count; each worker should fetch once and store it in the credential.`);
	if (r.failures.length) why.push(`Failed webhook answers: ${r.failures.join('; ')}`);
	return {
		name: 'queue',
		title: `4. Queue mode: ${fmt.int(r.N)} webhook executions, one template message each (redis + main + 2 workers, n8n 2.41.1)`,
		columns: ['figure', 'measured', 'target', ''],
		rows,
		notes: [
			`examples/crm-template-message.json as shipped (Webhook responding with the last node -> Send Template Message), template TPL_PAYMENT; ${r.clients} concurrent CRM clients; ${r.L} ms injected on every WeChat call; the stored token was empty at the start; worker concurrency 10 each; machine load ${r.load0.toFixed(2)} when the run started.`,
		],
		why,
		summary: [
			{ benchmark: '4. queue mode', figure: `token fetches for ${fmt.int(r.N)} sends on 2 workers`, value: fmt.int(r.tokenFetches), target: '<= 2', met: tokenMet },
			{ benchmark: '4. queue mode', figure: 'executions per second', value: `${perSecond.toFixed(1)}/s`, target: '(reported)', met: null },
			{ benchmark: '4. queue mode', figure: 'every execution sent exactly one message', value: allMet ? 'yes' : 'no', target: 'yes', met: allMet },
		],
		raw: r,
	};
}

module.exports = { run };
