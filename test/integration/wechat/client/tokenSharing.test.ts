/**
 * The client core against the simulator over real HTTP: many concurrent executions in one process share
 * one token fetch, and a token invalidated mid-batch costs one refresh and no failed item.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { SignJsSdkPage } from '../../../helpers/appNodes';
import { jsSdkSignature } from '../../../../nodes/wechat/codec/crypto';
import { runItemLoop } from '../../../../nodes/wechat/items/itemLoop';
import { weChatApiRequest } from '../../../../nodes/wechat/client/transport';
import { CredentialStore, executeContext, simulatorStore } from '../../../helpers/n8nContext';
import { useSimulator } from '../../../helpers/simulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEFAULT_APPS } = require('../../../../tools/simulator');

const sim = useSimulator();

const oaStore = () => simulatorStore(sim, { oa: DEFAULT_APPS.oa });

/** One "execution" of a node whose every item makes one API call. */
async function apiCallExecution(store: CredentialStore, items: number) {
	const ctx = executeContext({ store, items: Array.from({ length: items }, (_, i) => ({ i })), parameters: {} }) as IExecuteFunctions;
	return await runItemLoop.call(
		ctx,
		async () => [
			await weChatApiRequest.call(ctx, 'weChatOfficialAccountApi', {
				method: 'GET',
				path: '/cgi-bin/get_api_domain_ip',
				retrySafe: true,
			}),
		],
		{ concurrency: 5 },
	);
}

test('1,000 items over 20 concurrent executions fetch the token once', async () => {
	const store = oaStore();
	const runs = await Promise.all(Array.from({ length: 20 }, () => apiCallExecution(store, 50)));
	const outputs = runs.flatMap((r) => r[0]);
	expect(outputs).toHaveLength(1000);
	expect(outputs.every((o) => Array.isArray(o.json.ip_list))).toBe(true);
	expect(sim.calls['/cgi-bin/get_api_domain_ip']).toBe(1000);
	expect(sim.tokenFetches()).toBe(1);
});

test('a token invalidated mid-batch is refreshed once and no item fails', async () => {
	const store = oaStore();
	sim.fault({ type: 'invalidateTokens', path: '/cgi-bin/get_api_domain_ip', after: 300, times: 1 });
	const runs = await Promise.all(Array.from({ length: 20 }, () => apiCallExecution(store, 50)));
	const outputs = runs.flatMap((r) => r[0]);
	expect(outputs.filter((o) => o.json.error)).toEqual([]);
	expect(outputs).toHaveLength(1000);
	expect(sim.tokenFetches()).toBe(2);
});

test('JS-SDK Sign: 1,000 pages over 20 executions share one token and one jsapi_ticket, and every signature verifies', async () => {
	const store = oaStore();
	const node = new SignJsSdkPage();
	const runs = await Promise.all(
		Array.from({ length: 20 }, (_, e) =>
			node.execute.call(
				executeContext({
					store,
					items: Array.from({ length: 50 }, (_, i) => ({ page: `https://shop.example.com/item?n=${e * 50 + i}#frag` })),
					parameters: (name, i) =>
						({ url: `https://shop.example.com/item?n=${e * 50 + i}#frag`, jsApiList: ['scanQRCode'], debug: false, options: {} })[name],
				}) as IExecuteFunctions,
			),
		),
	);
	const configs = runs.flatMap((r) => r[0].map((o) => o.json));
	expect(configs).toHaveLength(1000);
	expect(sim.tokenFetches()).toBe(1);
	expect(sim.calls['/cgi-bin/ticket/getticket']).toBe(1);
	const ticket = sim.lastTicket(DEFAULT_APPS.oa.appId);
	for (const config of configs) {
		expect(config.url).not.toContain('#');
		expect(config.signature).toBe(jsSdkSignature(ticket, config.nonceStr as string, config.timestamp as number, config.url as string));
	}
});
