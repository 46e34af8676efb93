'use strict';
/**
 * Benchmark 2: N template messages in REAL n8n 2.41.1 (tools/n8n), simulator seeded with N
 * followers, latency injected on every call.
 *   ours, Map Automatically (the default of a fresh node, typeVersion 1.1): Manual Trigger -> Code (N items,
 *             with fields named like the template's keywords) -> WeChat Send Template Message (concurrency c):
 *             keywords read from the item fields by name, no expression per keyword
 *   ours, expressions (typeVersion 1, Data as key/value rows): one expression per keyword, as before
 *   n8n only: Manual Trigger -> HTTP Request "Get Token" (POST /cgi-bin/stable_token) -> Code (N items)
 *             -> HTTP Request POST /cgi-bin/message/template/send?access_token={{$('Get Token')...}}
 *             with options.batching = c items per batch, one batch every <latency> ms (the HTTP Request
 *             node starts every item's request without waiting for the others; batching is its only
 *             throttle, so this is the same request rate as c calls in flight at that latency).
 * Times are the node's own executionTime from n8n's run data; the simulator records when the first and
 * the last send arrived, which splits a node's time into preparation, sending and the rest.
 */
const { config, fmt } = require('./lib/config');
const { startSimulatorProcess } = require('./lib/sim');
const { DEFAULT_APPS } = require('../tools/simulator');
const { node: workflowNode, chain, apiCredential } = require('../tools/workflows');

const OA_CREDENTIAL = { id: 'benchOaCredential1', name: 'WeChat Official Account (bench)' };
const SEND_PATH = '/cgi-bin/message/template/send';

const recipientsCode = (n) =>
	`const n = ${n};\nconst out = new Array(n);\nfor (let i = 0; i < n; i++) {\n  const item = 'Coffee beans ' + i, amount = '¥' + (100 + (i % 900)) + '.00', orderNo = 'SO-' + (100000 + i), paidAt = '2024-05-01 10:00';\n  out[i] = { json: { openid: 'oOA' + i.toString(36).padStart(25, '0'), orderNo, item, amount, paidAt, thing1: item, amount2: amount, time3: paidAt, character_string4: orderNo } };\n}\nreturn out;`;

/** tools/workflows node() with the typeVersion spelled out at each call. */
const node = (name, type, typeVersion, x, parameters, extra = {}) => workflowNode(name, type, x, parameters, { typeVersion, ...extra });

const KEYWORDS = ['thing1', 'amount2', 'time3', 'character_string4'];
const MODES = {
	auto: { label: 'Map Automatically', typeVersion: 1.1, expressions: 2 },
	expressions: { label: 'expressions', typeVersion: 1, expressions: 6 },
};

/** The keyword parameters of each mode: read from item fields by name, or one expression per keyword. */
function keywordParameters(mode) {
	if (mode === 'auto') {
		const field = (id) => ({ id, displayName: id, required: true, defaultMatch: false, canBeUsedToMatch: false, display: true, type: 'string' });
		const title = { id: '_template', displayName: 'Payment received', required: false, defaultMatch: false, display: false, type: 'string' };
		return { dataMode: 'mapper', keywords: { mappingMode: 'autoMapInputData', value: null, matchingColumns: [], schema: [...KEYWORDS.map(field), title], attemptToConvertTypes: false, convertFieldsToString: false } };
	}
	return {
		dataMode: 'keyValue',
		data: {
			values: [
				{ key: 'thing1', value: '={{ $json.item }}' },
				{ key: 'amount2', value: '={{ $json.amount }}', color: '#173177' },
				{ key: 'time3', value: '={{ $json.paidAt }}' },
				{ key: 'character_string4', value: '={{ $json.orderNo }}' },
			],
		},
	};
}

