/**
 * How the send actions report (issue 19 items 3 and 7): outcome and reason first, the input item's fields
 * kept (Include Input Fields, on by default) without replacing ours, n8n's notice on the run when some
 * recipients were not sent, and On Invalid Recipient Data: Stop (default, nothing sent) or Skip (invalidData).
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { SendSubscribeMessage, SendTemplateMessage } from '../../../helpers/appNodes';
import { CredentialStore, executeContext } from '../../../helpers/n8nContext';

let appSeq = 0;

/** A scripted WeChat answering 43004 (OA) / 43101 (MP) for touser "oGone". */
function setup(kind: 'oa' | 'mp', items: IDataObject[], options: IDataObject = {}, extra: IDataObject = {}) {
	const sends: IDataObject[] = [];
	const http = async (o: IHttpRequestOptions) => {
		if (o.url.endsWith('/cgi-bin/stable_token')) return { access_token: 'tok-unit-report', expires_in: 7200 };
		if (o.url.endsWith('/get_all_private_template')) {
			return { template_list: [{ template_id: 'TPL', title: 'Payment', content: '{{thing1.DATA}} {{amount2.DATA}}' }] };
		}
		if (o.url.endsWith('/wxaapi/newtmpl/gettemplate')) {
			return { errcode: 0, data: [{ priTmplId: 'TPL', title: 'Order', content: '{{thing1.DATA}} {{number2.DATA}}', type: 2 }] };
		}
		const body = o.body as IDataObject;
		sends.push(body);
		if (body.touser === 'oGone') return kind === 'oa' ? { errcode: 43004, errmsg: 'require subscribe' } : { errcode: 43101, errmsg: 'user refuse' };
		return { errcode: 0, errmsg: 'ok', msgid: sends.length };
	};
	const store = new CredentialStore();
	const type = kind === 'oa' ? 'weChatOfficialAccountApi' : 'weChatMiniProgramApi';
	store.set(type, { appId: `wxunitrp${String(++appSeq).padStart(8, '0')}`, appSecret: 'unit-secret-rp-0123456789', tokenSource: 'stable', baseUrl: 'http://wechat.test' });
	const parameters = (name: string, i: number) =>
		({
			touser: items[i]?.openid ?? '',
			template: { __rl: true, mode: 'id', value: 'TPL' },
			dataMode: 'json',
			dataJson: JSON.stringify(items[i]?.data ?? (kind === 'oa' ? { thing1: 'Tea', amount2: '¥1' } : { thing1: 'Tea', number2: '1' })),
			url: '',
			miniProgram: {},
			page: '',
			miniprogramState: 'formal',
			lang: 'zh_CN',
			options,
			...extra,
		})[name];
	const ctx = executeContext({ store, items, parameters, http, retryDelaysMs: [1, 1, 1] });
	const node = kind === 'oa' ? new SendTemplateMessage() : new SendSubscribeMessage();
	return { run: async () => (await node.execute.call(ctx as IExecuteFunctions))[0].map((o) => o.json), sends, hints: ctx.hints as IDataObject[] };
}

const customers = [
	{ openid: 'oAlice', name: 'Alice', orderNo: 'SO-1' },
	{ openid: 'oGone', name: 'Bob', orderNo: 'SO-2' },
	{ openid: 'oCarol', name: 'Carol', orderNo: 'SO-3' },
];

describe('outcome first, the input item\'s fields kept', () => {
	test.each(['oa', 'mp'] as const)('%s: outcome and reason are the first fields; the customer\'s name and order follow', async (kind) => {
		const out = await setup(kind, customers).run();
		for (const item of out) expect(Object.keys(item).slice(0, 2)).toEqual(['outcome', 'reason']);
		expect(out[1]).toMatchObject({ outcome: kind === 'oa' ? 'notFollowing' : 'refused', touser: 'oGone', name: 'Bob', orderNo: 'SO-2', openid: 'oGone' });
		expect(out[0]).toMatchObject({ outcome: 'sent', reason: null, name: 'Alice', orderNo: 'SO-1' });
	});

	test('an input field named like ours is replaced by ours (an earlier run\'s outcome never survives)', async () => {
		const items = [{ openid: 'oAlice', outcome: 'unknown', reason: 'old run', errcode: -1, touser: 'stale', name: 'Alice' }];
		const [item] = await setup('oa', items).run();
		expect(item).toMatchObject({ outcome: 'sent', reason: null, errcode: 0, touser: 'oAlice', name: 'Alice' });
	});

	test('Include Input Fields off: only the send\'s own fields', async () => {
		const [item] = await setup('oa', customers.slice(0, 1), { includeInputFields: false }).run();
		expect(item.name).toBeUndefined();
		expect(Object.keys(item)).toEqual(['outcome', 'reason', 'touser', 'templateId', 'clientMsgId', 'msgid', 'errcode', 'errmsg']);
	});
});

describe('unsent recipients are visible on the run', () => {
	test('n8n\'s notice says how many were not sent and why', async () => {
		const t = setup('mp', customers);
		await t.run();
		expect(t.hints).toEqual([
			expect.objectContaining({ type: 'warning', location: 'outputPane', message: expect.stringMatching(/^1 of 3 recipients were not sent \(1 refused\)\. .*outcome/) }),
		]);
	});

	test('no notice when every recipient was sent', async () => {
		const t = setup('oa', [customers[0], customers[2]]);
		await t.run();
		expect(t.hints).toEqual([]);
	});
});

describe('On Invalid Recipient Data', () => {
	const items = [
		{ openid: 'oAlice', name: 'Alice' },
		{ openid: 'oDan', name: 'Dan', data: { thing1: 'x'.repeat(21), number2: '1' } },
		{ openid: '', name: 'Eve' },
		{ openid: 'oCarol', name: 'Carol' },
	];

	test('Stop (default): one recipient\'s bad data stops the batch before any send', async () => {
		const t = setup('mp', items);
		await expect(t.run()).rejects.toThrow(/keyword "thing1" \(type thing\) must be at most 20 characters/);
		expect(t.sends).toHaveLength(0);
	});

	test('Skip: the others are sent; the skipped ones are invalidData with the reason and their input fields', async () => {
		const t = setup('mp', items, { onInvalidData: 'skip' });
		const out = await t.run();
		expect(out.map((o) => [o.name, o.outcome])).toEqual([
			['Alice', 'sent'],
			['Dan', 'invalidData'],
			['Eve', 'invalidData'],
			['Carol', 'sent'],
		]);
		expect(out[1].reason).toMatch(/thing1.*at most 20 characters.*Got "x{21}"/);
		expect(out[2].reason).toMatch(/Recipient OpenID \(touser\) is empty/);
		expect(t.sends.map((b) => b.touser)).toEqual(['oAlice', 'oCarol']);
		expect(t.hints[0].message).toMatch(/^2 of 4 recipients were not sent \(2 invalidData\)/);
	});

	test('Skip: a keyword the template does not have (found by the template check) is invalidData too', async () => {
		const bad = [{ openid: 'oAlice' }, { openid: 'oDan', data: { thing1: 'Tea', colour9: 'red' } }];
		const t = setup('oa', bad, { onInvalidData: 'skip' });
		const out = await t.run();
		expect(out.map((o) => o.outcome)).toEqual(['sent', 'invalidData']);
		expect(out[1].reason).toMatch(/keyword "colour9" is not in template "Payment"/);
	});
});
