'use strict';
/**
 * Callback benchmark (b), real n8n 2.41.1: safe-mode callbacks at a fixed rate (open loop) to an active
 * WeChat Trigger workflow; response times, the kernel's view of n8n's main process, and one execution per
 * accepted callback, counted in n8n's database. Apart from micro.js because it owns an n8n's whole lifecycle.
 */
const { config } = require('../lib/config');
const { percentile } = require('../lib/measure');
const { node, chain, callbackCredential } = require('../../tools/workflows');
const { WECHAT, ACCOUNT } = require('./messages');

const CREDENTIAL = { id: 'benchCallbackCred1', name: 'WeChat Callback (bench)' };
const WEBHOOK_ID = '5b0e7c1a-3d2f-4e6a-9b8c-00000000be01';
const workflow = {
	id: 'benchCallbackFlow01',
	name: 'bench: WeChat Trigger (safe mode) -> NoOp',
	nodes: [
		node('WeChat Trigger', 'n8n-nodes-wechat-platform.weChatTrigger', 0, { responseMode: 'onReceived', triggerOn: ['*'], options: { securityMode: 'safe' } }, {
			webhookId: WEBHOOK_ID,
			credentials: { weChatCallbackApi: CREDENTIAL },
		}),
		node('Done', 'n8n-nodes-base.noOp', 220),
	],
	connections: chain('WeChat Trigger', 'Done'),
	settings: { executionOrder: 'v1' },
};

/** Starts `n8n` with the benchmark's active WeChat Trigger workflow and its credential; returns the callback URL. */
async function startWithCallbackWorkflow(n8n) {
	await n8n.prepare();
	await n8n.importCredentials([callbackCredential(CREDENTIAL, WECHAT)]);
	await n8n.importWorkflows([workflow]);
	await n8n.activate(workflow.id);
	await n8n.start();
	return n8n.webhookUrl(`${WEBHOOK_ID}/callback`);
}

/**
 * A maker of text messages for one run, each from its own user (`${user}000…i`, content `${word} i`); the MsgIds
 * carry `msgIdPrefix` and a run tag (`.runTag`), so a run's messages are never retries of an earlier run's in n8n's eyes.
 */
function textMessages(user, word, msgIdPrefix) {
	const runTag = String(Date.now() % 1_000_000).padStart(6, '0');
	let seq = 0;
	const next = () => {
		const i = ++seq;
		return { ToUserName: ACCOUNT, FromUserName: `${user}${String(i).padStart(18, '0')}`, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'text', Content: `${word} ${i}`, MsgId: `${msgIdPrefix}${runTag}${String(i).padStart(10, '0')}` };
	};
	return Object.assign(next, { runTag });
}

