/**
 * Subscribe Template > * on both app nodes against the simulator over real HTTP: the public library is read
 * once per process (WeChat limits it per day), a template added from the library by its keywords is at once
 * in the send node's picker, delete removes it, bad input is refused before any call.
 */
import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions, INodeExecutionData } from 'n8n-workflow';

import { WeChatMiniProgram } from '../../../../nodes/WeChatMiniProgram/WeChatMiniProgram.node';
import { WeChatOfficialAccount } from '../../../../nodes/WeChatOfficialAccount/WeChatOfficialAccount.node';
import { withAction } from '../../../helpers/appNodes';
import { executeContext, simulatorStore } from '../../../helpers/n8nContext';
import { FAST_RETRIES, useSimulator } from '../../../helpers/simulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEFAULT_APPS } = require('../../../../tools/simulator');

const sim = useSimulator({ followers: 5 });

const APPS = [
	['Mini Program', 'mp', WeChatMiniProgram, 'searchSubscribeMessageTemplates'],
	['Official Account', 'oa', WeChatOfficialAccount, 'searchSubscribeNotificationTemplates'],
] as const;

describe.each(APPS)('%s', (_name, kind, NodeClass, listMethod) => {
	const store = () => simulatorStore(sim, { [kind]: DEFAULT_APPS[kind] });
	let credentials: ReturnType<typeof store>;
	beforeAll(() => {
		credentials = store();
	});
	const run = async (operation: string, parameters: Record<string, unknown>, items: IDataObject[] = [{}]): Promise<IDataObject[]> => {
		const ctx = executeContext({ store: credentials, items, parameters: (name: string) => parameters[name], retryDelaysMs: FAST_RETRIES });
		const out: INodeExecutionData[] = (await new NodeClass().execute.call(withAction(ctx as IExecuteFunctions, 'subscribeTemplate', operation)))[0];
		return out.map((o) => o.json);
	};

	test('categories and keywords come from WeChat once, then from the process cache', async () => {
		const first = await run('getCategories', {});
		expect(first.map((c) => c.id)).toEqual([307, 616, 863]);
		await run('getCategories', {});
		expect(sim.calls['/wxaapi/newtmpl/getcategory']).toBe(1);
		const keywords = await run('getKeywords', { tid: '1101' });
		expect(keywords.map((k) => k.keyword)).toEqual(['thing1', 'amount2', 'time3', 'phrase4']);
		await run('getKeywords', { tid: '1101' });
		expect(sim.calls['/wxaapi/newtmpl/getpubtemplatekeywords']).toBe(1);
	});

	test('Search Public Templates pages through WeChat (30 a call), Limit and Title Contains', async () => {
		const all = await run('searchPublic', { categoryIds: [307, 616, 863], returnAll: true, titleFilter: '' });
		expect(all.map((t) => t.tid)).toEqual([1001, 1002, 1101, 1102, 1301]);
		expect(all.find((t) => t.tid === 1301)).toMatchObject({ kind: 'longTerm', type: 3 });
		expect(await run('searchPublic', { categoryIds: ['616'], returnAll: false, limit: 1, titleFilter: '' })).toHaveLength(1);
		expect((await run('searchPublic', { categoryIds: [307, 616], returnAll: true, titleFilter: 'PAYMENT' })).map((t) => t.tid)).toEqual([1101]);
	});

	test('a template added from the library by its keywords is in the send node\'s picker at once; delete removes it', async () => {
		const node = new NodeClass();
		const lsCtx = executeContext({ store: credentials, parameters: {} }) as unknown as ILoadOptionsFunctions;
		const search = (node.methods.listSearch as unknown as Record<string, (this: ILoadOptionsFunctions, f?: string) => Promise<{ results: IDataObject[] }>>)[listMethod];
		await search.call(lsCtx); // the list is now cached
		const [added] = await run('add', { tid: '1101', keywordIds: [1, 2, 3], sceneDesc: 'Payments' });
		expect(added).toMatchObject({ tid: 1101, kidList: [1, 2, 3], sceneDesc: 'Payments' });
		const picked = (await search.call(lsCtx, 'Payment received')).results;
		expect(picked).toEqual([expect.objectContaining({ value: added.priTmplId, name: 'Payment received (thing1, amount2, time3)' })]);
		const many = await run('getAll', { returnAll: true });
		expect(many.find((t) => t.priTmplId === added.priTmplId)).toMatchObject({ kind: 'oneTime', title: 'Payment received' });
		expect(await run('delete', { template: { __rl: true, mode: 'list', value: added.priTmplId } })).toEqual([{ priTmplId: added.priTmplId, deleted: true }]);
		expect((await search.call(lsCtx, 'Payment received')).results).toHaveLength(0);
	});

	test('the keyword picker lists a public template\'s keywords with their rule', async () => {
		const loaders = new NodeClass().methods.loadOptions as unknown as Record<string, (this: ILoadOptionsFunctions) => Promise<IDataObject[]>>;
		const ctx = { ...executeContext({ store: credentials, parameters: {} }), getCurrentNodeParameter: (n: string) => (n === 'tid' ? '1002' : undefined) };
		const options = await loaders.getPublicTemplateKeywords.call(ctx as unknown as ILoadOptionsFunctions);
		expect(options).toEqual([
			{ name: 'Item (thing1)', value: 1, description: 'thing, e.g. Coffee beans' },
			{ name: 'Delivered at (time2)', value: 2, description: 'time, e.g. 2024-05-02 15:00' },
			{ name: 'Pick-up code (number3)', value: 3, description: 'number, e.g. 4021' },
		]);
	});

	test('bad input is refused before any call: one keyword, a long scene description, a tid that is not a number', async () => {
		await expect(run('add', { tid: '1101', keywordIds: [1], sceneDesc: '' })).rejects.toThrow('Keywords: choose 2 to 5 different keywords (got 1)');
		await expect(run('add', { tid: '1101', keywordIds: [1, 2], sceneDesc: 'A scene description far too long' })).rejects.toThrow(/Scene Description is 32 characters long/);
		await expect(run('getKeywords', { tid: 'abc' })).rejects.toThrow('Public Template ID "abc" is not a number');
		expect(sim.calls['/wxaapi/newtmpl/addtemplate']).toBeUndefined();
	});

	test('WeChat\'s daily limit (45009) and a banned public template (200013) are named', async () => {
		sim.fault({ type: 'errcode', errcode: 45009, path: '/wxaapi/newtmpl/addtemplate', times: 1 });
		await expect(run('add', { tid: '1002', keywordIds: [1, 2], sceneDesc: '' })).rejects.toThrow(/daily quota/);
		sim._bannedTids.add(1102);
		await expect(run('add', { tid: '1102', keywordIds: [1, 2], sceneDesc: '' })).rejects.toThrow('WeChat has banned this public template: it cannot be added');
		sim._bannedTids.delete(1102);
	});
});
