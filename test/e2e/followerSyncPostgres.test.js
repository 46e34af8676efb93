'use strict';
/**
 * examples/follower-sync-postgres.json (its Schedule Trigger swapped for a Manual Trigger) in a real n8n against
 * the WeChat simulator and a REAL PostgreSQL: a throw-away cluster (tools/postgres.js: initdb + pg_ctl, trust
 * auth, loopback port) started here and removed in afterAll. 25,000 followers (UnionID for every 2nd)
 * are synced in 3 runs of at most 10,000, each run resuming after the OpenID the previous one saved.
 * Needs `npm run build` first and PostgreSQL's initdb/pg_ctl/psql (.ci/run installs the Debian package).
 */
const { N8nInstance } = require('../../tools/n8n');
const { TempPostgres } = require('../../tools/postgres');
const { startSimulator, DEFAULT_APPS } = require('../../tools/simulator');
const { example, withManualTrigger } = require('../../tools/workflows');
const { apiCallsSince: callsSince } = require('../helpers/e2e');

const FOLLOWERS = 25_000;
const LIMIT = 10_000;
const OA_CREDENTIAL = { id: 'wechatOaExample', name: 'WeChat Official Account' };
const PG_CREDENTIAL = { id: 'postgresExample', name: 'Postgres' };

/** The CREATE TABLE statements of the example's sticky note (the test creates the tables from them). */
function createTablesSql(workflow) {
	const note = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.stickyNote').parameters.content;
	const sql = /```sql\n([\s\S]*?)```/.exec(note);
	if (!sql) throw new Error('the sticky note has no ```sql block');
	return sql[1];
}

let sim;
const pg = new TempPostgres();
const n8n = new N8nInstance({ queue: false });
const shipped = example('follower-sync-postgres.json');

/** The example as shipped, with its Schedule Trigger replaced by a Manual Trigger of the same name. */
const workflowFromExample = () => withManualTrigger(JSON.parse(JSON.stringify(shipped)));

/** WeChat API calls (token endpoints aside) made since the `before` snapshot of sim.calls. */
const apiCallsSince = (before) => callsSince(sim, before);

const rowCount = () => Number(pg.sql('SELECT count(*) FROM wechat_followers')[0][0]);
// psql prints an empty string as an empty line: prefix the value so that '' is a row too
const cursor = () => pg.sql("SELECT '>' || next_openid FROM wechat_follower_sync WHERE app = 'oa'").map((row) => row[0].slice(1));

beforeAll(async () => {
	await pg.start();
	pg.sql(createTablesSql(shipped));
	sim = await startSimulator({ port: 0 });
	sim.seedFollowers(FOLLOWERS, { unionIdEvery: 2 });
	await n8n.prepare();
	await n8n.importCredentials([
		{
			...OA_CREDENTIAL,
			type: 'weChatOfficialAccountApi',
			data: { appId: DEFAULT_APPS.oa.appId, appSecret: DEFAULT_APPS.oa.secret, tokenSource: 'stable', baseUrl: sim.url, accessToken: '', expiresAt: 0 },
		},
		{
			...PG_CREDENTIAL,
			type: 'postgres',
			data: { host: '127.0.0.1', port: pg.port, database: 'postgres', user: 'postgres', password: '', ssl: 'disable', allowUnauthorizedCerts: false, maxConnections: 10 },
		},
	]);
	await n8n.importWorkflows([workflowFromExample()]);
}, 35 * 60_000);

afterAll(async () => {
	await n8n.stop();
	if (sim) await sim.stop();
	await pg.stop();
}, 120_000);

test('the example is importable as shipped: Postgres nodes on a version both n8n lines have, tables in the sticky note', () => {
	const pgNodes = shipped.nodes.filter((n) => n.type === 'n8n-nodes-base.postgres');
	expect(pgNodes.map((n) => n.name)).toEqual(['Read Cursor', 'Upsert Followers', 'Save Cursor']);
	for (const n of pgNodes) {
		expect(n.typeVersion).toBe(2.6);
		expect(n.credentials).toEqual({ postgres: PG_CREDENTIAL });
	}
	expect(shipped.nodes.find((n) => n.name === 'Read Cursor').alwaysOutputData).toBe(true);
	expect(createTablesSql(shipped)).toMatch(/CREATE TABLE IF NOT EXISTS wechat_follower_sync/);
});

test('3 scheduled runs sync 25,000 followers into Postgres, each resuming after the saved OpenID, in minimal calls', async () => {
	const expected = [
		{ rows: 10_000, cursor: sim.person(9_999).oaOpenId, batchget: 100, synced: 10_000 },
		{ rows: 20_000, cursor: sim.person(19_999).oaOpenId, batchget: 100, synced: 10_000 },
		{ rows: 25_000, cursor: '', batchget: 50, synced: 5_000 },
	];
	const timings = [];
	for (const [run, want] of expected.entries()) {
		const before = { ...sim.calls };
		const started = Date.now();
		const result = await n8n.execute(shipped.id);
		timings.push(Date.now() - started);

		expect(apiCallsSince(before)).toEqual({ '/cgi-bin/user/get': 1, '/cgi-bin/user/info/batchget': want.batchget });
		const groups = n8n.outputOf(result, 'WeChat Get Followers');
		expect(groups).toHaveLength(want.synced / 1000);
		expect(groups[0].followers[0].openid).toBe(sim.person(run * LIMIT).oaOpenId);
		expect(n8n.outputOf(result, 'Save Cursor')).toEqual([{ app: 'oa', nextOpenId: want.cursor, synced: want.synced, hasMore: want.cursor !== '' }]);
		expect(rowCount()).toBe(want.rows);
		expect(cursor()).toEqual([want.cursor]);
	}

	// 25,000 distinct rows, every 2nd with its UnionID, all from the simulator's followers
	expect(pg.sql('SELECT count(DISTINCT openid), count(unionid), count(subscribe_time) FROM wechat_followers')).toEqual([['25000', '12500', '25000']]);
	for (const i of [0, 1, 9_999, 10_000, 19_999, 20_000, 24_998, 24_999]) {
		const p = sim.person(i);
		expect(pg.sql(`SELECT openid, coalesce(unionid, '') FROM wechat_followers WHERE openid = '${p.oaOpenId}'`)).toEqual([[p.oaOpenId, p.unionId ?? '']]);
	}

	// the cursor is '' again: a 4th run starts over and upserts the first 10,000 without duplicating them
	const before = { ...sim.calls };
	const result = await n8n.execute(shipped.id);
	expect(apiCallsSince(before)).toEqual({ '/cgi-bin/user/get': 1, '/cgi-bin/user/info/batchget': 100 });
	expect(n8n.outputOf(result, 'WeChat Get Followers')[0].followers[0].openid).toBe(sim.person(0).oaOpenId);
	expect(rowCount()).toBe(FOLLOWERS);
	expect(cursor()).toEqual([sim.person(9_999).oaOpenId]);
	process.stdout.write(`real n8n + PostgreSQL: follower sync runs of 10,000/10,000/5,000: ${timings.join(' / ')} ms (whole \`n8n execute\`)\n`);
}, 600_000);
