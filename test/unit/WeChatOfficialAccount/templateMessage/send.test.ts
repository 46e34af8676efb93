/**
 * Send Template Message with a scripted WeChat (no network): what is sent for each item, the derived
 * client_msg_id, per-recipient outcomes versus errors that stop the node, and every bad input refused
 * before the first send.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, ILoadOptionsFunctions, INodeExecutionData } from 'n8n-workflow';

import { SendTemplateMessage } from '../../../helpers/appNodes';
import { templateClientMsgId as deriveClientMsgId } from '../../../../nodes/WeChatOfficialAccount/actions/templateMessage/send.operation';
import { canonicalJson } from '../../../../nodes/wechat/messaging/clientMsgId';
import { BREAKER_THRESHOLD } from '../../../../nodes/wechat/messaging/outcome';
import { CredentialStore, executeContext, type HttpLogEntry } from '../../../helpers/n8nContext';
import { failureOf } from '../../../helpers/failure';

const TEMPLATES = [
	{ template_id: 'TPL_SHIPPED', title: 'Order shipped', content: '{{first.DATA}}\nOrder: {{keyword1.DATA}}\nAt: {{keyword2.DATA}}\n{{remark.DATA}}' },
	{ template_id: 'TPL_PAYMENT', title: 'Payment received', content: 'Item: {{thing1.DATA}}\nAmount: {{amount2.DATA}}' },
];

type SendScript = (body: IDataObject, call: number) => unknown;

let appSeq = 0;

/** A scripted WeChat for one test: tokens, the template list, and template/send answered by `send`. */
function setup(options: {
	send?: SendScript;
	list?: () => unknown;
	items?: IDataObject[];
	parameters: Record<string, unknown> | ((name: string, i: number) => unknown);
	continueOnFail?: boolean;
}) {
	const log: HttpLogEntry[] = [];
	const sends: IDataObject[] = [];
	let inFlight = 0;
	let maxInFlight = 0;
	const send = options.send ?? ((_b: IDataObject, call: number) => ({ errcode: 0, errmsg: 'ok', msgid: 1000 + call }));
	const http = async (o: IHttpRequestOptions) => {
		if (o.url.endsWith('/cgi-bin/stable_token')) return { access_token: 'tok-unit-abcdefgh', expires_in: 7200 };
		if (o.url.endsWith('/cgi-bin/template/get_all_private_template')) {
			return options.list ? options.list() : { template_list: TEMPLATES };
		}
		if (o.url.endsWith('/cgi-bin/message/template/send')) {
			sends.push(o.body as IDataObject);
			inFlight++;
			maxInFlight = Math.max(maxInFlight, inFlight);
			await new Promise((resolve) => setImmediate(resolve));
			inFlight--;
			const answer = send(o.body as IDataObject, sends.length);
			if (answer instanceof Error) throw answer;
			return answer;
		}
		throw new Error(`unexpected ${o.url}`);
	};
	const store = new CredentialStore();
	store.set('weChatOfficialAccountApi', {
		appId: `wxunitsend${String(++appSeq).padStart(6, '0')}`,
		appSecret: 'unit-secret-0123456789abcdef',
		tokenSource: 'stable',
		baseUrl: 'http://wechat.test',
	});
	const ctx = executeContext({
		store,
		items: options.items ?? [{}],
		parameters: options.parameters,
		continueOnFail: options.continueOnFail,
		http,
		httpLog: log,
		retryDelaysMs: FAST_RETRIES,
	});
	const node = new SendTemplateMessage();
	return {
		run: async () => (await node.execute.call(ctx as IExecuteFunctions))[0],
		sends,
		log,
		maxInFlight: () => maxInFlight,
		ctx,
		node,
	};
}

