/**
 * Send Template Message against the WeChat simulator over real HTTP (n8n-faithful context, real axios):
 * outcomes checked against the simulator's own delivery records, a token invalidated mid-batch, a
 * connection dropped after WeChat accepted, and a whole batch run twice.
 */
import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions, INodeExecutionData } from 'n8n-workflow';

import { SendTemplateMessage } from '../../../helpers/appNodes';
import { CredentialStore, executeContext, simulatorStore } from '../../../helpers/n8nContext';
import { FAST_RETRIES, useSimulator } from '../../../helpers/simulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEFAULT_APPS } = require('../../../../tools/simulator');

const sim = useSimulator({ followers: 900 });

const oaStore = () => simulatorStore(sim, { oa: DEFAULT_APPS.oa });

/** Items as a CRM would send them: openid + order; parameters read them like n8n expressions would. */
function orderItems(n: number, openidOf: (i: number) => string = (i) => sim.person(i).oaOpenId): IDataObject[] {
	return Array.from({ length: n }, (_, i) => ({ openid: openidOf(i), order: `SO-${10000 + i}`, item: `Coffee ${i}`, amount: `¥${i}.00` }));
}

function parametersFor(items: IDataObject[], extra: Record<string, unknown> = {}) {
	return (name: string, i: number) => {
		const item = items[i];
		const base: Record<string, unknown> = {
			touser: item.openid,
			template: { __rl: true, mode: 'list', value: 'TPL_PAYMENT' },
			dataMode: 'keyValue',
			data: {
				values: [
					{ key: 'thing1', value: item.item },
					{ key: 'amount2', value: item.amount, color: '#173177' },
					{ key: 'time3', value: '2024-05-01 10:00' },
					{ key: 'character_string4', value: item.order },
				],
			},
			url: `https://shop.example.com/orders/${item.order}`,
			miniProgram: {},
			options: { concurrency: 10 },
			...extra,
		};
		return base[name];
	};
}

async function run(store: CredentialStore, items: IDataObject[], extra: Record<string, unknown> = {}, continueOnFail = false) {
	const ctx = executeContext({ store, items, parameters: parametersFor(items, extra), continueOnFail, retryDelaysMs: FAST_RETRIES });
	const out = await new SendTemplateMessage().execute.call(ctx as IExecuteFunctions);
	return out[0];
}

const count = (out: INodeExecutionData[], outcome: string) => out.filter((o) => o.json.outcome === outcome).length;

test('1,000 recipients: followers sent, non-followers notFollowing, Mini Program openids invalidOpenid, one token fetch', async () => {
	// 0..899 follow; 900..979 do not; 980..999 are given their Mini Program openid by mistake.
	const items = orderItems(1000, (i) => (i < 980 ? sim.person(i).oaOpenId : sim.person(i).mpOpenId));
	const started = Date.now();
	const out = await run(oaStore(), items);
	const ms = Date.now() - started;

	expect(out).toHaveLength(1000);
	out.forEach((o, i) => {
		expect(o.pairedItem).toEqual({ item: i });
		expect(o.json.touser).toBe(items[i].openid);
	});
	expect(count(out, 'sent')).toBe(900);
	expect(count(out, 'notFollowing')).toBe(80);
	expect(count(out, 'invalidOpenid')).toBe(20);

	// The simulator's own records agree: one delivery per follower, the msgid we report.
	expect(sim.templateDeliveries).toHaveLength(900);
	expect(new Set(sim.templateDeliveries.map((d: IDataObject) => d.touser)).size).toBe(900);
	const msgidByUser = new Map(sim.templateDeliveries.map((d: IDataObject) => [d.touser, d.msgid]));
	for (const o of out.filter((x) => x.json.outcome === 'sent')) expect(o.json.msgid).toBe(msgidByUser.get(o.json.touser));
	const d0 = sim.templateDeliveries.find((d: IDataObject) => d.touser === items[0].openid);
	expect(d0).toMatchObject({ template_id: 'TPL_PAYMENT', url: 'https://shop.example.com/orders/SO-10000', client_msg_id: out[0].json.clientMsgId });
	expect(d0.data.amount2).toEqual({ value: '¥0.00', color: '#173177' });

	expect(sim.calls['/cgi-bin/message/template/send']).toBe(1000);
	expect(sim.calls['/cgi-bin/template/get_all_private_template']).toBe(1);
	expect(sim.tokenFetches()).toBe(1);
	// eslint-disable-next-line no-console
	console.log(`template: 1,000 sends over loopback in ${ms} ms (concurrency 10)`);
});

test('a token invalidated in the middle of the batch: every message still delivered exactly once', async () => {
	const items = orderItems(600);
	sim.fault({ type: 'invalidateTokens', path: '/cgi-bin/message/template/send', after: 250, times: 1 });
	const out = await run(oaStore(), items);
	expect(count(out, 'sent')).toBe(600);
	expect(sim.templateDeliveries).toHaveLength(600);
	expect(new Set(sim.templateDeliveries.map((d: IDataObject) => d.touser)).size).toBe(600);
	expect(sim.tokenFetches()).toBe(2);
});

