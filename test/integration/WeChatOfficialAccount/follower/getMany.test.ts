/**
 * Get Followers against the WeChat simulator over real HTTP: the call count for N enriched followers is
 * exactly ceil(N/10000) + ceil(N/100) (read from the simulator), Limit costs the minimum, a sync resumes
 * from next_openid, group output.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { GetManyFollowers } from '../../../helpers/appNodes';
import { executeContext, simulatorStore } from '../../../helpers/n8nContext';
import { useSimulator } from '../../../helpers/simulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEFAULT_APPS } = require('../../../../tools/simulator');

const sim = useSimulator();

const oaStore = () => simulatorStore(sim, { oa: DEFAULT_APPS.oa });

async function getFollowers(params: Record<string, unknown>): Promise<INodeExecutionData[]> {
	const parameters = { returnAll: true, includeUserInfo: true, outputMode: 'follower', options: {}, ...params };
	const ctx = executeContext({ store: oaStore(), parameters }) as IExecuteFunctions;
	const [output] = await new GetManyFollowers().execute.call(ctx);
	return output;
}

const minimumCalls = (n: number, enriched = true) => ({
	'/cgi-bin/user/get': Math.ceil(n / 10_000),
	...(enriched ? { '/cgi-bin/user/info/batchget': Math.ceil(n / 100) } : {}),
});

test('25,000 followers with UnionID: exactly ceil(N/10000) + ceil(N/100) = 253 calls, every record right', async () => {
	sim.seedFollowers(25_000, { unionIdEvery: 3 });
	const started = Date.now();
	const output = await getFollowers({});
	const ms = Date.now() - started;
	const apiCalls = { ...sim.calls };
	delete apiCalls['/cgi-bin/stable_token'];
	expect(apiCalls).toEqual(minimumCalls(25_000));
	expect(sim.tokenFetches()).toBe(1);
	expect(output).toHaveLength(25_000);
	for (const i of [0, 1, 2, 3, 9_999, 10_000, 24_999]) {
		const person = sim.person(i);
		expect(output[i].json).toMatchObject({ openid: person.oaOpenId, unionid: person.unionId ?? null, subscribe: 1 });
		expect(output[i].json).toHaveProperty('subscribe_time');
		expect(output[i].json).toHaveProperty('subscribe_scene');
		expect(output[i].json).toHaveProperty('tagid_list');
	}
	expect(output.at(-1)!.json).toMatchObject({ nextOpenId: '', hasMore: false });
	process.stdout.write(`25,000 enriched followers over HTTP: ${ms} ms, ${25_000 / 100 + 3} calls\n`);
}, 120_000);

test('Limit 12,345 with user info: 2 + 124 calls, and the cursor to resume from', async () => {
	sim.seedFollowers(25_000, { unionIdEvery: 1 });
	const output = await getFollowers({ returnAll: false, limit: 12_345 });
	expect(output).toHaveLength(12_345);
	expect(sim.calls['/cgi-bin/user/get']).toBe(2);
	expect(sim.calls['/cgi-bin/user/info/batchget']).toBe(124);
	expect(output.at(-1)!.json).toMatchObject({ nextOpenId: sim.person(12_344).oaOpenId, hasMore: true });
});

test('Limit 10 without user info: one call', async () => {
	sim.seedFollowers(25_000);
	const output = await getFollowers({ returnAll: false, limit: 10, includeUserInfo: false });
	expect(output.map((o) => o.json.openid)).toEqual(Array.from({ length: 10 }, (_, i) => sim.person(i).oaOpenId));
	expect(sim.calls['/cgi-bin/user/get']).toBe(1);
	expect(sim.calls['/cgi-bin/user/info/batchget']).toBeUndefined();
});

test('a sync in slices resumes from next_openid and covers every follower exactly once', async () => {
	sim.seedFollowers(25_000, { unionIdEvery: 2 });
	const seen: string[] = [];
	let cursor = '';
	let runs = 0;
	for (;;) {
		runs++;
		const output = await getFollowers({ returnAll: false, limit: 10_000, includeUserInfo: false, options: { startAfter: cursor } });
		seen.push(...output.map((o) => String(o.json.openid)));
		const last = output.at(-1)!.json;
		cursor = String(last.nextOpenId);
		if (!last.hasMore) break;
	}
	expect(runs).toBe(3);
	expect(seen).toEqual(Array.from({ length: 25_000 }, (_, i) => sim.person(i).oaOpenId));
	expect(cursor).toBe('');
	// Pages of 10,000 = slices of 10,000: one call per run.
	expect(sim.calls['/cgi-bin/user/get']).toBe(3);
});

test('group output: items of up to N followers with their cursor', async () => {
	sim.seedFollowers(2_345, { unionIdEvery: 2 });
	const output = await getFollowers({ outputMode: 'group', followersPerItem: 1_000 });
	expect(output.map((o) => o.json.count)).toEqual([1_000, 1_000, 345]);
	expect(output.map((o) => o.json.hasMore)).toEqual([true, true, false]);
	expect(output[0].json.nextOpenId).toBe(sim.person(999).oaOpenId);
	const last = output[2].json.followers as IDataObject[];
	expect(last.at(-1)).toMatchObject({ openid: sim.person(2_344).oaOpenId, unionid: sim.person(2_344).unionId });
	expect(sim.calls['/cgi-bin/user/info/batchget']).toBe(24);
});

test('a token invalidated in the middle of the sync costs one refresh and no follower', async () => {
	sim.seedFollowers(5_000, { unionIdEvery: 1 });
	sim.fault({ type: 'invalidateTokens', path: '/cgi-bin/user/info/batchget', after: 20, times: 1 });
	const output = await getFollowers({ options: { concurrency: 1 } });
	expect(output).toHaveLength(5_000);
	expect(output.every((o) => typeof o.json.unionid === 'string')).toBe(true);
	// 50 batchget + the one replayed after the refresh.
	expect(sim.calls['/cgi-bin/user/info/batchget']).toBe(51);
});