/** Parameters of a typical item: recipient from $json.openid, payment template with two keywords. */
function params(extra: Record<string, unknown> = {}, items: IDataObject[] = [{}]) {
	return (name: string, i: number) => {
		const base: Record<string, unknown> = {
			touser: items[i]?.openid ?? `oOA-follower-${i}`,
			template: { __rl: true, mode: 'list', value: 'TPL_PAYMENT' },
			dataMode: 'keyValue',
			data: {
				values: [
					{ key: 'thing1', value: `Coffee ${i}`, color: '' },
					{ key: 'amount2', value: '¥128.00', color: '#173177' },
				],
			},
			url: '',
			miniProgram: {},
			options: {},
			...extra,
		};
		return base[name];
	};
}


const json = (items: INodeExecutionData[]) => items.map((i) => i.json);

/** The transport's back-off waits in these tests: retries in milliseconds. */
const FAST_RETRIES = [1, 1, 1];

describe('what is sent', () => {
	test('one message per item, output in input order with pairedItem and a 32-character client_msg_id', async () => {
		const items = Array.from({ length: 25 }, (_, i) => ({ openid: `oOA-${i}` }));
		const t = setup({ items, parameters: params({}, items) });
		const out = await t.run();
		expect(out).toHaveLength(25);
		out.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json).toMatchObject({ touser: `oOA-${i}`, templateId: 'TPL_PAYMENT', outcome: 'sent', errcode: 0, reason: null });
			expect(item.json.clientMsgId).toMatch(/^[0-9a-f]{32}$/);
		});
		expect(t.sends).toHaveLength(25);
		expect(t.sends[0]).toEqual({
			touser: 'oOA-0',
			template_id: 'TPL_PAYMENT',
			data: { thing1: { value: 'Coffee 0' }, amount2: { value: '¥128.00', color: '#173177' } },
			client_msg_id: out[0].json.clientMsgId,
		});
		// Every send carries the body the output names.
		expect(new Set(t.sends.map((b) => b.client_msg_id)).size).toBe(25);
	});

	test('URL and Mini Program are both sent (WeChat opens the Mini Program, the URL is the fallback)', async () => {
		const t = setup({
			parameters: params({
				url: 'https://shop.example.com/o/1',
				miniProgram: { target: { appid: 'wxmini0000000001', pagepath: '/pages/o?id=1' } },
			}),
		});
		await t.run();
		expect(t.sends[0]).toMatchObject({
			url: 'https://shop.example.com/o/1',
			miniprogram: { appid: 'wxmini0000000001', pagepath: 'pages/o?id=1' },
		});
	});

	test('data given as JSON, with plain values and {value, color}', async () => {
		const t = setup({
			parameters: params({ dataMode: 'json', dataJson: '{"thing1": "Tea", "amount2": {"value": 12.5, "color": "#FF0000"}}' }),
		});
		await t.run();
		expect(t.sends[0].data).toEqual({ thing1: { value: 'Tea' }, amount2: { value: '12.5', color: '#FF0000' } });
	});

	test('at most Concurrency sends are in flight', async () => {
		const items = Array.from({ length: 40 }, (_, i) => ({ openid: `oOA-${i}` }));
		const t = setup({ items, parameters: params({ options: { concurrency: 3 } }, items) });
		await t.run();
		expect(t.maxInFlight()).toBe(3);
	});

	test('the template list is read once per batch and checks every item before the first send', async () => {
		const items = Array.from({ length: 10 }, (_, i) => ({ openid: `oOA-${i}` }));
		const t = setup({ items, parameters: params({}, items) });
		await t.run();
		expect(t.log.filter((e) => e.url.endsWith('get_all_private_template'))).toHaveLength(1);
		const firstSend = t.log.findIndex((e) => e.url.endsWith('/template/send'));
		expect(t.log.findIndex((e) => e.url.endsWith('get_all_private_template'))).toBeLessThan(firstSend);
	});
});