test('a connection dropped after WeChat accepted: the retry is deduplicated by client_msg_id, one delivery', async () => {
	const items = orderItems(1);
	sim.fault({ type: 'drop', when: 'after', path: '/cgi-bin/message/template/send', times: 1 });
	const out = await run(oaStore(), items);
	expect(sim.calls['/cgi-bin/message/template/send']).toBe(2);
	expect(sim.templateDeliveries).toHaveLength(1);
	expect(out[0].json).toMatchObject({ outcome: 'sent', msgid: sim.templateDeliveries[0].msgid });
});

test('dropped connections in a batch of 200: each message delivered once', async () => {
	const items = orderItems(200);
	sim.fault({ type: 'drop', when: 'after', path: '/cgi-bin/message/template/send', after: 20, times: 15 });
	const out = await run(oaStore(), items);
	expect(count(out, 'sent')).toBe(200);
	expect(sim.calls['/cgi-bin/message/template/send']).toBe(215);
	expect(sim.templateDeliveries).toHaveLength(200);
});

test('running the same batch again (a retried execution) delivers nothing new', async () => {
	const items = orderItems(100);
	const store = oaStore();
	const first = await run(store, items);
	const second = await run(store, items);
	expect(sim.templateDeliveries).toHaveLength(100);
	expect(second.map((o) => o.json.msgid)).toEqual(first.map((o) => o.json.msgid));
	expect(count(second, 'sent')).toBe(100);
});

test('a template that does not exist stops the node before any send', async () => {
	const items = orderItems(5);
	await expect(run(oaStore(), items, { template: { __rl: true, mode: 'id', value: 'TPL_GONE' } })).rejects.toThrow(
		/Template "TPL_GONE" does not exist/,
	);
	expect(sim.calls['/cgi-bin/message/template/send']).toBeUndefined();
});

test('47003 from WeChat (a required keyword left out) stops the node and keeps WeChat\'s message', async () => {
	const items = orderItems(3);
	const error = await run(oaStore(), items, {
		template: { __rl: true, mode: 'list', value: 'TPL_ORDER_SHIPPED' },
		data: { values: [{ key: 'keyword1', value: 'SO-1' }] },
		options: { concurrency: 1 },
	}).catch((e) => e);
	expect(error.message).toMatch(/template data is not valid/);
	expect(error.description).toMatch(/data\.keyword2\.value is empty/);
	expect(sim.templateDeliveries).toHaveLength(0);
	expect(sim.calls['/cgi-bin/message/template/send']).toBe(1);
});

test('with Continue On Fail, 48001 (wrong account type) becomes each item\'s error', async () => {
	const items = orderItems(3);
	const store = new CredentialStore();
	// A Mini Program credential behind the Official Account credential type: WeChat answers 48001.
	store.set('weChatOfficialAccountApi', { appId: DEFAULT_APPS.mp.appId, appSecret: DEFAULT_APPS.mp.secret, tokenSource: 'stable', baseUrl: sim.url });
	const out = await run(store, items, {}, true);
	expect(out.map((o) => o.json.errcode)).toEqual([48001, 48001, 48001]);
	expect(String(out[0].json.error)).toMatch(/not authorized/);
});

test('under dropped connections, -1 and 45011 every outcome says what WeChat did: sent once, failed never, unknown at most once', async () => {
	const items = orderItems(500);
	const path = '/cgi-bin/message/template/send';
	sim.fault({ type: 'drop', when: 'after', path, after: 50, times: 30 });
	sim.fault({ type: 'errcode', errcode: -1, path, after: 200, times: 30 });
	sim.fault({ type: 'errcode', errcode: 45011, path, after: 350, times: 30 });
	// One at a time, so that a fault's 30 requests are the 4 attempts of consecutive items.
	const out = await run(oaStore(), items, { options: { concurrency: 1 } });

	const deliveries = new Map<string, number>();
	for (const d of sim.templateDeliveries as IDataObject[]) deliveries.set(String(d.touser), (deliveries.get(String(d.touser)) ?? 0) + 1);
	const mislabelled = out.filter(({ json }) => {
		const delivered = deliveries.get(String(json.touser)) ?? 0;
		if (json.outcome === 'sent') return delivered !== 1;
		if (json.outcome === 'failed') return delivered !== 0;
		if (json.outcome === 'unknown') return delivered > 1 || !json.resendSafeUntil;
		return true;
	});
	expect(mislabelled.map((o) => o.json)).toEqual([]);
	expect([...deliveries.values()].every((n) => n === 1)).toBe(true);
	// Each kind of fault shows up: unknown where WeChat may have acted (drops, -1), failed where it did not (45011).
	expect(count(out, 'unknown')).toBeGreaterThan(0);
	expect(count(out, 'failed')).toBeGreaterThan(0);
	expect(count(out, 'sent') + count(out, 'unknown') + count(out, 'failed')).toBe(500);
	console.log(`faults in 500 sends: ${count(out, 'sent')} sent, ${count(out, 'unknown')} unknown, ${count(out, 'failed')} failed, 0 mislabelled`);
});

test('listSearch loads the templates over HTTP', async () => {
	const node = new SendTemplateMessage();
	const ctx = executeContext({ store: oaStore(), parameters: {} });
	const result = await node.methods.listSearch.searchTemplateMessageTemplates.call(ctx as ILoadOptionsFunctions);
	expect(result.results.map((r) => r.value)).toEqual(['TPL_ORDER_SHIPPED', 'TPL_PAYMENT']);
	expect(result.results[1].name).toBe('Payment received (thing1, amount2, time3, character_string4)');
});