function oursWorkflow(n, concurrency, mode = 'auto') {
	return {
		id: mode === 'auto' ? 'benchTemplateOurs01' : 'benchTemplateExpr01',
		name: `bench: ${n} template messages (WeChat node, ${MODES[mode].label})`,
		nodes: [
			node('Manual', 'n8n-nodes-base.manualTrigger', 1, 0, {}),
			node('Recipients', 'n8n-nodes-base.code', 2, 220, { mode: 'runOnceForAllItems', jsCode: recipientsCode(n) }),
			node(
				'WeChat Send Template Message',
				'n8n-nodes-wechat-platform.weChatOfficialAccount',
				MODES[mode].typeVersion,
				440,
				{
					resource: 'templateMessage',
					operation: 'send',
					touser: '={{ $json.openid }}',
					template: { __rl: true, mode: 'id', value: 'TPL_PAYMENT' },
					...keywordParameters(mode),
					url: '=https://shop.example.com/orders/{{ $json.orderNo }}',
					options: { concurrency },
				},
				{ credentials: { weChatOfficialAccountApi: OA_CREDENTIAL } },
			),
		],
		connections: chain('Manual', 'Recipients', 'WeChat Send Template Message'),
		settings: { executionOrder: 'v1' },
	};
}

function httpWorkflow(n, simUrl, batchSize, batchInterval) {
	const app = DEFAULT_APPS.oa;
	const body = `={{ JSON.stringify({ touser: $json.openid, template_id: 'TPL_PAYMENT', url: 'https://shop.example.com/orders/' + $json.orderNo, data: { thing1: { value: $json.item }, amount2: { value: $json.amount, color: '#173177' }, time3: { value: $json.paidAt }, character_string4: { value: $json.orderNo } } }) }}`;
	return {
		id: 'benchTemplateHttp01',
		name: `bench: ${n} template messages (HTTP Request node)`,
		nodes: [
			node('Manual', 'n8n-nodes-base.manualTrigger', 1, 0, {}),
			node('Get Token', 'n8n-nodes-base.httpRequest', 4.2, 220, {
				method: 'POST',
				url: `${simUrl}/cgi-bin/stable_token`,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: JSON.stringify({ grant_type: 'client_credential', appid: app.appId, secret: app.secret, force_refresh: false }),
				options: {},
			}),
			node('Recipients', 'n8n-nodes-base.code', 2, 440, { mode: 'runOnceForAllItems', jsCode: recipientsCode(n) }),
			node('Send (HTTP Request)', 'n8n-nodes-base.httpRequest', 4.2, 660, {
				method: 'POST',
				url: `${simUrl}${SEND_PATH}`,
				sendQuery: true,
				specifyQuery: 'keypair',
				queryParameters: { parameters: [{ name: 'access_token', value: "={{ $('Get Token').first().json.access_token }}" }] },
				sendBody: true,
				specifyBody: 'json',
				jsonBody: body,
				options: { batching: { batch: { batchSize, batchInterval } } },
			}),
		],
		connections: chain('Manual', 'Get Token', 'Recipients', 'Send (HTTP Request)'),
		settings: { executionOrder: 'v1' },
	};
}

function countBy(list, key) {
	const out = {};
	for (const x of list) out[x[key]] = (out[x[key]] || 0) + 1;
	return out;
}