describe('client_msg_id', () => {
	const message = {
		touser: 'oOA-1',
		template_id: 'TPL_PAYMENT',
		data: { thing1: { value: 'Tea' }, amount2: { value: '¥1', color: '#000000' } },
		url: 'https://x.example/1',
	};

	test('is the same for the same content, whatever the key order', () => {
		const reordered = {
			url: 'https://x.example/1',
			data: { amount2: { color: '#000000', value: '¥1' }, thing1: { value: 'Tea' } },
			template_id: 'TPL_PAYMENT',
			touser: 'oOA-1',
		};
		expect(deriveClientMsgId(reordered)).toBe(deriveClientMsgId(message));
		expect(canonicalJson(reordered.data)).toBe(canonicalJson(message.data));
	});

	test.each([
		['recipient', { touser: 'oOA-2' }],
		['template', { template_id: 'TPL_SHIPPED' }],
		['a value', { data: { thing1: { value: 'Coffee' }, amount2: { value: '¥1', color: '#000000' } } }],
		['a color', { data: { thing1: { value: 'Tea' }, amount2: { value: '¥1', color: '#FFFFFF' } } }],
		['the URL', { url: 'https://x.example/2' }],
		['the Mini Program', { miniprogram: { appid: 'wxmini' } }],
	])('changes with %s', (_what, change) => {
		expect(deriveClientMsgId({ ...message, ...change })).not.toBe(deriveClientMsgId(message));
	});

	test('is stable across executions: running the same items again sends the same ids', async () => {
		const first = setup({ parameters: params() });
		const second = setup({ parameters: params() });
		await first.run();
		await second.run();
		expect(second.sends[0].client_msg_id).toBe(first.sends[0].client_msg_id);
	});

	test('a given ID is sent as typed; one longer than 32 characters is replaced by its SHA-1', async () => {
		const items = [{ openid: 'oOA-a' }, { openid: 'oOA-b' }];
		const ids = ['order-10001', 'order-'.padEnd(60, 'x')];
		const t = setup({ items, parameters: (name, i) => (name === 'options' ? { clientMsgId: ids[i] } : params({}, items)(name, i)) });
		const out = await t.run();
		expect(t.sends.map((b) => b.client_msg_id)).toEqual(out.map((o) => o.json.clientMsgId));
		expect(t.sends.find((b) => b.touser === 'oOA-a')?.client_msg_id).toBe('order-10001');
		expect(t.sends.find((b) => b.touser === 'oOA-b')?.client_msg_id).toMatch(/^[0-9a-f]{32}$/);
	});

	test('a dropped connection is retried with the same client_msg_id (WeChat deduplicates it)', async () => {
		const t = setup({
			parameters: params(),
			send: (_b, call) => (call === 1 ? Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) : { errcode: 0, errmsg: 'ok', msgid: 77 }),
		});
		const out = await t.run();
		expect(t.sends).toHaveLength(2);
		expect(t.sends[1].client_msg_id).toBe(t.sends[0].client_msg_id);
		expect(out[0].json).toMatchObject({ outcome: 'sent', msgid: 77 });
	});
});

