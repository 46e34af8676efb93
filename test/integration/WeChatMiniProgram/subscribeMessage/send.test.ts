/**
 * Send Subscribe Message against the WeChat simulator over real HTTP: outcomes from the simulator's own
 * quota and delivery records, a token invalidated mid-batch, a connection dropped after WeChat acted
 * (never replayed: subscribe sends are not deduplicated), and values refused before any call.
 */
import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions, INodeExecutionData } from 'n8n-workflow';

import { SendSubscribeMessage } from '../../../helpers/appNodes';
import { executeContext, simulatorStore } from '../../../helpers/n8nContext';
import { FAST_RETRIES, useSimulator } from '../../../helpers/simulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEFAULT_APPS } = require('../../../../tools/simulator');

const sim = useSimulator({ followers: 10 });

const mpStore = () => simulatorStore(sim, { mp: DEFAULT_APPS.mp });

function items(n: number, openidOf: (i: number) => string = (i) => sim.person(i).mpOpenId): IDataObject[] {
	return Array.from({ length: n }, (_, i) => ({ openid: openidOf(i), item: `咖啡豆 ${i}`, qty: String((i % 5) + 1) }));
}

function parametersFor(list: IDataObject[], extra: Record<string, unknown> = {}) {
	return (name: string, i: number) => {
		const item = list[i];
		const base: Record<string, unknown> = {
			touser: item.openid,
			template: { __rl: true, mode: 'list', value: 'SUB_ORDER' },
			dataMode: 'json',
			dataJson: JSON.stringify({ thing1: item.item, number2: item.qty, amount3: '¥128.00', time4: '2024年5月1日 10:00', phrase5: '已发货' }),
			page: 'pages/order/detail?orderNo=1',
			miniprogramState: 'trial',
			lang: 'zh_CN',
			options: { concurrency: 10 },
			...extra,
		};
		return base[name];
	};
}

async function run(list: IDataObject[], extra: Record<string, unknown> = {}) {
	const ctx = executeContext({ store: mpStore(), items: list, parameters: parametersFor(list, extra), retryDelaysMs: FAST_RETRIES });
	return (await new SendSubscribeMessage().execute.call(ctx as IExecuteFunctions))[0];
}

const count = (out: INodeExecutionData[], outcome: string) => out.filter((o) => o.json.outcome === outcome).length;

function grantAll(list: IDataObject[], every: (i: number) => boolean) {
	list.forEach((item, i) => {
		if (every(i)) sim.grantSubscription(item.openid, 'SUB_ORDER', 1);
	});
}

test('1,000 users: those with a subscription get it, the others are refused, Official Account openids are invalid', async () => {
	const list = items(1000, (i) => (i < 990 ? sim.person(i).mpOpenId : sim.person(i).oaOpenId));
	grantAll(list, (i) => i < 990 && i % 4 !== 0);
	const started = Date.now();
	const out = await run(list);
	const ms = Date.now() - started;

	expect(out).toHaveLength(1000);
	out.forEach((o, i) => expect(o).toMatchObject({ pairedItem: { item: i }, json: { touser: list[i].openid } }));
	const granted = list.filter((_, i) => i < 990 && i % 4 !== 0).length;
	expect(count(out, 'sent')).toBe(granted);
	expect(count(out, 'refused')).toBe(990 - granted);
	expect(count(out, 'invalidOpenid')).toBe(10);

	expect(sim.subscribeDeliveries).toHaveLength(granted);
	expect(new Set(sim.subscribeDeliveries.map((d: IDataObject) => d.touser)).size).toBe(granted);
	expect(sim.subscribeDeliveries[0]).toMatchObject({ template_id: 'SUB_ORDER', page: 'pages/order/detail?orderNo=1', miniprogram_state: 'trial', lang: 'zh_CN' });
	expect(sim.calls['/cgi-bin/message/subscribe/send']).toBe(1000);
	expect(sim.calls['/wxaapi/newtmpl/gettemplate']).toBe(1);
	expect(sim.tokenFetches()).toBe(1);
	// eslint-disable-next-line no-console
	console.log(`subscribe: 1,000 sends over loopback in ${ms} ms (concurrency 10)`);
});

