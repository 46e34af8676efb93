/**
 * Follower > Block, Unblock, Get Blocked and Update Remark against the WeChat simulator over real HTTP: 20
 * followers per blacklist call, an outcome per follower in input order, the blacklist paged like Get Many
 * Followers, remarks shown in user info; bad input refused before any call.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { FollowerAction } from '../../../helpers/appNodes';
import { executeContext, simulatorStore } from '../../../helpers/n8nContext';
import { FAST_RETRIES, useSimulator } from '../../../helpers/simulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEFAULT_APPS } = require('../../../../tools/simulator');

const sim = useSimulator({ followers: 1000 });
const OA = DEFAULT_APPS.oa.appId;

async function run(operation: string, parameters: (name: string, i: number) => unknown, items: IDataObject[] = [{}]): Promise<INodeExecutionData[]> {
	const ctx = executeContext({ store: simulatorStore(sim, { oa: DEFAULT_APPS.oa }), items, parameters, retryDelaysMs: FAST_RETRIES });
	const Action = FollowerAction(operation);
	const [output] = await new Action().execute.call(ctx as IExecuteFunctions);
	return output;
}

const followers = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ openid: sim.person(from + i).oaOpenId, remark: `Customer ${from + i}` }));
const fromItems = (items: IDataObject[], extra: IDataObject = {}) => (name: string, i: number) => (name in extra ? extra[name] : items[i]?.[name]);

test('Block 45 followers in ceil(45/20) = 3 calls, Get Blocked pages them, Unblock takes 5 back', async () => {
	const items = followers(10, 45);
	const blocked = await run('block', fromItems(items), items);
	expect(blocked.map((o) => o.json.outcome)).toEqual(items.map(() => 'blocked'));
	blocked.forEach((o, i) => expect(o).toMatchObject({ pairedItem: { item: i }, json: { openid: items[i].openid } }));
	expect(sim.calls['/cgi-bin/tags/members/batchblacklist']).toBe(3);
	expect(sim.isBlocked(OA, 10)).toBe(true);

	const list = await run('getBlocked', fromItems([{}], { returnAll: true, includeUserInfo: false, outputMode: 'follower', options: {} }));
	expect(list.map((o) => o.json.openid)).toEqual(items.map((i) => i.openid));
	expect(list.at(-1)!.json).toMatchObject({ hasMore: false, nextOpenId: '' });
	const two = await run('getBlocked', fromItems([{}], { returnAll: false, limit: 2, includeUserInfo: false, outputMode: 'follower', options: {} }));
	expect(two.map((o) => o.json.openid)).toEqual(items.slice(0, 2).map((i) => i.openid));

	const unblocked = await run('unblock', fromItems(items.slice(0, 5)), items.slice(0, 5));
	expect(unblocked.map((o) => o.json.outcome)).toEqual(Array(5).fill('unblocked'));
	expect(sim.isBlocked(OA, 10)).toBe(false);
	expect(sim.isBlocked(OA, 15)).toBe(true);
});

test('Block: an OpenID of another app is that follower\'s invalidOpenid, the others are blocked', async () => {
	const items = [...followers(0, 3), { openid: sim.openIdOf(DEFAULT_APPS.mp.appId, 3) }];
	const out = await run('block', fromItems(items), items);
	expect(out.map((o) => o.json.outcome)).toEqual(['blocked', 'blocked', 'blocked', 'invalidOpenid']);
	expect(out[3].json).toMatchObject({ errcode: 49003 });
});

test('Update Remark: user info shows it; too long or no OpenID refused before any call', async () => {
	const items = followers(20, 3);
	const out = await run('updateRemark', fromItems(items), items);
	expect(out.map((o) => o.json)).toEqual(items.map((i) => ({ openid: i.openid, remark: i.remark, success: true })));
	expect(sim._userInfo(sim.apps.get(OA), 21, items[1].openid).remark).toBe('Customer 21');

	const before = { ...sim.calls };
	await expect(run('updateRemark', fromItems([{ openid: items[0].openid, remark: 'x'.repeat(31) }]))).rejects.toThrow('Remark is too long (31 characters)');
	await expect(run('block', fromItems([{ openid: '' }]))).rejects.toThrow('Follower OpenID is empty');
	expect(sim.calls).toEqual(before);
});