describe('outcomes', () => {
	test('recipient outcomes are output items and do not stop the batch', async () => {
		const items = ['ok', 'nofollow', 'badid', 'ok2'].map((openid) => ({ openid }));
		const t = setup({
			items,
			parameters: params({}, items),
			send: (body) =>
				body.touser === 'nofollow'
					? { errcode: 43004, errmsg: 'require subscribe rid: 1' }
					: body.touser === 'badid'
						? { errcode: 40003, errmsg: 'invalid openid rid: 2' }
						: { errcode: 0, errmsg: 'ok', msgid: 5 },
		});
		const out = json(await t.run());
		expect(out.map((o) => o.outcome)).toEqual(['sent', 'notFollowing', 'invalidOpenid', 'sent']);
		expect(out[1]).toMatchObject({ touser: 'nofollow', msgid: null, errcode: 43004, errmsg: 'require subscribe rid: 1' });
		expect(out[1].reason).toMatch(/does not follow the Official Account.*43004: require subscribe/);
		expect(out[2].reason).toMatch(/OpenID is not valid/);
	});

	test('a blacklisted recipient (43019) is that recipient\'s failure, not a stop', async () => {
		const items = [{ openid: 'blocked' }, { openid: 'fine' }];
		const t = setup({
			items,
			parameters: params({}, items),
			send: (body) => (body.touser === 'blocked' ? { errcode: 43019, errmsg: 'require remove blacklist' } : { errcode: 0, msgid: 4 }),
		});
		const out = json(await t.run());
		expect(out[0]).toMatchObject({ outcome: 'failed', errcode: 43019, errmsg: 'require remove blacklist' });
		expect(out[0].reason).toMatch(/blacklist.*43019: require remove blacklist/);
		expect(out[1].outcome).toBe('sent');
	});

	test.each([
		[40037, 'invalid template_id', /template ID is not valid/],
		[47003, 'argument invalid! data.thing1.value is empty', /template data is not valid/],
		[48001, 'api unauthorized', /not authorized/],
	])('errcode %i stops the node with a clear message', async (errcode, errmsg, message) => {
		const items = Array.from({ length: 5 }, (_, i) => ({ openid: `o${i}` }));
		const t = setup({ items, parameters: params({ options: { concurrency: 1 } }, items), list: () => ({ errcode: 48001, errmsg: 'x' }), send: () => ({ errcode, errmsg }) });
		const error = await failureOf(t.run());
		expect(error.message).toMatch(message);
		expect(error.description).toContain(errmsg);
		expect(t.sends).toHaveLength(1); // nothing more is attempted after a configuration error
	});

	test('with Continue On Fail a configuration error becomes the item\'s error and the others are sent', async () => {
		const items = [{ openid: 'a' }, { openid: 'b' }, { openid: 'c' }];
		const t = setup({
			items,
			continueOnFail: true,
			parameters: params({}, items),
			send: (body) => (body.touser === 'b' ? { errcode: 47003, errmsg: 'argument invalid! data.thing1.value is empty' } : { errcode: 0, msgid: 1 }),
		});
		const out = json(await t.run());
		expect(out[0].outcome).toBe('sent');
		expect(out[1]).toMatchObject({ errcode: 47003 });
		expect(out[1].error).toMatch(/template data is not valid/);
		expect(out[2].outcome).toBe('sent');
	});

	test('WeChat busy (-1) after the retries is outcome unknown (it may have acted), with until when a re-send is safe; the batch goes on', async () => {
		const items = [{ openid: 'a' }, { openid: 'b' }];
		const t = setup({
			items,
			parameters: params({ options: { concurrency: 1 } }, items),
			send: (body) => (body.touser === 'a' ? { errcode: -1, errmsg: 'system error' } : { errcode: 0, msgid: 9 }),
		});
		const out = json(await t.run());
		expect(out[0]).toMatchObject({ outcome: 'unknown', errcode: -1, clientMsgId: t.sends[0].client_msg_id });
		expect(out[0].reason).toMatch(/busy.*WeChat may have delivered it\. Sending it again unchanged \(same client_msg_id\) before .* is safe/s);
		const safeFor = Date.parse(String(out[0].resendSafeUntil)) - Date.now();
		expect(safeFor).toBeGreaterThan(9 * 60_000);
		expect(safeFor).toBeLessThanOrEqual(10 * 60_000);
		expect(out[1]).toMatchObject({ outcome: 'sent', msgid: 9 });
		expect(out[1]).not.toHaveProperty('resendSafeUntil');
		expect(t.sends.filter((b) => b.touser === 'a')).toHaveLength(1 + FAST_RETRIES.length);
	});

	test(`after ${BREAKER_THRESHOLD} failures in a row the rest are reported without being sent`, async () => {
		const items = Array.from({ length: 100 }, (_, i) => ({ openid: `o${i}` }));
		const t = setup({ items, parameters: params({ options: { concurrency: 1 } }, items), send: () => ({ errcode: -1, errmsg: 'system error' }) });
		const out = json(await t.run());
		expect(out).toHaveLength(100);
		// -1 may have been acted on: the 20 tried are unknown; the 80 never sent are failed.
		expect(out.slice(0, BREAKER_THRESHOLD).every((o) => o.outcome === 'unknown')).toBe(true);
		expect(out.slice(BREAKER_THRESHOLD).every((o) => o.outcome === 'failed')).toBe(true);
		expect(new Set(t.sends.map((b) => b.touser)).size).toBe(BREAKER_THRESHOLD);
		expect(out[BREAKER_THRESHOLD].reason).toMatch(/Not sent: the 20 messages before it failed in a row/);
	});
});

