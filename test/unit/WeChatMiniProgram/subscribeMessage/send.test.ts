/**
 * Send Subscribe Message with a scripted WeChat (no network): every keyword-type rule broken once and
 * refused before any call, truncation, template checks, the refused outcome, and no replay after an
 * unknown outcome.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, ILoadOptionsFunctions, INodeExecutionData } from 'n8n-workflow';

import { SendSubscribeMessage } from '../../../helpers/appNodes';
import { checkKeywordValue, keywordTypeOf, truncateKeywordValue } from '../../../../nodes/wechat/messaging/valueRules';
import { CredentialStore, executeContext, type HttpLogEntry } from '../../../helpers/n8nContext';
import { failureOf } from '../../../helpers/failure';

const TEMPLATES = [
	{ priTmplId: 'SUB_ORDER', title: 'Order status', content: 'Item:{{thing1.DATA}}\nQty:{{number2.DATA}}\nAmount:{{amount3.DATA}}\n', type: 2 },
	{ priTmplId: 'SUB_OTHER', title: 'Reminder', content: 'What:{{thing1.DATA}}\nWhen:{{date2.DATA}}\n', type: 2 },
];

let appSeq = 0;

function setup(options: {
	send?: (body: IDataObject, call: number) => unknown;
	list?: () => unknown;
	items?: IDataObject[];
	parameters: (name: string, i: number) => unknown;
	continueOnFail?: boolean;
}) {
	const log: HttpLogEntry[] = [];
	const sends: IDataObject[] = [];
	const send = options.send ?? ((_b: IDataObject, call: number) => ({ errcode: 0, errmsg: 'ok', msgid: 2000 + call }));
	const http = async (o: IHttpRequestOptions) => {
		if (o.url.endsWith('/cgi-bin/stable_token')) return { access_token: 'tok-unit-mp-abcdefgh', expires_in: 7200 };
		if (o.url.endsWith('/wxaapi/newtmpl/gettemplate')) return options.list ? options.list() : { errcode: 0, errmsg: 'ok', data: TEMPLATES };
		if (o.url.endsWith('/cgi-bin/message/subscribe/send')) {
			sends.push(o.body as IDataObject);
			const answer = send(o.body as IDataObject, sends.length);
			if (answer instanceof Error) throw answer;
			return answer;
		}
		throw new Error(`unexpected ${o.url}`);
	};
	const store = new CredentialStore();
	store.set('weChatMiniProgramApi', {
		appId: `wxunitsub${String(++appSeq).padStart(7, '0')}`,
		appSecret: 'unit-mp-secret-0123456789abcdef',
		tokenSource: 'stable',
		baseUrl: 'http://wechat.test',
	});
	const ctx = executeContext({ store, items: options.items ?? [{}], parameters: options.parameters, continueOnFail: options.continueOnFail, http, httpLog: log, retryDelaysMs: [1, 1, 1] });
	const node = new SendSubscribeMessage();
	return { run: async () => (await node.execute.call(ctx as IExecuteFunctions))[0], sends, log, ctx, node };
}

function params(extra: Record<string, unknown> = {}) {
	return (name: string, i: number) => {
		const base: Record<string, unknown> = {
			touser: `oMP-user-${i}`,
			template: { __rl: true, mode: 'list', value: 'SUB_ORDER' },
			dataMode: 'keyValue',
			data: {
				values: [
					{ key: 'thing1', value: 'Coffee beans' },
					{ key: 'number2', value: '2' },
					{ key: 'amount3', value: '¥128.00' },
				],
			},
			page: '',
			miniprogramState: 'formal',
			lang: 'zh_CN',
			options: {},
			...extra,
		};
		return base[name];
	};
}


const json = (items: INodeExecutionData[]) => items.map((i) => i.json);

describe('keyword value rules (DESIGN.md section 4)', () => {
	test.each([
		['thing1', 'twenty-one characters', /at most 20 characters/],
		['number2', '12a', /digits only/],
		['number2', '1'.repeat(33), /digits only, at most 32/],
		['letter3', 'ABC1', /letters only/],
		['symbol4', '%%%%%%', /symbols only.*at most 5/],
		['symbol4', 'a%', /symbols only/],
		['character_string5', 'SO 10001', /letters, digits and symbols only/],
		['character_string5', 'X'.repeat(33), /at most 32/],
		['time6', '25:00', /24-hour time/],
		['time6', '2024-05-01', /24-hour time/],
		['date7', '2024-13-01', /a date/],
		['date7', '2024-02-30', /a date/],
		['date7', '2024-05-01 ~ 2024-05-02 ~ 2024-05-03', /a date/],
		['amount8', '¥12345678901', /currency sign and at most 10 digits/],
		['amount8', '1,280.00', /currency sign/],
		['phone_number9', '1'.repeat(18), /at most 17 digits/],
		['phone_number9', '138-0000-abcd', /phone symbols/],
		['car_number10', '粤A12345678', /at most 8/],
		['car_number10', 'A粤123', /first and last/],
		['name11', '欧阳娜娜欧阳娜娜欧阳娜', /at most 10 Chinese characters/],
		['name11', 'Alexander Maximilian Smith', /at most 20 letters/],
		['name11', 'R2D2', /at most 20 letters/],
		['phrase12', '已经发货了啊啊', /at most 5 Chinese characters/],
		['phrase12', 'shipped', /at most 5 Chinese characters/],
		['thing1', 'line\nbreak', /^not contain control characters/],
		['thing1', '', /^not be empty$/],
	])('%s = %j is refused (%s)', (key, value, rule) => {
		const problem = checkKeywordValue(key, value);
		expect(problem).toBeDefined();
		expect(problem?.type).toBe(keywordTypeOf(key));
		expect(problem?.requirement).toMatch(rule);
	});

	test.each([
		['thing1', 'Coffee beans 1kg, two bags'.slice(0, 20)],
		['thing1', '咖啡豆两袋已经由顺丰快递发出请注意查收啊'],
		['number2', '12.50'],
		['letter3', 'ABCdef'],
		['symbol4', '%'],
		['character_string5', 'SO-10001_A#2'],
		['time6', '15:01'],
		['time6', '2024年5月1日 15:01'],
		['time6', '2024-05-01 10:00 ~ 2024-05-01 12:00:30'],
		['date7', '2024年5月1日'],
		['date7', '2024/5/1 ~ 2024/5/3'],
		['date7', '2024-02-29 08:00'],
		['amount8', '¥128.00'],
		['amount8', '128元'],
		['amount8', '$5'],
		['phone_number9', '+86-0766-66888866'],
		['car_number10', '粤A8Z888'],
		['car_number10', 'A8Z888警'],
		['name11', '张三'],
		['name11', "Jean-Luc O'Neil"],
		['phrase12', '已发货'],
		['enum13', 'anything goes'],
	])('%s = %j is accepted', (key, value) => {
		expect(checkKeywordValue(key, value)).toBeUndefined();
	});

	test('the type is the name without its number', () => {
		expect(keywordTypeOf('thing1')).toBe('thing');
		expect(keywordTypeOf('character_string12')).toBe('character_string');
		expect(keywordTypeOf('phone_number5')).toBe('phone_number');
		expect(keywordTypeOf('custom')).toBe('custom');
	});

	test('truncation cuts thing and name only', () => {
		expect(truncateKeywordValue('thing1', 'a'.repeat(30))).toBe(`${'a'.repeat(19)}…`);
		expect(Array.from(truncateKeywordValue('thing1', '咖'.repeat(30)))).toHaveLength(20);
		expect(truncateKeywordValue('name3', '欧阳娜娜欧阳娜娜欧阳娜娜')).toBe('欧阳娜娜欧阳娜娜欧阳');
		expect(truncateKeywordValue('name3', 'Alexander Maximilian Smith')).toBe('Alexander Maximilian');
		expect(truncateKeywordValue('character_string4', 'X'.repeat(40))).toBe('X'.repeat(40));
	});
});

describe('the node', () => {
	test('sends touser, template, data, page, state and language; outputs one outcome per item in order', async () => {
		const items = [{}, {}, {}];
		const t = setup({ items, parameters: params({ page: '/pages/order?id=1', miniprogramState: 'trial', lang: 'en_US' }) });
		const out = await t.run();
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(json(out).map((o) => o.outcome)).toEqual(['sent', 'sent', 'sent']);
		expect(out[0].json).toMatchObject({ touser: 'oMP-user-0', templateId: 'SUB_ORDER', errcode: 0, reason: null });
		expect(t.sends.find((b) => b.touser === 'oMP-user-0')).toEqual({
			touser: 'oMP-user-0',
			template_id: 'SUB_ORDER',
			page: 'pages/order?id=1',
			miniprogram_state: 'trial',
			lang: 'en_US',
			data: { thing1: { value: 'Coffee beans' }, number2: { value: '2' }, amount3: { value: '¥128.00' } },
		});
	});

	test('43101 (refused or no quota) is outcome refused, not a failure', async () => {
		const items = [{}, {}];
		const t = setup({
			items,
			parameters: params(),
			send: (body) => (body.touser === 'oMP-user-1' ? { errcode: 43101, errmsg: 'user refuse to accept the msg rid: 9' } : { errcode: 0, msgid: 3 }),
		});
		const out = json(await t.run());
		expect(out[0].outcome).toBe('sent');
		expect(out[1]).toMatchObject({ outcome: 'refused', errcode: 43101, errmsg: 'user refuse to accept the msg rid: 9', msgid: null });
		expect(out[1].reason).toMatch(/has not accepted this subscribe message/);
	});

	test('a dropped connection is not replayed (WeChat does not deduplicate): outcome unknown, saying it may have been delivered', async () => {
		const t = setup({ parameters: params(), send: () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
		const out = json(await t.run());
		expect(t.sends).toHaveLength(1);
		expect(out[0]).toMatchObject({ outcome: 'unknown', errcode: null, resendSafeUntil: null });
		expect(out[0].reason).toMatch(/Could not reach WeChat.*may or may not have been carried out.*sending it again could deliver it twice/s);
	});

	test('45011 is retried: WeChat did not act on it', async () => {
		const t = setup({ parameters: params(), send: (_b, call) => (call === 1 ? { errcode: 45011, errmsg: 'freq limit' } : { errcode: 0, msgid: 8 }) });
		const out = json(await t.run());
		expect(t.sends).toHaveLength(2);
		expect(out[0]).toMatchObject({ outcome: 'sent', msgid: 8 });
	});

	test('-1 is not replayed for subscribe sends (it may have been delivered)', async () => {
		const t = setup({ parameters: params(), send: () => ({ errcode: -1, errmsg: 'system error' }) });
		const out = json(await t.run());
		expect(t.sends).toHaveLength(1);
		expect(out[0]).toMatchObject({ outcome: 'unknown', errcode: -1, resendSafeUntil: null });
	});

	test('a connection refused before the request left is failed, not unknown: WeChat never saw it', async () => {
		const t = setup({ parameters: params(), send: () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) });
		const out = json(await t.run());
		expect(t.sends).toHaveLength(1);
		expect(out[0]).toMatchObject({ outcome: 'failed', errcode: null });
		expect(out[0]).not.toHaveProperty('resendSafeUntil');
	});

	test('Truncate Long Values cuts a long thing instead of refusing it', async () => {
		const long = 'Premium single-origin coffee beans, 2 x 1kg';
		const t = setup({
			parameters: params({ data: { values: [{ key: 'thing1', value: long }, { key: 'number2', value: '2' }, { key: 'amount3', value: '¥1' }] }, options: { truncate: true } }),
		});
		await t.run();
		expect((t.sends[0].data as IDataObject).thing1).toEqual({ value: `${Array.from(long).slice(0, 19).join('')}…` });
	});

	test('validation works without the template list (type from the keyword name)', async () => {
		const t = setup({ parameters: params({ data: { values: [{ key: 'thing1', value: 'x'.repeat(21) }] } }), list: () => ({ errcode: 48001, errmsg: 'no' }) });
		const error = await failureOf(t.run());
		expect(error.message).toMatch(/keyword "thing1" \(type thing\) must be at most 20 characters/);
		expect(t.sends).toHaveLength(0);
	});

	test('listSearch shows each template with its keywords and their types', async () => {
		const t = setup({ parameters: params() });
		const result = await t.node.methods.listSearch.searchSubscribeMessageTemplates.call(t.ctx as ILoadOptionsFunctions, 'order');
		expect(result.results).toEqual([
			{ name: 'Order status (thing1, number2, amount3)', value: 'SUB_ORDER', description: 'ID SUB_ORDER; thing1: thing, number2: number, amount3: amount' },
		]);
	});
});

describe('bad input is refused before anything is sent', () => {
	async function refused(extra: Record<string, unknown>) {
		const t = setup({ items: [{}, {}], parameters: (name, i) => (i === 1 && name in extra ? extra[name] : params()(name, i)) });
		const error = await failureOf(t.run());
		expect(t.sends).toHaveLength(0);
		expect(error.context.itemIndex).toBe(1);
		return error;
	}
	const withData = (values: IDataObject[]) => ({ data: { values } });
	const orderData = (override: IDataObject) =>
		withData(
			Object.entries({ thing1: 'Coffee', number2: '2', amount3: '¥1', ...override }).map(([key, value]) => ({ key, value })),
		);

	test('missing touser', async () => {
		const error = await refused({ touser: '  ' });
		expect(error.message).toMatch(/Recipient OpenID \(touser\) is empty/);
	});

	test('an over-long thing names the field, the rule and the value', async () => {
		const error = await refused(orderData({ thing1: 'Premium single-origin coffee beans' }));
		expect(error.message).toBe('Data: keyword "thing1" (type thing) must be at most 20 characters');
		expect(error.description).toContain('Got "Premium single-origin coffee beans" (34 characters)');
		expect(error.description).toMatch(/Truncate Long Values/);
	});

	test('a number that is not a number', async () => {
		const error = await refused(orderData({ number2: 'two' }));
		expect(error.message).toMatch(/keyword "number2" \(type number\) must be digits only/);
		expect(error.description).toContain('"two"');
	});

	test('an amount with a thousands separator', async () => {
		const error = await refused(orderData({ amount3: '¥1,280' }));
		expect(error.message).toMatch(/"amount3" \(type amount\)/);
	});

	test('a keyword not in the template', async () => {
		const error = await refused(orderData({ phrase9: '已发货' }));
		expect(error.message).toBe('Data: keyword "phrase9" is not in template "Order status"');
		expect(error.description).toMatch(/thing1, number2, amount3/);
	});

	test('a keyword of the template left out', async () => {
		const error = await refused(withData([{ key: 'thing1', value: 'Coffee' }]));
		expect(error.message).toMatch(/keyword "number2" of template "Order status" has no value/);
	});

	test('a template id that does not exist', async () => {
		const error = await refused({ template: { __rl: true, mode: 'id', value: 'SUB_NOPE' } });
		expect(error.message).toMatch(/Template "SUB_NOPE" does not exist/);
	});

	test('data given as invalid JSON names the field', async () => {
		const error = await refused({ dataMode: 'json', dataJson: '{thing1: "Coffee"}' });
		expect(error.message).toBe('Data (JSON) is not valid JSON');
	});

	test('a JSON value that is a list', async () => {
		const error = await refused({ dataMode: 'json', dataJson: '{"thing1": ["a", "b"], "number2": "1", "amount3": "¥1"}' });
		expect(error.message).toMatch(/keyword "thing1" must be text or a number/);
	});

	test('a color (subscribe messages have none)', async () => {
		const error = await refused({ dataMode: 'json', dataJson: '{"thing1": {"value": "a", "color": "#000000"}, "number2": "1", "amount3": "¥1"}' });
		expect(error.message).toMatch(/subscribe messages have no colors/);
	});

	test('a control character', async () => {
		const error = await refused(orderData({ thing1: 'Coffee\tbeans' }));
		expect(error.message).toBe('Data: keyword "thing1" (type thing) must not contain control characters (line breaks, tabs)');
	});

	test('an empty keyword', async () => {
		const error = await refused(orderData({ number2: '' }));
		expect(error.message).toBe('Data: keyword "number2" (type number) must not be empty');
	});
});