/** Runs one workflow with `n8n execute` and reads the timing of `nodeName` and the simulator's records. */
async function measure(n8n, sim, workflowId, nodeName, timeoutMs) {
	const { schedstat, machineCpu } = require('./lib/sched');
	await sim.reset();
	// Kernel CPU figures of the `n8n execute` process and of the machine, sampled every 250 ms, to cut out
	// the node's own span afterwards.
	const known = new Set(n8n.processes.map((p) => p.pid));
	const samples = [];
	const sampler = setInterval(() => {
		const cli = n8n.processes.find((p) => p.kind === 'cli' && !known.has(p.pid) && /execute/.test(p.name));
		const s = cli && schedstat(cli.pid);
		if (s) samples.push({ at: Date.now(), ...s, machine: machineCpu() });
	}, 250);
	const started = Date.now();
	let result;
	try {
		result = await n8n.execute(workflowId, { timeoutMs });
	} finally {
		clearInterval(sampler);
	}
	const cliMs = Date.now() - started;
	const task = result.data.resultData.runData[nodeName][0];
	const out = n8n.outputOf(result, nodeName);
	const stats = await sim.stats();
	const sends = stats.arrivals[SEND_PATH] || { first: NaN, last: NaN };
	const near = (t) => samples.reduce((best, x) => (!best || Math.abs(x.at - t) < Math.abs(best.at - t) ? x : best), undefined);
	const a = near(task.startTime);
	const b = near(task.startTime + task.executionTime);
	const kernel =
		a && b && b.at > a.at
			? { spanMs: b.at - a.at, cpuMs: b.cpuMs - a.cpuMs, waitMs: b.waitMs - a.waitMs, machineBusy: (b.machine.busy - a.machine.busy) / Math.max(1, b.machine.total - a.machine.total) }
			: undefined;
	return {
		kernel,
		cliMs,
		nodeMs: task.executionTime,
		nodeStart: task.startTime,
		prepMs: sends.first - task.startTime,
		sendingMs: sends.last - sends.first,
		tailMs: task.startTime + task.executionTime - sends.last,
		items: out.length,
		out,
		sendCalls: stats.calls[SEND_PATH] || 0,
		tokenFetches: stats.tokenFetches,
		otherCalls: Object.fromEntries(Object.entries(stats.calls).filter(([p]) => p !== SEND_PATH && p !== '/cgi-bin/stable_token')),
		deliveries: stats.templateDeliveries,
	};
}

async function run(log) {
	const { N8nInstance } = require('../tools/n8n');
	const L = config.latencyMs;
	const N = config.templateMessages;
	const c = config.sendConcurrency;
	const boundMs = Math.ceil(N / c) * L;
	const timeoutMs = 20 * boundMs + 300_000;
	const sim = await startSimulatorProcess({ latencyMs: L });
	const n8n = new N8nInstance({ version: '2.41.1', queue: false });
	try {
		await sim.seed(N, 1);
		log(`templates: preparing n8n (${fmt.int(N)} recipients, concurrency ${c}, latency ${L} ms)`);
		await n8n.prepare();
		await n8n.importCredentials([
			apiCredential(OA_CREDENTIAL, 'weChatOfficialAccountApi', DEFAULT_APPS.oa, sim.url),
		]);
		const oursWf = oursWorkflow(N, c, 'auto');
		const exprWf = oursWorkflow(N, c, 'expressions');
		const httpWf = httpWorkflow(N, sim.url, c, L);
		await n8n.importWorkflows([oursWf, exprWf, httpWf]);
		const load0 = require('os').loadavg()[0];
		const runOurs = async (wf) => {
			const result = await measure(n8n, sim, wf.id, 'WeChat Send Template Message', timeoutMs);
			result.outcomes = countBy(result.out, 'outcome');
			result.ok = result.outcomes.sent === N && result.deliveries === N;
			delete result.out;
			return result;
		};
		log('templates: WeChat Send Template Message, Map Automatically');
		const ours = await runOurs(oursWf);
		log('templates: WeChat Send Template Message, expressions');
		const expr = process.env.BENCH_TEMPLATE_SKIP_EXPRESSIONS ? undefined : await runOurs(exprWf);
		log('templates: HTTP Request node with a token step');
		const http = await measure(n8n, sim, httpWf.id, 'Send (HTTP Request)', timeoutMs);
		http.outcomes = countBy(http.out, 'errcode');
		http.ok = http.outcomes['0'] === N && http.deliveries === N;
		delete http.out;
		let profile;
		if (ours.nodeMs / boundMs > 1.25) profile = await profiledPass(n8n, sim, log, Math.min(N, 1000), c, timeoutMs);
		return report({ L, N, c, boundMs, ours, expr, http, load0, profile });
	} finally {
		await n8n.stop();
		await sim.stop();
	}
}

/**
 * A missed target: run the WeChat node again on a smaller batch with V8's CPU profiler on in the
 * `n8n execute` process, and split its CPU time by origin during preparation and during sending.
 */