describe('bad input is refused before anything is sent', () => {
	async function refused(extra: Record<string, unknown>, list?: () => unknown) {
		const t = setup({ items: [{ openid: 'fine' }, { openid: 'x' }], parameters: (name, i) => (i === 1 && name in extra ? extra[name] : params()(name, i)), list });
		const error = await failureOf(t.run());
		expect(t.sends).toHaveLength(0);
		expect(error.context.itemIndex).toBe(1);
		return error;
	}

	test('missing touser', async () => {
		const error = await refused({ touser: '' });
		expect(error.message).toMatch(/Recipient OpenID \(touser\) is empty/);
	});

	test('data given as invalid JSON names the field', async () => {
		const error = await refused({ dataMode: 'json', dataJson: '{"thing1": "Tea",}' });
		expect(error.message).toBe('Data (JSON) is not valid JSON');
		expect(error.description).toMatch(/JSON|Unexpected/);
	});

	test('JSON that is not an object', async () => {
		const error = await refused({ dataMode: 'json', dataJson: '["Tea"]' });
		expect(error.message).toMatch(/must be a JSON object/);
	});

	test('a keyword not in the template', async () => {
		const error = await refused({ data: { values: [{ key: 'thing9', value: 'x' }] } });
		expect(error.message).toMatch(/keyword "thing9" is not in template "Payment received"/);
		expect(error.description).toMatch(/thing1, amount2/);
	});

	test('a template id that does not exist', async () => {
		const error = await refused({ template: { __rl: true, mode: 'id', value: 'TPL_NOPE' } });
		expect(error.message).toMatch(/Template "TPL_NOPE" does not exist/);
		expect(error.description).toMatch(/TPL_PAYMENT \(Payment received\)/);
	});

	test('a color that is not #RRGGBB', async () => {
		const error = await refused({ data: { values: [{ key: 'thing1', value: 'Tea', color: 'red' }] } });
		expect(error.message).toMatch(/color of keyword "thing1" is not a #RRGGBB color/);
	});

	test('a URL that is not http(s)', async () => {
		const error = await refused({ url: 'shop.example.com/x' });
		expect(error.message).toMatch(/not a valid http\(s\) address/);
	});

	test('with Continue On Fail the bad item is reported and the others are sent', async () => {
		const t = setup({ items: [{}, {}], continueOnFail: true, parameters: (name, i) => (i === 1 && name === 'touser' ? '' : params()(name, i)) });
		const out = json(await t.run());
		expect(out[0].outcome).toBe('sent');
		expect(out[1].error).toMatch(/touser/);
		expect(t.sends).toHaveLength(1);
	});

	test('when the template list cannot be read, the messages are sent unchecked', async () => {
		const t = setup({ parameters: params(), list: () => ({ errcode: 48001, errmsg: 'api unauthorized' }) });
		const out = json(await t.run());
		expect(out[0].outcome).toBe('sent');
	});
});

test('listSearch lists the account\'s templates with their keywords, filtered', async () => {
	const t = setup({ parameters: params() });
	const all = await t.node.methods.listSearch.searchTemplateMessageTemplates.call(t.ctx as ILoadOptionsFunctions);
	expect(all.results).toEqual([
		{ name: 'Order shipped (first, keyword1, keyword2, remark)', value: 'TPL_SHIPPED', description: 'ID TPL_SHIPPED' },
		{ name: 'Payment received (thing1, amount2)', value: 'TPL_PAYMENT', description: 'ID TPL_PAYMENT' },
	]);
	const some = await t.node.methods.listSearch.searchTemplateMessageTemplates.call(t.ctx as ILoadOptionsFunctions, 'pay');
	expect(some.results.map((r) => r.value)).toEqual(['TPL_PAYMENT']);
});
