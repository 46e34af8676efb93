/**
 * Send a subscribe notification (Official Account, /cgi-bin/message/subscribe/bizsend) against the WeChat
 * simulator over real HTTP: the same pipeline as Mini Program subscribe messages (values checked first,
 * outcomes per recipient), credits from the user's decisions, 43101 as "refused", the template's kind in
 * the output.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { WeChatOfficialAccount } from '../../../../nodes/WeChatOfficialAccount/WeChatOfficialAccount.node';
import { withAction } from '../../../helpers/appNodes';
import { executeContext, simulatorStore } from '../../../helpers/n8nContext';
import { FAST_RETRIES, useSimulator } from '../../../helpers/simulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEFAULT_APPS } = require('../../../../tools/simulator');
const OA = DEFAULT_APPS.oa.appId;

const sim = useSimulator({ followers: 20 });

function parametersFor(list: IDataObject[], extra: Record<string, unknown> = {}) {
	return (name: string, i: number) =>
		({
			touser: list[i].openid,
			template: { __rl: true, mode: 'list', value: 'OA_SUB_ORDER' },
			dataMode: 'json',
			dataJson: JSON.stringify({ thing1: 'Coffee beans', character_string2: `SO-${i}`, time3: '2024-05-01 10:00', ...(list[i].data as IDataObject) }),
			page: 'https://shop.example.com/orders/1',
			miniProgram: { target: { appid: 'wxsimmp0000000001', pagepath: '/pages/order/detail?no=1' } },
			options: {},
			...extra,
		})[name];
}

async function run(list: IDataObject[], extra: Record<string, unknown> = {}): Promise<INodeExecutionData[]> {
	const store = simulatorStore(sim, { oa: DEFAULT_APPS.oa });
	const ctx = executeContext({ store, items: list, parameters: parametersFor(list, extra), retryDelaysMs: FAST_RETRIES });
	return (await new WeChatOfficialAccount().execute.call(withAction(ctx as IExecuteFunctions, 'subscribeNotification', 'send')))[0];
}

const users = (n: number): IDataObject[] => Array.from({ length: n }, (_, i) => ({ openid: sim.person(i).oaOpenId }));

test('users who accepted get one notification each (recorded by the simulator), the others are refused (43101)', async () => {
	const list = users(10);
	list.forEach((u, i) => i % 2 === 0 && sim.applySubscriptionDecision(OA, String(u.openid), 'OA_SUB_ORDER', 'accept'));
	const out = (await run(list)).map((o) => o.json);
	expect(out.map((o) => o.outcome)).toEqual(list.map((_, i) => (i % 2 === 0 ? 'sent' : 'refused')));
	expect(out[0]).toMatchObject({ touser: list[0].openid, templateId: 'OA_SUB_ORDER', templateKind: 'oneTime', errcode: 0 });
	expect(out[1]).toMatchObject({ errcode: 43101, reason: expect.stringMatching(/not accepted/) });
	expect(sim.bizsendDeliveries).toHaveLength(5);
	expect(sim.bizsendDeliveries[0]).toEqual({
		appId: OA,
		touser: list[0].openid,
		template_id: 'OA_SUB_ORDER',
		data: { thing1: { value: 'Coffee beans' }, character_string2: { value: 'SO-0' }, time3: { value: '2024-05-01 10:00' } },
		page: 'https://shop.example.com/orders/1',
		miniprogram: { appid: 'wxsimmp0000000001', pagepath: 'pages/order/detail?no=1' },
	});
	// The credit was spent: a second run reaches nobody.
	const again = (await run(list)).map((o) => o.json.outcome);
	expect(again).toEqual(list.map(() => 'refused'));
	expect(sim.bizsendDeliveries).toHaveLength(5);
});

test('a value WeChat would refuse stops the node before any call: keyword, rule and value named', async () => {
	const list = users(3);
	list.forEach((u) => sim.applySubscriptionDecision(OA, u.openid, 'OA_SUB_ORDER', 'accept'));
	list[1].data = { time3: 'next Tuesday' };
	await expect(run(list)).rejects.toMatchObject({
		message: expect.stringMatching(/keyword "time3" \(type time\) must be a 24-hour time/),
		description: expect.stringContaining('"next Tuesday"'),
	});
	expect(sim.calls['/cgi-bin/message/subscribe/bizsend']).toBeUndefined();
});

test('a keyword the template lacks is named against the account\'s subscribe templates', async () => {
	const list = users(1);
	list[0].data = { amount9: '¥1.00' };
	await expect(run(list)).rejects.toMatchObject({ message: 'Data: keyword "amount9" is not in template "Order status"' });
	expect(sim.bizsendDeliveries).toHaveLength(0);
});