async function realN8n(log) {
	const { N8nInstance } = require('../../tools/n8n');
	const { sendCallback } = require('../../tools/simulator');
	const n8n = new N8nInstance({ version: '2.41.1', queue: false });
	try {
		log('callbacks: preparing and starting n8n');
		const url = await startWithCallbackWorkflow(n8n);
		const nextMessage = textMessages('oBenchLoad', 'load', '77');
		const all = []; // every callback sent: { msgId, status, body, elapsedMs, ... }
		const send = (message) =>
			sendCallback(url, { ...WECHAT, mode: 'safe', message, timeoutMs: 10_000 }).then((r) => {
				const entry = { status: r.status, body: r.body, elapsedMs: r.elapsedMs, error: r.error, msgId: message.MsgId };
				all.push(entry);
				return entry;
			});
		/** Open loop: callback k leaves at start + k / rate, whatever happened to the others. */
		const burst = (rate, seconds) =>
			new Promise((resolve) => {
				const total = Math.round(rate * seconds);
				const started = Date.now();
				const results = [];
				let k = 0;
				let open = 0;
				const tick = () => {
					while (k < total && Date.now() >= started + (k * 1000) / rate) {
						const scheduledAt = started + (k * 1000) / rate;
						k++;
						open++;
						send(nextMessage()).then((r) => {
							results.push({ ...r, lagMs: Date.now() - r.elapsedMs - scheduledAt });
							open--;
							if (k >= total && open === 0) resolve({ rate, seconds, total, results, spanMs: Date.now() - started });
						});
					}
					if (k < total) setTimeout(tick, 2);
				};
				tick();
			});
		const passes = (b) => {
			const times = b.results.map((r) => r.elapsedMs).sort((a, z) => a - z);
			return b.results.every((r) => r.status === 200 && r.body === 'success') && percentile(times, 99) < 1000;
		};
		const settle = () => n8n.waitForExecutions({ workflowId: workflow.id, count: all.filter((r) => r.status === 200).length, timeoutMs: 180_000, settleMs: 1000 }).catch(() => undefined);

		// Warm-up, one at a time.
		for (let i = 0; i < 20; i++) await send(nextMessage());
		const warmMedian = percentile(all.slice(5).map((r) => r.elapsedMs).sort((a, b) => a - b), 50);
		log(`callbacks: one at a time, n8n answers in ${warmMedian} ms (median of 15)`);

		// The rate: BENCH_CALLBACK_RATE, or half of the highest step of a short ramp (5 s per step, from half
		// of the one-at-a-time rate up, doubling) at which every callback got "success" with p99 under 1 s:
		// a sustained rate needs headroom on a machine whose other load comes and goes.
		let rate = config.callbackRate;
		const ramp = [];
		if (!process.env.BENCH_CALLBACK_RATE) {
			const oneAtATime = 1000 / Math.max(1, warmMedian);
			rate = 0;
			for (let r = Math.max(1, Math.floor(oneAtATime / 2)); r <= 200; r *= 2) {
				const b = await burst(r, 5);
				const times = b.results.map((x) => x.elapsedMs).sort((a, z) => a - z);
				const ok = passes(b);
				ramp.push(`${r}/s: p99 ${percentile(times, 99)} ms${ok ? '' : ' (missed)'}`);
				log(`callbacks: ramp ${r}/s for 5 s: p50 ${percentile(times, 50)} ms, p99 ${percentile(times, 99)} ms${ok ? '' : ', not sustained'}`);
				await settle();
				if (!ok) break;
				rate = r;
			}
			rate = Math.max(1, Math.floor(rate / 2));
		}
		const seconds = config.callbackSeconds;
		log(`callbacks: ${Math.round(rate * seconds)} safe-mode callbacks at ${rate}/s for ${seconds} s`);
		const load0 = require('os').loadavg()[0];
		const { watch } = require('../lib/sched');
		const kernelWatch = watch([n8n.main.pid]);
		const main = await burst(rate, seconds);
		const kernel = kernelWatch.stop();
		const { results, total, spanMs } = main;
		const accepted = results.filter((r) => r.status === 200 && r.body === 'success');
		const times = results.map((r) => r.elapsedMs).sort((a, b) => a - b);
		const lag = results.map((r) => r.lagMs).sort((a, b) => a - b);
		log('callbacks: waiting for the executions');
		const acceptedAll = all.filter((r) => r.status === 200 && r.body === 'success');
		const expected = acceptedAll.length;
		const executions = await n8n.waitForExecutions({ workflowId: workflow.id, count: expected, timeoutMs: 180_000, settleMs: 2000 });
		const rows = await n8n.sql(
			'SELECT e.id AS id, e.status AS status, d.data AS data FROM execution_entity e JOIN execution_data d ON d.executionId = e.id WHERE e.workflowId = ?',
			[workflow.id],
		);
		const perMsgId = new Map();
		const pattern = new RegExp(`77${nextMessage.runTag}\\d{10}`, 'g');
		for (const row of rows) {
			const ids = new Set(String(row.data).match(pattern) || []);
			for (const id of ids) perMsgId.set(id, (perMsgId.get(id) || 0) + 1);
		}
		const exactlyOnce = acceptedAll.filter((r) => perMsgId.get(r.msgId) === 1).length;
		const statuses = executions.reduce((acc, e) => ({ ...acc, [e.status]: (acc[e.status] || 0) + 1 }), {});
		return {
			rate,
			seconds,
			total,
			spanMs,
			load0,
			ramp,
			achievedRate: results.length / (spanMs / 1000),
			accepted: accepted.length,
			acceptedAll: acceptedAll.length,
			sentAll: all.length,
			refused: results.length - accepted.length,
			failures: results.filter((r) => r.status !== 200).slice(0, 3).map((r) => `${r.status} ${r.error || r.body}`.slice(0, 80)),
			p50: percentile(times, 50),
			p99: percentile(times, 99),
			max: times[times.length - 1],
			sendLagP99: percentile(lag, 99),
			executions: executions.length,
			expectedExecutions: expected,
			statuses,
			exactlyOnce,
			warmMedian,
			rateChosen: !process.env.BENCH_CALLBACK_RATE,
			kernel: { wallMs: kernel.wallMs, machineBusy: kernel.machineBusy, main: kernel.processes[n8n.main.pid] },
		};
	} finally {
		await n8n.stop();
	}
}

module.exports = { realN8n, startWithCallbackWorkflow, textMessages, workflow };
