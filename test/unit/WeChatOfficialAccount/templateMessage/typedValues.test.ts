/**
 * Template messages since 2023: category templates type their keywords like subscribe messages, so values
 * are checked with the same rule table (valueRules.ts) before any call; first/remark and colours get a hint.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { SendTemplateMessage } from '../../../helpers/appNodes';
import { CredentialStore, executeContext } from '../../../helpers/n8nContext';
import { failureOf } from '../../../helpers/failure';

const TEMPLATES = [
	{ template_id: 'TPL_SHIPPED', title: 'Order shipped', content: '{{first.DATA}}\nOrder: {{keyword1.DATA}}\n{{remark.DATA}}' },
	{ template_id: 'TPL_PAYMENT', title: 'Payment received', content: 'Item: {{thing1.DATA}}\nAmount: {{amount2.DATA}}\nAt: {{time3.DATA}}' },
];

let seq = 0;

function setup(values: Array<Record<string, string>>, options: IDataObject = {}, template = 'TPL_PAYMENT') {
	const sends: IDataObject[] = [];
	const http = async (o: IHttpRequestOptions) => {
		if (o.url.endsWith('/cgi-bin/stable_token')) return { access_token: 'tok-unit-typed', expires_in: 7200 };
		if (o.url.endsWith('/cgi-bin/template/get_all_private_template')) return { template_list: TEMPLATES };
		if (o.url.endsWith('/cgi-bin/message/template/send')) {
			sends.push(o.body as IDataObject);
			return { errcode: 0, errmsg: 'ok', msgid: sends.length };
		}
		throw new Error(`unexpected ${o.url}`);
	};
	const store = new CredentialStore();
	store.set('weChatOfficialAccountApi', {
		appId: `wxunittyped${String(++seq).padStart(6, '0')}`,
		appSecret: 'unit-secret-0123456789abcdef',
		tokenSource: 'stable',
		baseUrl: 'http://wechat.test',
	});
	const items = values.map((_, i) => ({ openid: `oOA-${i}` }));
	const ctx = executeContext({
		store,
		items,
		http,
		parameters: (name: string, i: number) =>
			({
				touser: `oOA-${i}`,
				template: { __rl: true, mode: 'id', value: template },
				dataMode: 'json',
				dataJson: JSON.stringify(values[i]),
				url: '',
				miniProgram: {},
				options,
			})[name],
	});
	return { run: async () => (await new SendTemplateMessage().execute.call(ctx as IExecuteFunctions))[0], sends, ctx };
}

const good = { thing1: 'Coffee beans', amount2: '¥128.00', time3: '2024-05-01 10:00' };


describe('typed template-message values: the error names keyword, rule and value; nothing is sent', () => {
	test.each([
		['amount2', 'not money', /keyword "amount2" \(type amount\) must be a currency sign and at most 10 digits/],
		['time3', 'tomorrow at noon', /keyword "time3" \(type time\) must be a 24-hour time/],
		['thing1', 'A very long product name over twenty', /keyword "thing1" \(type thing\) must be at most 20 characters/],
	])('%s = %j', async (key, value, rule) => {
		const t = setup([good, { ...good, [key]: value }]);
		const error = await failureOf(t.run());
		expect(error.message).toMatch(rule);
		expect(error.description).toContain(JSON.stringify(value));
		expect(error.description).toContain('47003');
		expect(t.sends).toHaveLength(0);
	});

	test('On Invalid Recipient Data: Skip: that item is invalidData with the reason, the others are sent', async () => {
		const t = setup([good, { ...good, amount2: 'not money' }, good], { onInvalidData: 'skip' });
		const out = (await t.run()).map((i) => i.json);
		expect(out.map((o) => o.outcome)).toEqual(['sent', 'invalidData', 'sent']);
		expect(out[1].reason).toMatch(/amount2.*amount.*"not money"/);
		expect(t.sends).toHaveLength(2);
	});

	test('legacy templates: keywordN are free text, first/remark unchecked; a hint says WeChat shows neither', async () => {
		const long = 'Order SO-10001 with a description much longer than twenty characters';
		const t = setup([{ first: 'Hello', keyword1: long, remark: '' }], {}, 'TPL_SHIPPED');
		const out = (await t.run()).map((i) => i.json);
		expect(out[0].outcome).toBe('sent');
		expect((t.ctx as unknown as { hints: Array<{ message: string }> }).hints.map((h) => h.message).join(' ')).toMatch(
			/no "first" or "remark" keyword and no colours since May 2023: first, remark/,
		);
	});

	test('valid typed values are sent unchanged, no hint', async () => {
		const t = setup([good]);
		const out = (await t.run()).map((i) => i.json);
		expect(out[0].outcome).toBe('sent');
		expect(t.sends[0].data).toEqual({ thing1: { value: 'Coffee beans' }, amount2: { value: '¥128.00' }, time3: { value: '2024-05-01 10:00' } });
		expect((t.ctx as unknown as { hints: unknown[] }).hints).toHaveLength(0);
	});
});
