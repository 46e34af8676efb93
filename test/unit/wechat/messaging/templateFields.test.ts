/**
 * Template keywords laid out by n8n's resource mapper (Specify Data: Map Template Keywords) on both send
 * actions: the fields the editor loads for the selected template (type and rule in the label, no Color),
 * "Map Each Field Manually", "Map Automatically" from item fields of the same name (extra fields ignored,
 * a missing one named), and the version-gated default that keeps older workflows on their Data rows.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, ILoadOptionsFunctions, INodeProperties } from 'n8n-workflow';

import { SendSubscribeMessage, SendTemplateMessage } from '../../../helpers/appNodes';
import { getSubscribeMessageKeywords } from '../../../../nodes/WeChatMiniProgram/methods/resourceMapping';
import { getTemplateMessageKeywords } from '../../../../nodes/WeChatOfficialAccount/methods/resourceMapping';
import { CredentialStore, executeContext } from '../../../helpers/n8nContext';
import { failureOf } from '../../../helpers/failure';

const OA_TEMPLATES = [
	{ template_id: 'TPL_PAYMENT', title: 'Payment received', content: 'Item: {{thing1.DATA}}\nAmount: {{amount2.DATA}}' },
	{ template_id: 'TPL_OLD', title: 'Order shipped', content: '{{first.DATA}}\nOrder: {{keyword1.DATA}}\n{{remark.DATA}}' },
];
const MP_TEMPLATES = [{ priTmplId: 'SUB_ORDER', title: 'Order status', content: 'Item:{{thing1.DATA}}\nQty:{{number2.DATA}}', type: 2 }];

let appSeq = 0;

function setup(kind: 'oa' | 'mp', items: IDataObject[], parameters: Record<string, unknown>) {
	const sends: IDataObject[] = [];
	const http = async (o: IHttpRequestOptions) => {
		if (o.url.endsWith('/cgi-bin/stable_token')) return { access_token: 'tok-unit-keywords', expires_in: 7200 };
		if (o.url.endsWith('/cgi-bin/template/get_all_private_template')) return { template_list: OA_TEMPLATES };
		if (o.url.endsWith('/wxaapi/newtmpl/gettemplate')) return { errcode: 0, errmsg: 'ok', data: MP_TEMPLATES };
		if (/\/message\/(template|subscribe)\/send$/.test(o.url)) {
			sends.push(o.body as IDataObject);
			return { errcode: 0, errmsg: 'ok', msgid: sends.length };
		}
		throw new Error(`unexpected ${o.url}`);
	};
	const store = new CredentialStore();
	const type = kind === 'oa' ? 'weChatOfficialAccountApi' : 'weChatMiniProgramApi';
	store.set(type, { appId: `wxunitkw${String(++appSeq).padStart(8, '0')}`, appSecret: 'unit-secret-kw-0123456789', tokenSource: 'stable', baseUrl: 'http://wechat.test' });
	const base: Record<string, unknown> = {
		touser: 'oUser-1',
		template: { __rl: true, mode: 'list', value: kind === 'oa' ? 'TPL_PAYMENT' : 'SUB_ORDER' },
		url: '',
		miniProgram: {},
		page: '',
		miniprogramState: 'formal',
		lang: 'zh_CN',
		options: {},
		...parameters,
	};
	const ctx = executeContext({ store, items, parameters: (name: string) => base[name], http, retryDelaysMs: [1, 1, 1] });
	const node = kind === 'oa' ? new SendTemplateMessage() : new SendSubscribeMessage();
	return { run: async () => (await node.execute.call(ctx as IExecuteFunctions))[0], sends, ctx, node };
}

const field = (id: string, required = true) => ({ id, displayName: id, required, defaultMatch: false, display: true, type: 'string' });
const mapper = (mappingMode: string, value: IDataObject | null, ids: string[]) => ({
	mappingMode,
	value,
	matchingColumns: [],
	schema: ids.map((id) => field(id)),
	attemptToConvertTypes: false,
	convertFieldsToString: false,
});


describe('the fields the editor lays out for the selected template', () => {
	test('Official Account: one text field per keyword, labelled with its type, first/remark optional, no Color', async () => {
		const t = setup('oa', [{}], { template: { __rl: true, mode: 'list', value: 'TPL_OLD' } });
		const result = await getTemplateMessageKeywords.call(t.ctx as unknown as ILoadOptionsFunctions);
		// n8n shows emptyFieldsNotice whenever no field is laid out (Map Automatically too): none when there are keywords
		expect(result.emptyFieldsNotice).toBeUndefined();
		expect(result.fields.filter((f) => f.display)).toEqual([
			{ id: 'first', displayName: 'first (optional)', required: false, defaultMatch: false, canBeUsedToMatch: false, display: true, type: 'string' },
			{ id: 'keyword1', displayName: 'keyword1 (keyword)', required: true, defaultMatch: false, canBeUsedToMatch: false, display: true, type: 'string' },
			{ id: 'remark', displayName: 'remark (optional)', required: false, defaultMatch: false, canBeUsedToMatch: false, display: true, type: 'string' },
		]);
	});

	test('Mini Program: each field says its type and WeChat\'s limit', async () => {
		const t = setup('mp', [{}], {});
		const result = await getSubscribeMessageKeywords.call(t.ctx as unknown as ILoadOptionsFunctions);
		expect(result.fields.filter((f) => f.display).map((f) => [f.id, f.displayName, f.required])).toEqual([
			['thing1', 'thing1 (thing, at most 20 characters)', true],
			['number2', 'number2 (number, digits, at most 32)', true],
		]);
	});

	test('no template selected, or one the account does not have: no fields and a notice saying what to do', async () => {
		const none = setup('oa', [{}], { template: { __rl: true, mode: 'list', value: '' } });
		const empty = await getTemplateMessageKeywords.call(none.ctx as unknown as ILoadOptionsFunctions);
		expect(empty).toEqual({ fields: [], emptyFieldsNotice: expect.stringMatching(/Pick a template/) });
		const gone = setup('oa', [{}], { template: { __rl: true, mode: 'id', value: 'TPL_GONE' } });
		const missing = await getTemplateMessageKeywords.call(gone.ctx as unknown as ILoadOptionsFunctions);
		expect(missing.emptyFieldsNotice).toMatch(/"TPL_GONE" is not in this account's template list/);
	});
});

describe('sending with the laid-out fields', () => {
	test('Map Each Field Manually: the fields\' values are the keywords (no colour)', async () => {
		const t = setup('oa', [{}], { dataMode: 'mapper', keywords: mapper('defineBelow', { thing1: 'Coffee', amount2: 128 }, ['thing1', 'amount2']) });
		const out = await t.run();
		expect(out[0].json.outcome).toBe('sent');
		expect(t.sends[0].data).toEqual({ thing1: { value: 'Coffee' }, amount2: { value: '128' } });
	});

	test('Map Automatically: each keyword from the item field of the same name; other item fields are ignored', async () => {
		const items = [
			{ thing1: 'Tea', number2: 2, customer: 'Li Lei' },
			{ thing1: 'Cake', number2: '1', orderNo: 'SO-2' },
		];
		const t = setup('mp', items, { dataMode: 'mapper', keywords: mapper('autoMapInputData', null, ['thing1', 'number2']) });
		const out = await t.run();
		expect(out.map((o) => o.json.outcome)).toEqual(['sent', 'sent']);
		expect(t.sends.map((b) => b.data)).toEqual([
			{ thing1: { value: 'Tea' }, number2: { value: '2' } },
			{ thing1: { value: 'Cake' }, number2: { value: '1' } },
		]);
	});

	test('Map Automatically: an item without a keyword\'s field stops the batch before any send, naming the field', async () => {
		const items = [{ thing1: 'Tea', number2: 2 }, { thing1: 'Cake', qty: 1 }];
		const t = setup('mp', items, { dataMode: 'mapper', keywords: mapper('autoMapInputData', null, ['thing1', 'number2']) });
		const error = await failureOf(t.run());
		expect(error.message).toBe('Keywords: the input item has no field "number2"');
		expect(error.description).toMatch(/this item has thing1, qty\. Name a field "number2"/);
		expect(t.sends).toHaveLength(0);
	});

	test('Map Automatically: an optional keyword (first/remark) may be missing', async () => {
		const t = setup('oa', [{ keyword1: 'SO-1' }], {
			template: { __rl: true, mode: 'list', value: 'TPL_OLD' },
			dataMode: 'mapper',
			keywords: { ...mapper('autoMapInputData', null, []), schema: [field('first', false), field('keyword1'), field('remark', false)] },
		});
		await t.run();
		expect(t.sends[0].data).toEqual({ keyword1: { value: 'SO-1' } });
	});

	test('Map Each Field Manually: a required keyword left empty is named', async () => {
		const t = setup('oa', [{}], { dataMode: 'mapper', keywords: mapper('defineBelow', { thing1: 'Coffee', amount2: '' }, ['thing1', 'amount2']) });
		const error = await failureOf(t.run());
		expect(error.message).toBe('Keywords: "amount2" has no value');
	});

	test('subscribe rules still apply to mapped values', async () => {
		const t = setup('mp', [{ thing1: 'x'.repeat(21), number2: 1 }], { dataMode: 'mapper', keywords: mapper('autoMapInputData', null, ['thing1', 'number2']) });
		const error = await failureOf(t.run());
		expect(error.message).toMatch(/keyword "thing1" \(type thing\) must be at most 20 characters/);
	});

	test('fields never loaded (no schema): a clear error, not an empty message', async () => {
		const t = setup('oa', [{}], { dataMode: 'mapper', keywords: { mappingMode: 'defineBelow', value: null } });
		const error = await failureOf(t.run());
		expect(error.message).toMatch(/keyword fields are not loaded/);
	});
});

describe('which mode a node starts with', () => {
	const modes = (properties: INodeProperties[]) =>
		properties.filter((p) => p.name === 'dataMode').map((p) => [p.default, p.displayOptions?.show?.['@version']]);

	test.each([
		['Official Account', new SendTemplateMessage()],
		['Mini Program', new SendSubscribeMessage()],
	])('%s: version 1.1 (new nodes) starts with the template fields; version 1 keeps "Using Fields Below"', (_name, node) => {
		expect(node.description.version).toEqual([1, 1.1]);
		expect(modes(node.description.properties)).toEqual(
			expect.arrayContaining([
				['keyValue', [1]],
				['mapper', [{ _cnd: { gte: 1.1 } }]],
			]),
		);
		const keywords = node.description.properties.find((p) => p.name === 'keywords' && p.type === 'resourceMapper');
		expect(keywords?.typeOptions?.resourceMapper).toMatchObject({ mode: 'add', supportAutoMap: true, addAllFields: true });
	});
});

describe('the subtitle names the selected template (evaluated as n8n\'s editor does)', () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Workflow } = require('n8n-workflow') as typeof import('n8n-workflow');
	function subtitle(nodeClass: typeof SendTemplateMessage | typeof SendSubscribeMessage, parameters: IDataObject): unknown {
		const type = new nodeClass().node;
		const node = { id: 'n', name: 'Send', type: 'x.send', typeVersion: 1.1, position: [0, 0] as [number, number], parameters };
		const nodeTypes = { getByName: () => type, getByNameAndVersion: () => type, getKnownTypes: () => ({}) };
		const workflow = new Workflow({ nodes: [node as never], connections: {}, active: false, nodeTypes: nodeTypes as never });
		return workflow.expression.getSimpleParameterValue(node as never, type.description.subtitle as string, 'internal', {}, undefined, '[empty]');
	}
	const template = { __rl: true, mode: 'list', value: 'TPL_PAYMENT', cachedResultName: 'Payment received (thing1, amount2)' };

	test('the title from the laid-out fields (a hidden schema entry, never sent)', async () => {
		const t = setup('oa', [{}], {});
		const fields = await getTemplateMessageKeywords.call(t.ctx as unknown as ILoadOptionsFunctions);
		expect(fields.fields.find((f) => !f.display)).toMatchObject({ id: '_template', displayName: 'Payment received' });
		const keywords = { mappingMode: 'defineBelow', value: { thing1: 'Tea', amount2: '¥1' }, schema: fields.fields };
		const parameters = { resource: 'templateMessage', operation: 'send', template, dataMode: 'mapper', keywords };
		expect(subtitle(SendTemplateMessage, parameters)).toBe('Send: Payment received');
		const run = setup('oa', [{}], { dataMode: 'mapper', keywords });
		await run.run();
		expect(run.sends[0].data).toEqual({ thing1: { value: 'Tea' }, amount2: { value: '¥1' } });
	});

	test('the template ID when no fields are laid out (Using Fields Below, Using JSON); operation: resource elsewhere', () => {
		expect(subtitle(SendSubscribeMessage, { resource: 'subscribeMessage', operation: 'send', template: { ...template, value: 'SUB_ORDER' }, dataMode: 'json' })).toBe(
			'Send: SUB_ORDER',
		);
		expect(subtitle(SendSubscribeMessage, { resource: 'login', operation: 'exchangeCode' })).toBe('exchangeCode: login');
	});
});
