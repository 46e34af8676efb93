'use strict';
/**
 * Benchmark 1, in real n8n on each line of BENCH_FOLLOWER_VERSIONS (default 2.41.1 and 1.123.81): Manual Trigger
 * -> WeChat Get Followers (Return All, with user info and UnionID, concurrency c) run by `n8n execute` against
 * the simulator. Peak memory: the `n8n execute` process's RSS sampled every 50 ms while the node ran, its peak
 * minus its RSS when the node started, divided by the followers. N defaults to 100,000 (BENCH_FOLLOWERS_N8N):
 * `n8n execute --rawOutput` prints the whole run as one JSON text, which at 1,000,000 followers nears V8's
 * largest string, and n8n stores the run in its database; the node's own memory grows linearly with N.
 */
const { fmt } = require('./lib/config');
const { DEFAULT_APPS } = require('../tools/simulator');
const { node, chain, apiCredential } = require('../tools/workflows');
const { measure } = require('./sends');

const OA_CREDENTIAL = { id: 'benchOaCredential1', name: 'WeChat Official Account (bench)' };
const VERSIONS = (process.env.BENCH_FOLLOWER_VERSIONS || '2.41.1,1.123.81').split(',');
const NODE = 'WeChat Get Followers';

function workflow(c) {
	return {
		id: 'benchFollowersN8n01',
		name: 'bench: follower sync in n8n',
		nodes: [
			node('Manual', 'n8n-nodes-base.manualTrigger', 0, {}, { typeVersion: 1 }),
			node(
				NODE,
				'n8n-nodes-wechat-platform.weChatOfficialAccount',
				220,
				{ resource: 'follower', operation: 'getAll', returnAll: true, includeUserInfo: true, outputMode: 'follower', options: { concurrency: c } },
				{ typeVersion: 1.1, credentials: { weChatOfficialAccountApi: OA_CREDENTIAL } },
			),
		],
		connections: chain('Manual', NODE),
		settings: { executionOrder: 'v1' },
	};
}

/** { version, N, nodeMs, boundMs, rssGrowth, calls, tokenFetches, checks } per line; the simulator is seeded here. */
async function run(sim, log, { N, c, L }) {
	const { N8nInstance } = require('../tools/n8n');
	await sim.seed(N, 1);
	const boundMs = L * Math.max(Math.ceil(N / 10_000), 1 + Math.ceil(Math.ceil(N / 100) / c));
	const out = [];
	for (const version of VERSIONS) {
		const n8n = new N8nInstance({ version, queue: false });
		try {
			log(`followers: n8n ${version}, ${fmt.int(N)} followers through Get Followers`);
			await n8n.prepare();
			await n8n.importCredentials([apiCredential(OA_CREDENTIAL, 'weChatOfficialAccountApi', DEFAULT_APPS.oa, sim.url)]);
			const wf = workflow(c);
			await n8n.importWorkflows([wf]);
			const load0 = require('os').loadavg()[0];
			const r = await measure(n8n, sim, wf.id, NODE, 20 * boundMs + 600_000, { sendPath: '/cgi-bin/user/info/batchget' });
			const items = r.out;
			const openid = (i) => 'oOA' + i.toString(36).padStart(25, '0');
			const checks = {
				count: items.length === N,
				order: items.length > 0 && items[0].openid === openid(0) && items[items.length - 1].openid === openid(N - 1),
				allUnionIds: items.every((j) => typeof j.unionid === 'string'),
			};
			const stats = await sim.stats();
			out.push({ version, N, c, load0, boundMs, nodeMs: r.nodeMs, cliMs: r.cliMs, rssGrowth: r.rssGrowth, rssSamples: r.rssSamples, kernel: r.kernel, calls: (stats.calls['/cgi-bin/user/get'] || 0) + (stats.calls['/cgi-bin/user/info/batchget'] || 0), tokenFetches: stats.tokenFetches, checks });
		} finally {
			await n8n.stop();
		}
	}
	return out;
}

/** Table rows and summary lines for the lines measured. */
function rowsOf(lines) {
	const rows = [];
	const summary = [];
	for (const l of lines) {
		const per = Math.round(l.rssGrowth / l.N);
		const ok = Object.values(l.checks).every(Boolean);
		const minCalls = Math.ceil(l.N / 10_000) + Math.ceil(l.N / 100);
		rows.push(
			[`real n8n ${l.version}, ${fmt.int(l.N)} followers: peak RSS growth per follower`, `${per.toLocaleString('en-US')} B (${fmt.bytes(l.rssGrowth)})`, '(reported)', ''],
			[`real n8n ${l.version}: node time / latency bound`, `${fmt.x(l.nodeMs / l.boundMs)} (${fmt.ms(l.nodeMs)} / ${fmt.ms(l.boundMs)}), load ${l.load0.toFixed(1)}`, '(reported)', ''],
			[`real n8n ${l.version}: calls / token fetches / results checked`, `${fmt.int(l.calls)} (minimum ${fmt.int(minCalls)}) / ${l.tokenFetches} / ${ok ? 'yes' : `NO ${JSON.stringify(l.checks)}`}`, 'minimum / 1 / yes', l.calls === minCalls && l.tokenFetches === 1 && ok ? 'met' : 'MISSED'],
		);
		summary.push({ benchmark: '1. follower sync', figure: `real n8n ${l.version}: peak memory (RSS growth) per follower, ${fmt.int(l.N)} followers`, value: `${per.toLocaleString('en-US')} B (${fmt.bytes(l.rssGrowth)})`, target: '(reported)', met: null });
	}
	const notes = lines.length
		? [
				`Real n8n (${lines.map((l) => l.version).join(', ')}): Manual Trigger -> Get Followers (typeVersion 1.1, Return All, user info with UnionID, concurrency ${lines[0].c}) run by \`n8n execute\`, N = ${fmt.int(lines[0].N)} (not 1,000,000: \`n8n execute --rawOutput\` prints the whole run as one JSON text, near V8's largest string at 1,000,000); peak RSS of the \`n8n execute\` process sampled every 50 ms while the node ran, minus its RSS when the node started (n8n keeps the node's output items, so the figure includes them).`,
			]
		: [];
	return { rows, summary, notes };
}

module.exports = { run, rowsOf };