async function profiledPass(n8n, sim, log, n, c, timeoutMs) {
	const fs = require('fs');
	const os = require('os');
	const path = require('path');
	const { summarise, monotonicOffsetUs } = require('./lib/profile');
	log(`templates: target missed, profiling the WeChat node on ${fmt.int(n)} items`);
	const wf = { ...oursWorkflow(n, c, 'auto'), id: 'benchTemplateProf01', name: 'bench: profiled pass' };
	await n8n.importWorkflows([wf]);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-n8n-prof-'));
	try {
		await sim.reset();
		const result = await n8n.execute(wf.id, { timeoutMs, env: { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir}` } });
		const offset = monotonicOffsetUs();
		const task = result.data.resultData.runData['WeChat Send Template Message'][0];
		const sends = (await sim.stats()).arrivals[SEND_PATH];
		const cli = n8n.processes.filter((p) => p.kind === 'cli').pop();
		const file = fs.readdirSync(dir).find((f) => f.includes(`.${cli.pid}.`)) || fs.readdirSync(dir)[0];
		if (!file) return { n, error: 'no profile written' };
		const toUs = (ms) => ms * 1000 - offset;
		const whole = path.join(dir, file);
		return {
			n,
			nodeMs: task.executionTime,
			prep: summarise(whole, 6, { fromUs: toUs(task.startTime), toUs: toUs(sends.first) }, '@n8n/expression-runtime'),
			sending: summarise(whole, 6, { fromUs: toUs(sends.first), toUs: toUs(sends.last) }, '@n8n/expression-runtime'),
			prepMs: sends.first - task.startTime,
			sendingMs: sends.last - sends.first,
		};
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

function report({ L, N, c, boundMs, ours, expr, http, load0, profile }) {
	const ratio = ours.nodeMs / boundMs;
	const httpRatio = http.nodeMs / boundMs;
	const vsHttp = ours.nodeMs / http.nodeMs;
	// CPU per message from the kernel (schedstat of the `n8n execute` process over the node's span): unlike wall
	// time it does not grow when other work on the machine keeps the process waiting for a core.
	const cpuPer = (r) => (r && r.kernel ? (r.kernel.cpuMs * 1000) / N : NaN);
	const cpuCell = (r) => (r && r.kernel ? `${cpuPer(r).toFixed(0)} µs (waited for a core ${fmt.ms(r.kernel.waitMs)})` : 'n/a');
	const exprRows = expr
		? [
				['WeChat node, expressions: node time / latency bound', `${fmt.x(expr.nodeMs / boundMs)} (${fmt.ms(expr.nodeMs)})`, '(reported)', ''],
				['WeChat node, expressions: preparation / sending / rest', `${fmt.ms(expr.prepMs)} / ${fmt.ms(expr.sendingMs)} / ${fmt.ms(expr.tailMs)}`, '(reported)', ''],
				['WeChat node, expressions: send calls / delivered / token fetches', `${fmt.int(expr.sendCalls)} / ${fmt.int(expr.deliveries)} / ${fmt.int(expr.tokenFetches)}`, `${fmt.int(N)} / ${fmt.int(N)} / 1`, expr.ok && expr.sendCalls === N ? 'met' : 'MISSED'],
				['WeChat node, expressions / HTTP Request node (node time)', fmt.x(expr.nodeMs / http.nodeMs), '(reported)', ''],
			]
		: [];
	const rows = [
		['WeChat node: node time', fmt.ms(ours.nodeMs), `<= 1.25 x bound ${fmt.ms(boundMs)}`, ratio <= 1.25 ? 'met' : 'MISSED'],
		['WeChat node: node time / latency bound', fmt.x(ratio), '<= 1.25x', ratio <= 1.25 ? 'met' : 'MISSED'],
		['WeChat node: preparation / sending / rest', `${fmt.ms(ours.prepMs)} / ${fmt.ms(ours.sendingMs)} / ${fmt.ms(ours.tailMs)}`, '(reported)', ''],
		['WeChat node: token fetches', fmt.int(ours.tokenFetches), '1', ours.tokenFetches === 1 ? 'met' : 'MISSED'],
		['WeChat node: send calls / delivered / outcomes', `${fmt.int(ours.sendCalls)} / ${fmt.int(ours.deliveries)} / ${Object.entries(ours.outcomes).map(([k, v]) => `${k} ${v}`).join(', ')}`, `${fmt.int(N)} each, all sent`, ours.ok && ours.sendCalls === N ? 'met' : 'MISSED'],
		['WeChat node: other calls', Object.entries(ours.otherCalls).map(([k, v]) => `${k} ${v}`).join(', ') || 'none', '(reported)', ''],
		['whole `n8n execute` (CLI start, Code node, send, exit)', fmt.ms(ours.cliMs), '(reported)', ''],
		['HTTP Request node: node time', fmt.ms(http.nodeMs), '(baseline)', ''],
		['HTTP Request node: node time / latency bound', fmt.x(httpRatio), '(baseline)', ''],
		['HTTP Request node: preparation / sending / rest', `${fmt.ms(http.prepMs)} / ${fmt.ms(http.sendingMs)} / ${fmt.ms(http.tailMs)}`, '(baseline)', ''],
		['HTTP Request path: token fetches / send calls / errcode 0', `${fmt.int(http.tokenFetches)} / ${fmt.int(http.sendCalls)} / ${fmt.int(http.outcomes['0'] || 0)}`, '(baseline)', http.ok ? '' : 'NOT ALL SENT'],
		['whole `n8n execute`, HTTP Request path', fmt.ms(http.cliMs), '(baseline)', ''],
		['WeChat node / HTTP Request node (node time)', fmt.x(vsHttp), '<= 0.50x', vsHttp <= 0.5 ? 'met' : 'MISSED'],
		['CPU per message (kernel): WeChat node, Map Automatically', cpuCell(ours), '(reported)', ''],
		...(expr ? [['CPU per message (kernel): WeChat node, expressions', cpuCell(expr), '(reported)', '']] : []),
		['CPU per message (kernel): HTTP Request node', cpuCell(http), '(reported)', ''],
		['CPU per message: WeChat node (Map Automatically) / HTTP Request node', fmt.x(cpuPer(ours) / cpuPer(http)), '(reported)', ''],
		...exprRows,
	];
	const why = [];
	if (ratio > 1.25) {
		why.push(
			`From the simulator's arrival times: the node spent ${fmt.ms(ours.prepMs)} before its first send (reading and checking all ${fmt.int(N)} items, ${((ours.prepMs * 1000) / N).toFixed(0)} µs per item, plus the token and template-list calls), ` +
				`${fmt.ms(ours.sendingMs)} sending (${fmt.x(ours.sendingMs / boundMs)} the bound) and ${fmt.ms(ours.tailMs)} after the last send arrived.`,
		);
		if (ours.kernel) {
			const k = ours.kernel;
			why.push(
				`From the kernel over the node's ${fmt.ms(k.spanMs)}: the \`n8n execute\` process was on a CPU ${fmt.ms(k.cpuMs)} (${((k.cpuMs / k.spanMs) * 100).toFixed(0)}% of one core) and runnable but waiting for a core ${fmt.ms(k.waitMs)}; ` +
					`the machine's cores were ${(k.machineBusy * 100).toFixed(0)}% busy (other work included). n8n runs a node's JavaScript on one thread: ${((k.cpuMs * 1000) / N).toFixed(0)} µs of CPU per message against a latency budget of ${((L * 1000) / c).toFixed(0)} µs per message at concurrency ${c}.`,
			);
		}
		if (profile && profile.error) why.push(`Profiled pass: ${profile.error}.`);
		else if (profile) {
			const { describe } = require('./lib/profile');
			const hot = (s) => s.top.slice(0, 4).map((t) => `${t.fn} (${t.where.replace(/^.*node_modules\//, '')}) ${t.ms.toFixed(0)} ms`).join('; ');
			const askedBy = (s) => {
				const list = (l) => l.map((c) => `${c.fn} ${c.ms.toFixed(0)} ms`).join(', ');
				return `n8n's expression runtime (isolated-vm) was called from, in this package: ${list(s.callers.package)}; in n8n-core: ${list(s.callers.core)}`;
			};
			why.push(`Profiled pass of ${fmt.int(profile.n)} items in the \`n8n execute\` process (node ${fmt.ms(profile.nodeMs)}): preparation ${fmt.ms(profile.prepMs)}: ${describe(profile.prep)}. Hottest: ${hot(profile.prep)}. ${askedBy(profile.prep)}.`);
			why.push(`Sending ${fmt.ms(profile.sendingMs)}: ${describe(profile.sending)}. Hottest: ${hot(profile.sending)}. ${askedBy(profile.sending)}.`);
		}
	}
	const notes = [
		`N = ${fmt.int(N)} recipients (all followers), template TPL_PAYMENT with 4 keywords and a URL, ${L} ms injected on every WeChat call; machine load ${load0.toFixed(2)} when the run started.`,
		'The WeChat node rows without a mode are Map Automatically (typeVersion 1.1, the default of a fresh node): keywords read from the item fields thing1, amount2, time3, character_string4 by name. "Expressions": typeVersion 1, one expression per keyword (key/value rows).',
		'Expressions per item evaluated by n8n\'s expression runtime: WeChat node, Map Automatically 0 (the recipient {{ $json.openid }} and the URL .../orders/{{ $json.orderNo }} only name item fields, which the node reads itself once n8n agreed on the first item); WeChat node, expressions 4 (the keyword rows; recipient and URL read the same way); HTTP Request send node 2 (token query parameter, JSON body). Parameters without an expression are read once per execution.',
		`Latency bound = ceil(N/c) x latency = ceil(${fmt.int(N)}/${c}) x ${L} ms = ${fmt.ms(boundMs)} (the send calls alone; the token and template-list calls come before them).`,
		'Node time: the node\'s executionTime in n8n\'s run data (n8n evaluates every item\'s parameters inside it); the whole `n8n execute` adds the CLI start, the Code node and saving the run.',
		`HTTP Request node 4.2: a "Get Token" HTTP Request (POST /cgi-bin/stable_token) first, the send node using {{ $('Get Token').first().json.access_token }}; options.batching ${c} items per batch, interval ${L} ms: the node fires requests without awaiting them, so batching is its only way to bound them (same request rate as ${c} in flight at ${L} ms).`,
	];
	return {
		name: 'templates',
		title: `2. ${fmt.int(N)} template messages in real n8n 2.41.1 (concurrency ${c}, ${L} ms per call; Map Automatically and expressions)`,
		columns: ['figure', 'measured', 'target', ''],
		rows,
		notes,
		why,
		summary: [
			{ benchmark: '2. template messages', figure: `${fmt.int(N)} sends (Map Automatically): node time / latency bound`, value: `${fmt.x(ratio)} (${fmt.ms(ours.nodeMs)} / ${fmt.ms(boundMs)})`, target: '<= 1.25x', met: ratio <= 1.25 },
			{ benchmark: '2. template messages', figure: 'token fetches', value: fmt.int(ours.tokenFetches), target: '1', met: ours.tokenFetches === 1 },
			{ benchmark: '2. template messages', figure: 'ours / HTTP Request node + token step (node time)', value: `${fmt.x(vsHttp)} (${fmt.ms(ours.nodeMs)} vs ${fmt.ms(http.nodeMs)})`, target: '<= 0.50x', met: vsHttp <= 0.5 },
			{ benchmark: '2. template messages', figure: 'CPU per message, ours / HTTP Request node (kernel)', value: `${fmt.x(cpuPer(ours) / cpuPer(http))} (${cpuPer(ours).toFixed(0)} µs vs ${cpuPer(http).toFixed(0)} µs)`, target: '(reported)', met: null },
			...(expr ? [{ benchmark: '2. template messages', figure: 'expressions mode: node time / latency bound', value: `${fmt.x(expr.nodeMs / boundMs)} (${fmt.ms(expr.nodeMs)})`, target: '(reported)', met: null }] : []),
		],
		raw: { L, N, c, boundMs, ours, expr, http },
	};
}

module.exports = { run, oursWorkflow, measure };
