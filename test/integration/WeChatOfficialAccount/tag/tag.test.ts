/**
 * Tag actions against the WeChat simulator over real HTTP: create/list/rename/delete with WeChat's limits,
 * Add/Remove Followers in ceil(N/50) calls with one outcome per follower in input order (a bad OpenID in a
 * chunk costs that follower only), Get Followers of a tag and Get Many Followers' Tag option paged by
 * next_openid, and bad input refused before any call.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { GetManyFollowers, TagAction } from '../../../helpers/appNodes';
import { executeContext, simulatorStore } from '../../../helpers/n8nContext';
import { FAST_RETRIES, useSimulator } from '../../../helpers/simulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEFAULT_APPS } = require('../../../../tools/simulator');

const sim = useSimulator({ followers: 30_000 });
const OA = DEFAULT_APPS.oa.appId;

async function run(
	operation: string,
	parameters: Record<string, unknown> | ((name: string, i: number) => unknown),
	items: IDataObject[] = [{}],
	continueOnFail = false,
): Promise<INodeExecutionData[]> {
	const ctx = executeContext({ store: simulatorStore(sim, { oa: DEFAULT_APPS.oa }), items, parameters, continueOnFail, retryDelaysMs: FAST_RETRIES });
	const Action = TagAction(operation);
	const [output] = await new Action().execute.call(ctx as IExecuteFunctions);
	return output;
}

const rl = (id: number | string) => ({ __rl: true, mode: 'id', value: String(id) });
const apiCalls = () => Object.fromEntries(Object.entries(sim.calls as Record<string, number>).filter(([p]) => p !== '/cgi-bin/stable_token'));

async function createTag(name: string): Promise<number> {
	const [created] = await run('create', { name });
	return Number(created.json.id);
}

test('create, get many, rename, delete; WeChat\'s duplicate name and system tag rules explained', async () => {
	const id = await createTag('VIP customers');
	expect(id).toBeGreaterThanOrEqual(100);
	const list = await run('getAll', { returnAll: true });
	expect(list.map((o) => o.json)).toEqual(expect.arrayContaining([{ id, name: 'VIP customers', count: 0 }]));
	expect(await run('getAll', { returnAll: false, limit: 1 })).toHaveLength(1);

	await expect(run('create', { name: 'VIP customers' })).rejects.toThrow('The tag name is not valid or another tag already has it');
	expect((await run('update', { tag: rl(id), name: 'VIP' }))[0].json).toEqual({ id, name: 'VIP', success: true });
	expect(sim.tagsOf(OA)[0].name).toBe('VIP');
	expect((await run('delete', { tag: rl(id) }))[0].json).toEqual({ id, deleted: true });
	await expect(run('delete', { tag: rl(id) })).rejects.toThrow('The tag does not exist in this account');
	expect(sim.tagsOf(OA)).toEqual([]);
});

test('bad input: named field, nothing sent', async () => {
	const before = { ...sim.calls };
	await expect(run('create', { name: '这是一个非常非常长的标签名字啊' })).rejects.toThrow(/Name ".*" is too long \(45 bytes\)/);
	await expect(run('create', { name: '  ' })).rejects.toThrow('Name is empty');
	await expect(run('update', { tag: rl(2), name: 'x' })).rejects.toThrow('Tag: 2 is a system tag');
	await expect(run('delete', { tag: rl('abc') })).rejects.toThrow('Tag: "abc" is not a tag ID');
	await expect(run('addFollowers', { tag: { __rl: true, mode: 'list', value: '' }, openid: 'x' })).rejects.toThrow('Tag: no tag is selected');
	// One item of 3 has no OpenID: nothing is tagged.
	const items = [{ openid: sim.person(0).oaOpenId }, { openid: '' }, { openid: sim.person(2).oaOpenId }];
	await expect(run('addFollowers', (name, i) => (name === 'openid' ? items[i].openid : name === 'tag' ? rl(100) : undefined), items)).rejects.toThrow(
		'Follower OpenID is empty',
	);
	expect(sim.calls).toEqual(before);
});

test('Add Followers: 2,520 items in ceil(N/50) = 51 calls, outcome per follower in order; a bad OpenID spoils only itself', async () => {
	const id = await createTag('Newsletter');
	const n = 2520;
	const items = Array.from({ length: n }, (_, i) => ({ openid: i === 7 ? sim.openIdOf(DEFAULT_APPS.mp.appId, 7) : sim.person(i).oaOpenId }));
	const params = (name: string, i: number) => (name === 'openid' ? items[i].openid : name === 'tag' ? rl(id) : name === 'options' ? {} : undefined);
	const output = await run('addFollowers', params, items);
	expect(output).toHaveLength(n);
	output.forEach((o, i) => {
		expect(o.pairedItem).toEqual({ item: i });
		expect(o.json.openid).toBe(items[i].openid);
	});
	expect(output[7].json).toMatchObject({ outcome: 'invalidOpenid', tagId: id, errcode: 49003 });
	expect(output.filter((o) => o.json.outcome === 'tagged')).toHaveLength(n - 1);
	// 51 chunk calls, plus the one-by-one retry of the chunk holding the bad OpenID (50).
	expect(apiCalls()['/cgi-bin/tags/members/batchtagging']).toBe(Math.ceil(n / 50) + 50);
	expect(sim.tagsOf(OA)[0].openids).toHaveLength(n - 1);

	// User info shows the tag; Remove Followers takes it back from the first 100.
	const removed = await run('removeFollowers', (name, i) => (name === 'openid' ? items[i + 200].openid : name === 'tag' ? rl(id) : undefined), items.slice(0, 100));
	expect(removed.every((o) => o.json.outcome === 'untagged')).toBe(true);
	expect(sim.tagsOf(OA)[0].openids).toHaveLength(n - 101);
});

test('Get Followers of a tag and Get Many Followers with the Tag option: paged by next_openid, Return All and Limit', async () => {
	const id = await createTag('Big segment');
	const n = 20_500;
	const items = Array.from({ length: n }, (_, i) => ({ openid: sim.person(i + 3).oaOpenId }));
	const tagged = await run('addFollowers', (name, i) => (name === 'openid' ? items[i].openid : name === 'tag' ? rl(id) : name === 'options' ? { concurrency: 10 } : undefined), items);
	expect(tagged.every((o) => o.json.outcome === 'tagged')).toBe(true);
	expect(apiCalls()['/cgi-bin/tags/members/batchtagging']).toBe(Math.ceil(n / 50));

	const all = await run('getFollowers', { tag: rl(id), returnAll: true, includeUserInfo: false, outputMode: 'follower', options: {} });
	expect(all.map((o) => o.json.openid)).toEqual(items.map((i) => i.openid));
	expect(apiCalls()['/cgi-bin/user/tag/get']).toBe(3);
	expect(all.at(-1)!.json).toMatchObject({ nextOpenId: '', hasMore: false });

	const limited = await run('getFollowers', { tag: rl(id), returnAll: false, limit: 10_001, includeUserInfo: true, outputMode: 'follower', options: {} });
	expect(limited).toHaveLength(10_001);
	expect(limited[0].json).toMatchObject({ openid: items[0].openid, subscribe: 1 });
	expect(limited[0].json.tagid_list).toContain(id);
	expect(limited.at(-1)!.json).toMatchObject({ nextOpenId: items[10_000].openid, hasMore: true });

	const ctx = executeContext({
		store: simulatorStore(sim, { oa: DEFAULT_APPS.oa }),
		parameters: { returnAll: true, includeUserInfo: false, outputMode: 'follower', options: { tag: rl(id), startAfter: items[19_999].openid } },
	});
	const [rest] = await new GetManyFollowers().execute.call(ctx as IExecuteFunctions);
	expect(rest.map((o) => o.json.openid)).toEqual(items.slice(20_000).map((i) => i.openid));
}, 60_000);

test('the tag picker lists the account\'s tags with their follower counts, filtered by name or ID', async () => {
	const vip = await createTag('VIP');
	await createTag('Newsletter readers');
	const ctx = executeContext({ store: simulatorStore(sim, { oa: DEFAULT_APPS.oa }), parameters: {} });
	const Action = TagAction('getAll');
	const search = new Action().methods.listSearch.searchTags as unknown as (this: unknown, filter?: string) => Promise<{ results: IDataObject[] }>;
	const all = await search.call(ctx);
	expect(all.results.map((r) => r.name)).toEqual(['星标组 (3000 followers)', 'VIP (0 followers)', 'Newsletter readers (0 followers)']);
	expect((await search.call(ctx, 'vip')).results).toEqual([{ name: 'VIP (0 followers)', value: String(vip), description: `ID ${vip}` }]);
	expect((await search.call(ctx, String(vip))).results).toHaveLength(1);
});

test('WeChat\'s limits: a follower with 20 tags is tooManyTags while the others are tagged; the 101st tag is explained', async () => {
	const ids: number[] = [];
	for (let k = 0; k < 21; k++) ids.push(await createTag(`Limit ${k}`));
	const busy = [{ openid: sim.person(9).oaOpenId }];
	for (const id of ids.slice(0, 20)) await run('addFollowers', (name, i) => (name === 'openid' ? busy[i].openid : name === 'tag' ? rl(id) : undefined), busy);
	const items = [{ openid: sim.person(8).oaOpenId }, ...busy, { openid: sim.person(10).oaOpenId }];
	const out = await run('addFollowers', (name, i) => (name === 'openid' ? items[i].openid : name === 'tag' ? rl(ids[20]) : undefined), items);
	expect(out.map((o) => o.json.outcome)).toEqual(['tagged', 'tooManyTags', 'tagged']);
	expect(out[1].json.reason).toContain('The follower already has the most tags WeChat allows (20)');

	for (let k = 21; k < 100; k++) await createTag(`Limit ${k}`);
	await expect(run('create', { name: 'One too many' })).rejects.toThrow('The account has too many tags');
}, 60_000);