test('a token invalidated in the middle of the batch: every message delivered exactly once', async () => {
	const list = items(500);
	grantAll(list, () => true);
	sim.fault({ type: 'invalidateTokens', path: '/cgi-bin/message/subscribe/send', after: 200, times: 1 });
	const out = await run(list);
	expect(count(out, 'sent')).toBe(500);
	expect(sim.subscribeDeliveries).toHaveLength(500);
	expect(new Set(sim.subscribeDeliveries.map((d: IDataObject) => d.touser)).size).toBe(500);
	expect(sim.tokenFetches()).toBe(2);
});

test('a connection dropped after WeChat acted is never replayed: one delivery, outcome unknown with the reason', async () => {
	const list = items(3);
	grantAll(list, () => true);
	sim.grantSubscription(list[1].openid, 'SUB_ORDER', 5); // a replay would be delivered: there is quota
	sim.fault({ type: 'drop', when: 'after', path: '/cgi-bin/message/subscribe/send', after: 1, times: 1 });
	const out = await run(list, { options: { concurrency: 1 } });
	expect(sim.calls['/cgi-bin/message/subscribe/send']).toBe(3);
	expect(sim.subscribeDeliveries).toHaveLength(3);
	expect(out.map((o) => o.json.outcome)).toEqual(['sent', 'unknown', 'sent']);
	expect(out[1].json.reason).toMatch(/may or may not have been carried out, so it was not sent again/);
});

test('45011 (too frequent) is retried: WeChat did not act', async () => {
	const list = items(2);
	grantAll(list, () => true);
	sim.fault({ type: 'errcode', errcode: 45011, path: '/cgi-bin/message/subscribe/send', times: 1 });
	const out = await run(list, { options: { concurrency: 1 } });
	expect(count(out, 'sent')).toBe(2);
	expect(sim.subscribeDeliveries).toHaveLength(2);
});

test('a value breaking its keyword rule stops the node before any call to send', async () => {
	const list = items(50);
	grantAll(list, () => true);
	const error = await run(list, {
		dataJson: JSON.stringify({ thing1: 'x', number2: '1', amount3: '¥128.00', time4: '10:00', phrase5: 'shipped' }),
	}).catch((e) => e);
	expect(error.message).toBe('Data: keyword "phrase5" (type phrase) must be at most 5 Chinese characters');
	expect(sim.calls['/cgi-bin/message/subscribe/send']).toBeUndefined();
});

test('an unknown keyword and an unknown template are refused before any call to send', async () => {
	const list = items(2);
	const unknownKeyword = await run(list, {
		dataJson: JSON.stringify({ thing1: 'x', number2: '1', amount3: '¥1', time4: '10:00', phrase5: '已发货', thing9: 'extra' }),
	}).catch((e) => e);
	expect(unknownKeyword.message).toMatch(/keyword "thing9" is not in template "订单状态通知"/);
	const unknownTemplate = await run(list, { template: { __rl: true, mode: 'id', value: 'SUB_GONE' } }).catch((e) => e);
	expect(unknownTemplate.message).toMatch(/Template "SUB_GONE" does not exist/);
	expect(sim.calls['/cgi-bin/message/subscribe/send']).toBeUndefined();
});

test('values that pass our rules pass the simulator\'s (SUB_REMINDER, every other keyword type)', async () => {
	const list = items(1);
	sim.grantSubscription(list[0].openid, 'SUB_REMINDER', 1);
	const out = await run(list, {
		template: { __rl: true, mode: 'list', value: 'SUB_REMINDER' },
		dataMode: 'keyValue',
		data: {
			values: [
				{ key: 'thing1', value: '保养预约' },
				{ key: 'date2', value: '2024-05-01 ~ 2024-05-03' },
				{ key: 'name3', value: '张三' },
				{ key: 'character_string4', value: 'RSV-0001' },
				{ key: 'phone_number5', value: '+86-0766-66888866' },
				{ key: 'car_number6', value: '粤A8Z888' },
				{ key: 'letter7', value: 'ABC' },
				{ key: 'symbol8', value: '%' },
			],
		},
	});
	expect(out[0].json).toMatchObject({ outcome: 'sent' });
	expect(sim.subscribeDeliveries).toHaveLength(1);
});

test('listSearch loads the templates with keyword types over HTTP', async () => {
	const node = new SendSubscribeMessage();
	const ctx = executeContext({ store: mpStore(), parameters: {} });
	const result = await node.methods.listSearch.searchSubscribeMessageTemplates.call(ctx as ILoadOptionsFunctions, '预约');
	expect(result.results).toHaveLength(1);
	expect(result.results[0]).toMatchObject({ value: 'SUB_REMINDER' });
	expect(result.results[0].description).toContain('car_number6: car_number');
});
