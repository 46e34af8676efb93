/**
 * Issue #15 against the simulator over real HTTP: the WeChat Platform Trigger's handler behind a real HTTP
 * server (the simulator pushes tickets and authorization events to it, encrypted with the platform's key), the
 * platform credential written as n8n 2.41 writes it after preAuthentication, the component token fetched once,
 * onboarding (authorized -> code exchanged -> access-token URL -> a template message sent as the merchant),
 * revocation, refusals (wrong key, another platform's ticket, a reused code), and token fetch counts of 200
 * sends for two merchants from two workers.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, ILoadOptionsFunctions, IWebhookFunctions } from 'n8n-workflow';

import { WeChatPlatformApi } from '../../../../credentials/WeChatPlatformApi.credentials';
import { handlePlatformWebhook } from '../../../../nodes/WeChatPlatformTrigger/webhook';
import { weChatApiRequest } from '../../../../nodes/wechat/client/transport';
import { searchAuthorizers } from '../../../../nodes/WeChatThirdPartyPlatform/listSearch';
import { OPERATIONS } from '../../../../nodes/WeChatThirdPartyPlatform/operations';
import { SendSubscribeMessage, SendTemplateMessage } from '../../../helpers/appNodes';
import { CredentialStore, executeContext, httpRequest } from '../../../helpers/n8nContext';
import { useSimulator } from '../../../helpers/simulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { sendCallback } = require('../../../../tools/simulator/callback');

const sim = useSimulator({ followers: 20 });
const PLATFORM = { appId: 'wxsimcomponent001', secret: 'sim-component-secret-0123456789ab', token: 'platformtoken', encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' };
const MERCHANT = { appId: 'wxsimmerchant0001', secret: 'merchant-secret-never-used-by-us-01', type: 'officialAccount', templates: undefined };
const credentialType = new WeChatPlatformApi();

/** The platform credential in n8n's database, and n8n 2.41's preAuthentication write ({...stored, ...output}). */
const db: { data: IDataObject; writes: number } = { data: {}, writes: 0 };
const node = { id: 'n1', name: 'Platform', type: 't', typeVersion: 1, position: [0, 0] as [number, number], parameters: {}, credentials: { weChatPlatformApi: { id: 'c1', name: 'Platform' } } };

async function withAuthentication(_type: string, options: IDataObject, additional?: { credentialsDecrypted?: { data: IDataObject } }): Promise<unknown> {
	const credentials = additional?.credentialsDecrypted?.data ?? { ...db.data };
	if (credentials.componentAccessToken === '') {
		const output = (await credentialType.preAuthentication.call({ helpers: { httpRequest: (o: IHttpRequestOptions) => httpRequest(o) } } as never, credentials as never)) as IDataObject;
		if (output.componentAccessToken !== undefined) {
			db.data = { ...db.data, ...output };
			db.writes++;
			Object.assign(credentials, output);
		}
	}
	const authenticated = await credentialType.authenticate(credentials as never, options as never);
	return await httpRequest(authenticated);
}

const common = {
	getNode: () => node,
	getCredentials: async () => ({ ...db.data }),
	logger: { debug() {}, info() {}, warn() {}, error() {} },
	helpers: { httpRequestWithAuthentication: withAuthentication, httpRequest: (o: IHttpRequestOptions) => httpRequest(o) },
};

let server: http.Server;
let triggerUrl = '';
const started: IDataObject[] = [];
/** GET requests to the trigger's access-token URL, per authorizer AppID, and those presenting a rejected token. */
const tokenRequests: Record<string, number> = {};
const rejectedTokenRequests: Record<string, number> = {};
/** The trigger's requests still being handled (an event's execution is started after WeChat got 'success'). */
const handling = new Set<Promise<unknown>>();

function webhookContext(req: http.IncomingMessage, rawBody: Buffer, res: http.ServerResponse): IWebhookFunctions {
	const url = new URL(req.url ?? '/', triggerUrl);
	const response = {
		status: (code: number) => (res.statusCode = code),
		setHeader: (name: string, value: string) => res.setHeader(name, value),
		send: (body: string) => res.end(body),
	};
	return {
		...common,
		getWebhookName: () => (req.method === 'GET' ? 'setup' : 'default'),
		getQueryData: () => Object.fromEntries(url.searchParams),
		getRequestObject: () => ({ rawBody }),
		getResponseObject: () => response,
		getNodeParameter: (name: string, fallback: unknown) => (name === 'events' ? ['authorized', 'updateauthorized', 'unauthorized'] : fallback),
		getWorkflow: () => ({ id: 'w1' }),
		getNodeWebhookUrl: () => triggerUrl,
	} as unknown as IWebhookFunctions;
}

beforeAll(async () => {
	server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			if (req.method === 'GET') {
				const query = new URL(req.url ?? '/', 'http://x').searchParams;
				const appId = query.get('authorizer_appid') ?? '';
				tokenRequests[appId] = (tokenRequests[appId] ?? 0) + 1;
				if (query.get('rejected')) rejectedTokenRequests[appId] = (rejectedTokenRequests[appId] ?? 0) + 1;
			}
			const handled = handlePlatformWebhook.call(webhookContext(req, Buffer.concat(chunks), res)).then((result) => {
				const data = (result.workflowData?.[0] ?? []).map((i) => i.json);
				started.push(...data);
			});
			handling.add(handled);
			void handled.finally(() => handling.delete(handled));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	triggerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/abc/events`;
	sim.addComponent({ ...PLATFORM, eventUrl: triggerUrl });
	sim.addApp(MERCHANT);
	db.data = { componentAppId: PLATFORM.appId, componentAppSecret: PLATFORM.secret, token: PLATFORM.token, encodingAesKey: PLATFORM.encodingAesKey, baseUrl: sim.url, ticketSource: 'trigger', componentVerifyTicket: '', componentAccessToken: '', expiresAt: 0 };
});
afterAll(async () => {
	await new Promise((resolve) => server.close(resolve));
});

function platformContext(parameters: IDataObject): IExecuteFunctions {
	return { ...common, getNodeParameter: (name: string, _i: number, fallback?: unknown) => parameters[name] ?? fallback } as unknown as IExecuteFunctions;
}

/**
 * Until every request the trigger received is handled (the simulator's push returns once WeChat got 'success';
 * the code exchange and the execution come after): the condition itself, not a guess of how long it takes.
 */
async function settle(deadlineMs = 10_000): Promise<void> {
	const deadline = Date.now() + deadlineMs;
	while (handling.size > 0) {
		if (Date.now() > deadline) throw new Error(`the trigger still handles ${handling.size} request(s) after ${deadlineMs} ms`);
		await Promise.race([Promise.allSettled([...handling]), new Promise((resolve) => setTimeout(resolve, 20))]);
	}
}

test('the platform end to end: ticket stored without an execution, onboarding, a send as the merchant, revocation', async () => {
	// No ticket yet: the error says where tickets come from.
	await expect(OPERATIONS.getManyAuthorizers.call(platformContext({ returnAll: true }), 0)).rejects.toThrow(/No component_verify_ticket yet/);

	const push = await sim.pushTicket(PLATFORM.appId);
	expect([push.status, push.body]).toEqual([200, 'success']);
	await settle();
	expect(db.data.componentVerifyTicket).toBe(push.ticket);
	expect(db.data.componentAccessToken).toBe('');
	expect(started).toEqual([]);

	// Onboarding: a link, the merchant authorizes, the trigger exchanges the code at once.
	const link = (await OPERATIONS.createAuthorizationLink.call(platformContext({ redirectUrl: 'https://example.com/done', linkForm: 'mobile', authType: 1, linkOptions: {} }), 0)) as IDataObject;
	expect(link.link).toMatch(/^https:\/\/open\.weixin\.qq\.com\/wxaopen\/safe\/bindcomponent\?action=bindcomponent&no_scan=1&component_appid=wxsimcomponent001&pre_auth_code=preauthcode%40%40%40.+&redirect_uri=https%3A%2F%2Fexample\.com%2Fdone&auth_type=1#wechat_redirect$/);
	const authorized = await sim.authorizePlatform(PLATFORM.appId, MERCHANT.appId, { permissionSets: [1, 2] });
	expect(authorized.body).toBe('success');
	await settle();
	expect(started).toHaveLength(1);
	const event = started[0];
	expect(event).toMatchObject({ event: 'authorized', authorizerAppId: MERCHANT.appId, codeExchanged: true, permissionSets: [1, 2] });
	expect(JSON.stringify(event)).not.toContain('refreshtoken@@@');
	// The code works once.
	await expect(OPERATIONS.exchangeAuthorizationCode.call(platformContext({ authorizationCode: authorized.authorizationCode }), 0)).rejects.toThrow(/not valid or was already used/);

	// The merchant's account credential takes its token from the trigger's URL: a send goes out as the merchant.
	const store = new CredentialStore();
	store.set('weChatOfficialAccountApi', { appId: MERCHANT.appId, tokenSource: 'external', externalTokenUrl: String(event.accessTokenUrl), baseUrl: sim.url });
	const send = (ctx = executeContext({ store, parameters: {} })) =>
		weChatApiRequest.call(ctx, 'weChatOfficialAccountApi', {
			method: 'POST',
			path: '/cgi-bin/message/template/send',
			body: { touser: sim.openIdOf(MERCHANT.appId, 3), template_id: 'TPL_ORDER_SHIPPED', data: { keyword1: { value: 'A1' }, keyword2: { value: 'B2' } } },
			retrySafe: true,
		});
	await send();
	await send();
	expect(sim.templateDeliveries.map((d: IDataObject) => d.appId)).toEqual([MERCHANT.appId, MERCHANT.appId]);
	expect(sim.stats().componentTokenFetches).toBe(1);

	// A wrong key on the token URL, a ticket encrypted for another platform, a wrong signature: refused, nothing stored.
	const wrongKey = new URL(String(event.accessTokenUrl));
	wrongKey.searchParams.set('key', 'x'.repeat(40));
	expect((await fetch(wrongKey)).status).toBe(401);
	const foreign = await sendCallback(triggerUrl, { token: PLATFORM.token, encodingAesKey: PLATFORM.encodingAesKey, appId: PLATFORM.appId, cipherAppId: 'wxotherplatform01', mode: 'safe', message: { AppId: PLATFORM.appId, InfoType: 'component_verify_ticket', ComponentVerifyTicket: 'evil' } });
	const badToken = await sendCallback(triggerUrl, { token: 'wrongtoken', encodingAesKey: PLATFORM.encodingAesKey, appId: PLATFORM.appId, mode: 'safe', message: { AppId: PLATFORM.appId, InfoType: 'component_verify_ticket', ComponentVerifyTicket: 'evil' } });
	expect([foreign.status, badToken.status]).toEqual([401, 401]);
	expect(db.data.componentVerifyTicket).toBe(push.ticket);

	// Revoked: the unauthorized event starts an execution, the next send fails with the reason.
	await sim.revokePlatform(PLATFORM.appId, MERCHANT.appId);
	await settle();
	expect(started.map((e) => e.event)).toEqual(['authorized', 'unauthorized']);
	await expect(send()).rejects.toThrow(/merchant revoked the authorization/);
	expect(sim.templateDeliveries).toHaveLength(2);
});

test('two workers, two merchants, 200 sends: one component token, one token request per merchant and worker at most, each delivered as its merchant', async () => {
	const merchants = ['wxsimmerchant0002', 'wxsimmerchant0003'];
	const urls: Record<string, string> = {};
	for (const appId of merchants) {
		sim.addApp({ appId, secret: `secret-${appId}-0123456789abcdef`, type: 'officialAccount' });
		await sim.authorizePlatform(PLATFORM.appId, appId, { permissionSets: [1] });
	}
	await settle();
	for (const e of started.filter((e) => merchants.includes(String(e.authorizerAppId)))) urls[String(e.authorizerAppId)] = String(e.accessTokenUrl);
	expect(Object.keys(urls).sort()).toEqual(merchants);
	const before = { component: sim.stats().componentTokenFetches, authorizer: merchants.map((m) => sim.authorizerTokenFetches(m)) };
	// Two workers (processes of their own: own token states); no token shared through the database (each send
	// reads a credential of its own), so only the workers' in-process copies and the trigger's hold it.
	const workers = [new Map(), new Map()];
	const sends = [];
	for (let i = 0; i < 200; i++) {
		const appId = merchants[i % 2];
		const type = 'weChatOfficialAccountApi';
		const own = new CredentialStore();
		own.set(type, { appId, tokenSource: 'external', externalTokenUrl: urls[appId], baseUrl: sim.url });
		const ctx = executeContext({ store: own, tokenStates: workers[i % 4 < 2 ? 0 : 1], parameters: {} });
		sends.push(
			weChatApiRequest.call(ctx, type, {
				method: 'POST',
				path: '/cgi-bin/message/template/send',
				body: { touser: sim.openIdOf(appId, i % 20), template_id: 'TPL_ORDER_SHIPPED', data: { keyword1: { value: `n${i}` }, keyword2: { value: 'x' } } },
				retrySafe: true,
			}),
		);
	}
	await Promise.all(sends);
	const delivered = sim.templateDeliveries.filter((d: IDataObject) => merchants.includes(String(d.appId)));
	expect(delivered).toHaveLength(200);
	for (const d of delivered) expect(sim.indexOf(d.appId, d.touser)).toBeGreaterThanOrEqual(0);
	// The trigger (n8n main) already holds each merchant's token from the code exchange: no new fetch at all.
	expect(sim.stats().componentTokenFetches - before.component).toBe(0);
	expect(merchants.map((m, i) => sim.authorizerTokenFetches(m) - before.authorizer[i])).toEqual([0, 0]);
	for (const m of merchants) expect(tokenRequests[m]).toBeLessThanOrEqual(2);
	process.stdout.write(`platform: 200 sends for 2 merchants on 2 workers: token URL requests ${JSON.stringify(merchants.map((m) => tokenRequests[m]))}\n`);
});

test('re-authorized with other permission sets: updateauthorized exchanges the new code and sends go on; a missing permission set is named; authorizers are listed and paged', async () => {
	const appId = 'wxsimmerchant0004';
	sim.addApp({ appId, secret: 'secret-4-0123456789abcdef0123456', type: 'officialAccount' });
	await sim.authorizePlatform(PLATFORM.appId, appId, { permissionSets: [2] });
	await settle();
	const url = String(started.find((e) => e.authorizerAppId === appId)?.accessTokenUrl);
	const store = new CredentialStore();
	store.set('weChatOfficialAccountApi', { appId, tokenSource: 'external', externalTokenUrl: url, baseUrl: sim.url });
	const send = (n: number) =>
		weChatApiRequest.call(executeContext({ store, parameters: {} }), 'weChatOfficialAccountApi', {
			method: 'POST',
			path: '/cgi-bin/message/template/send',
			body: { touser: sim.openIdOf(appId, 1), template_id: 'TPL_ORDER_SHIPPED', data: { keyword1: { value: `r${n}` }, keyword2: { value: 'x' } } },
			retrySafe: true,
		});
	await expect(send(1)).rejects.toThrow(/did not grant the permission set this API needs/);
	await sim.authorizePlatform(PLATFORM.appId, appId, { permissionSets: [1, 2] });
	await settle();
	expect(started.filter((e) => e.authorizerAppId === appId).map((e) => [e.event, e.codeExchanged, e.permissionSets])).toEqual([
		['authorized', true, [2]],
		['updateauthorized', true, [1, 2]],
	]);
	await send(2);
	expect(sim.templateDeliveries.filter((d: IDataObject) => d.appId === appId)).toHaveLength(1);

	const all = (await OPERATIONS.getManyAuthorizers.call(platformContext({ returnAll: true }), 0)) as IDataObject[];
	expect(all.map((a) => a.authorizerAppId).sort()).toEqual(['wxsimmerchant0002', 'wxsimmerchant0003', appId]);
	expect(JSON.stringify(all)).not.toContain('refreshtoken@@@');
	expect(await OPERATIONS.getManyAuthorizers.call(platformContext({ returnAll: false, limit: 1 }), 0)).toHaveLength(1);
	expect(await OPERATIONS.getAuthorizer.call(platformContext({ authorizerAppId: appId }), 0)).toMatchObject({ authorizerAppId: appId, kind: 'officialAccount', permissionSets: [1, 2] });
	await OPERATIONS.setAuthorizerOption.call(platformContext({ authorizerAppId: appId, optionName: 'voice_recognize', optionValue: '1' }), 0);
	expect(await OPERATIONS.getAuthorizerOption.call(platformContext({ authorizerAppId: appId, optionName: 'voice_recognize' }), 0)).toEqual({ authorizerAppId: appId, optionName: 'voice_recognize', optionValue: '1' });
	await expect(OPERATIONS.setAuthorizerOption.call(platformContext({ authorizerAppId: appId, optionName: 'voice_recognize', optionValue: '2' }), 0)).rejects.toThrow(/Option Value "2" is not allowed for voice_recognize/);
	await expect(OPERATIONS.getAuthorizer.call(platformContext({ authorizerAppId: 'merchant' }), 0)).rejects.toThrow(/is not an AppID/);
	// The editor's picker: names from api_get_authorizer_info, filtered by name or AppID.
	const picker = await searchAuthorizers.call(common as unknown as ILoadOptionsFunctions, '0004');
	expect(picker).toEqual({ results: [{ name: `Merchant 0004 (${appId})`, value: appId }], paginationToken: undefined });
});

test('an expired authorization code and a stale ticket are named; nothing is exchanged', async () => {
	const appId = 'wxsimmerchant0005';
	sim.addApp({ appId, secret: 'secret-5-0123456789abcdef0123456', type: 'officialAccount' });
	// Nobody listens (no event URL for this one): the admin authorized, the code waits more than its hour.
	const { authorizationCode } = await sim.authorizePlatform(PLATFORM.appId, appId, { url: 'http://127.0.0.1:9/' }).catch(() => ({ authorizationCode: '' }));
	const code = authorizationCode || [...sim._component(PLATFORM.appId).codes.keys()].pop();
	sim.advanceTime(3601);
	await expect(OPERATIONS.exchangeAuthorizationCode.call(platformContext({ authorizationCode: code }), 0)).rejects.toThrow(/authorization code has expired/);
	// A pasted ticket WeChat never pushed: 61006, with what to do.
	const saved = db.data;
	db.data = { ...saved, ticketSource: 'pasted', pastedTicket: 'ticket@@@not-the-newest', componentAppSecret: `${PLATFORM.secret}`, componentAccessToken: '', baseUrl: `${sim.url}/` };
	await expect(OPERATIONS.clearQuota.call(platformContext({}), 0)).rejects.toThrow(/component_verify_ticket is stale or not valid/);
	db.data = saved;
});

test('one credential for every merchant: Authentication "Authorized Account", the Authorizer AppID from the item, one token request per authorizer, each send under its AppID; a run mixing merchants and mismatched settings are named', async () => {
	const merchants = ['wxsimmerchant0006', 'wxsimmerchant0007'];
	for (const appId of merchants) {
		sim.addApp({ appId, secret: `secret-${appId}-0123456789abcdef`, type: 'officialAccount' });
		await sim.authorizePlatform(PLATFORM.appId, appId, { permissionSets: [1] });
	}
	await settle();
	// Every event names the same platformTokenUrl: the trigger's URL with the key for any authorizer.
	const urls = new Set(started.filter((e) => merchants.includes(String(e.authorizerAppId))).map((e) => String(e.platformTokenUrl)));
	expect(urls.size).toBe(1);
	const [platformTokenUrl] = urls;
	expect(new URL(platformTokenUrl).searchParams.get('authorizer_appid')).toBeNull();
	const type = 'weChatOfficialAccountApi';
	const store = new CredentialStore();
	store.set(type, { tokenSource: 'platform', platformTokenUrl, baseUrl: sim.url });
	const tokenStates = new Map();
	const before = merchants.map((m) => tokenRequests[m] ?? 0);
	const deliveredBefore = sim.templateDeliveries.length;
	const send = (items: IDataObject[], authentication = 'platformAuthorizer', credentials = store) =>
		weChatApiRequest.call(
			executeContext({ store: credentials, tokenStates, items, parameters: (name: string, i: number) => (name === 'authorizerAppId' ? items[i].merchant : name === 'authentication' ? authentication : undefined) }),
			type,
			{
				method: 'POST',
				path: '/cgi-bin/message/template/send',
				body: { touser: sim.openIdOf(merchants.includes(String(items[0].merchant)) ? String(items[0].merchant) : merchants[0], 2), template_id: 'TPL_ORDER_SHIPPED', data: { keyword1: { value: 'P' }, keyword2: { value: 'x' } } },
				retrySafe: true,
			},
		);
	// Alternating merchants, one process: n8n writes each fetched token into the one credential, and it is never
	// used for the other merchant (a token of A sent for B would be delivered under A's AppID).
	for (let i = 0; i < 10; i++) await send([{ merchant: merchants[i % 2] }]);
	const delivered = sim.templateDeliveries.slice(deliveredBefore).map((d: IDataObject) => [d.appId, sim.indexOf(d.appId, d.touser)]);
	expect(delivered).toEqual(Array.from({ length: 10 }, (_, i) => [merchants[i % 2], 2]));
	expect(merchants.map((m, i) => (tokenRequests[m] ?? 0) - before[i])).toEqual([1, 1]);

	await expect(send([{ merchant: merchants[0] }, { merchant: merchants[1] }])).rejects.toThrow(/Authorizer AppID differs between the items \(wxsimmerchant0006, wxsimmerchant0007\): one run of the node acts for one account/);
	await expect(send([{ merchant: 'merchant-6' }])).rejects.toThrow(/Authorizer AppID "merchant-6" is not an AppID/);
	await expect(send([{ merchant: merchants[0] }], 'appCredential')).rejects.toThrow(/Token Source is Third-Party Platform: the node must say which authorized account/);
	const plain = new CredentialStore();
	plain.set(type, { appId: merchants[0], tokenSource: 'external', externalTokenUrl: platformTokenUrl, baseUrl: sim.url });
	await expect(send([{ merchant: merchants[0] }], 'platformAuthorizer', plain)).rejects.toThrow(/credential's Token Source is not Third-Party Platform/);
	// A wrong key: the trigger refuses, the send names the token server.
	const wrong = new CredentialStore();
	const wrongUrl = new URL(platformTokenUrl);
	wrongUrl.searchParams.set('key', 'y'.repeat(40));
	wrong.set(type, { tokenSource: 'platform', platformTokenUrl: wrongUrl.toString(), baseUrl: sim.url });
	await expect(send([{ merchant: merchants[1] }], 'platformAuthorizer', wrong)).rejects.toThrow(/Token Server URL/);
	expect(sim.templateDeliveries.length - deliveredBefore).toBe(10);
});

test('an authorizer token WeChat refuses while the trigger still holds it: the senders present it (?rejected=), the trigger fetches one new token for all of them, every send delivered once', async () => {
	const appId = 'wxsimmerchant0008';
	sim.addApp({ appId, secret: 'secret-8-0123456789abcdef0123456', type: 'officialAccount' });
	await sim.authorizePlatform(PLATFORM.appId, appId, { permissionSets: [1] });
	await settle();
	const event = started.find((e) => e.authorizerAppId === appId && e.event === 'authorized') as IDataObject;
	const type = 'weChatOfficialAccountApi';
	// Both kinds of token URL: the merchant's accessTokenUrl and the platformTokenUrl (Authorized Account).
	const perMerchant = new CredentialStore();
	perMerchant.set(type, { appId, tokenSource: 'external', externalTokenUrl: String(event.accessTokenUrl), baseUrl: sim.url });
	const shared = new CredentialStore();
	shared.set(type, { tokenSource: 'platform', platformTokenUrl: String(event.platformTokenUrl), baseUrl: sim.url });
	// Two workers (own token states), each with both credentials: four holders of the authorizer's token.
	const workers = [new Map(), new Map()];
	const sent: string[] = [];
	const send = (worker: Map<string, unknown>, store: CredentialStore) => {
		const value = `r${sent.length}`;
		sent.push(value);
		const authentication = store === shared ? 'platformAuthorizer' : 'appCredential';
		const parameters = (name: string) => (name === 'authorizerAppId' ? appId : name === 'authentication' ? authentication : undefined);
		return weChatApiRequest.call(executeContext({ store, tokenStates: worker as never, parameters }), type, {
			method: 'POST',
			path: '/cgi-bin/message/template/send',
			body: { touser: sim.openIdOf(appId, sent.length % 20), template_id: 'TPL_ORDER_SHIPPED', data: { keyword1: { value }, keyword2: { value: 'x' } } },
			retrySafe: true,
		});
	};
	const round = (count: number) => Promise.all(Array.from({ length: count }, (_, i) => send(workers[i % 2], i % 4 < 2 ? perMerchant : shared)));
	await round(8);
	const before = { fetches: sim.authorizerTokenFetches(appId), requests: tokenRequests[appId] };
	// WeChat kills the token the trigger still caches (replaced elsewhere, expired early): the next sends get 40001.
	sim.invalidateAuthorizerTokens(appId);
	const refused = sim.calls['/cgi-bin/message/template/send'];
	await round(40);
	expect(sim.authorizerTokenFetches(appId) - before.fetches).toBe(1);
	// Each holder asks once, presenting the refused token; the trigger retires it once, the others get the new one.
	expect(tokenRequests[appId] - before.requests).toBe(4);
	expect(rejectedTokenRequests[appId]).toBe(4);
	const delivered = sim.templateDeliveries.filter((d: IDataObject) => d.appId === appId).map((d: IDataObject) => (d.data as { keyword1: { value: string } }).keyword1.value);
	expect(delivered.sort()).toEqual([...sent].sort());
	// Each send refused once with the dead token and sent once more with the new one: one extra round trip.
	expect(sim.calls['/cgi-bin/message/template/send'] - refused).toBe(80);
	process.stdout.write(`platform: token refused mid-run: 40 sends, ${sim.calls['/cgi-bin/message/template/send'] - refused} template calls, 1 authorizer token fetch, 4 token URL requests\n`);
});

test('a Mini Program merchant: Get Authorizer says miniProgram; the Mini Program node (Authorized Account, AppID from the item) sends a subscribe message under its AppID; an Official Account operation for it, or a Mini Program one for an Official Account, is refused by name, nothing sent', async () => {
	const mini = 'wxsimminiprog0009';
	const official = 'wxsimmerchant0006';
	sim.addApp({ appId: mini, secret: 'secret-9-0123456789abcdef0123456', type: 'miniProgram' });
	await sim.authorizePlatform(PLATFORM.appId, mini, { permissionSets: [17, 18] });
	await settle();
	const event = started.find((e) => e.authorizerAppId === mini) as IDataObject;
	expect(event).toMatchObject({ event: 'authorized', codeExchanged: true, permissionSets: [17, 18] });
	expect(await OPERATIONS.getAuthorizer.call(platformContext({ authorizerAppId: mini }), 0)).toMatchObject({ authorizerAppId: mini, kind: 'miniProgram', serviceType: 0 });
	expect(await OPERATIONS.getAuthorizer.call(platformContext({ authorizerAppId: official }), 0)).toMatchObject({ kind: 'officialAccount' });

	// One credential of each kind, Token Source Third-Party Platform; the merchant comes from the item.
	const store = new CredentialStore();
	store.set('weChatMiniProgramApi', { tokenSource: 'platform', platformTokenUrl: String(event.platformTokenUrl), baseUrl: sim.url });
	store.set('weChatOfficialAccountApi', { tokenSource: 'platform', platformTokenUrl: String(event.platformTokenUrl), baseUrl: sim.url });
	const run = async (Action: typeof SendSubscribeMessage | typeof SendTemplateMessage, merchant: string, touser: string, extra: Record<string, unknown>) => {
		const items = [{ merchant, touser }];
		const parameters = (name: string, i: number) => ({ authentication: 'platformAuthorizer', authorizerAppId: items[i].merchant, touser: items[i].touser, options: {}, ...extra })[name];
		return (await new Action().execute.call(executeContext({ store, items, parameters, retryDelaysMs: [1, 1, 1] }) as IExecuteFunctions))[0];
	};
	const subscribe = {
		template: { __rl: true, mode: 'id', value: 'SUB_ORDER' },
		dataMode: 'json',
		dataJson: JSON.stringify({ thing1: '咖啡豆', number2: '2', amount3: '¥128.00', time4: '2024年5月1日 10:00', phrase5: '已发货' }),
		page: 'pages/order/detail?orderNo=9',
	};
	const user = sim.openIdOf(mini, 5);
	sim.grantSubscription(user, 'SUB_ORDER', 1, mini);
	const deliveredBefore = sim.subscribeDeliveries.length;
	const out = await run(SendSubscribeMessage, mini, user, subscribe);
	expect(out.map((o) => o.json.outcome)).toEqual(['sent']);
	expect(sim.subscribeDeliveries.slice(deliveredBefore).map((d: IDataObject) => [d.appId, sim.indexOf(mini, d.touser), d.template_id])).toEqual([[mini, 5, 'SUB_ORDER']]);
	expect(sim.subscriptionQuota(user, 'SUB_ORDER', mini)).toBe(0);

	// Kinds mixed up: WeChat answers 48001 for the other kind's API; the error names the authorizer and the node to use.
	const templatesBefore = sim.templateDeliveries.length;
	const template = { template: { __rl: true, mode: 'id', value: 'TPL_ORDER_SHIPPED' }, dataMode: 'keyValue', data: { values: [{ key: 'keyword1', value: 'K' }, { key: 'keyword2', value: 'x' }] } };
	await expect(run(SendTemplateMessage, mini, user, template)).rejects.toMatchObject({
		message: `This Official Account API is not authorized for authorized account ${mini}: is it a Mini Program?`,
		description: expect.stringMatching(/^WeChat errcode 48001: api unauthorized rid: .+ If wxsimminiprog0009 is a Mini Program \(the WeChat Third-Party Platform node's Get Authorizer shows its kind\), act for it with the WeChat Mini Program node and a WeChat Mini Program credential/),
	});
	const fan = sim.openIdOf(official, 2);
	const oaSubscribe = { ...subscribe, template: { __rl: true, mode: 'id', value: 'OA_SUB_ORDER' }, dataJson: JSON.stringify({ thing1: '咖啡豆', character_string2: 'SO-9', time3: '2024-05-01 10:00' }) };
	sim.grantSubscription(fan, 'OA_SUB_ORDER', 1, official);
	await expect(run(SendSubscribeMessage, official, fan, oaSubscribe)).rejects.toThrow(`This Mini Program API is not authorized for authorized account ${official}: is it an Official Account?`);
	// A Mini Program template ID for the Official Account: not in its list, named before any send.
	await expect(run(SendSubscribeMessage, official, fan, subscribe)).rejects.toThrow(/Template "SUB_ORDER" does not exist in this account/);
	expect(sim.bizsendDeliveries.filter((d: IDataObject) => d.appId === official)).toEqual([]);
	expect(sim.subscriptionQuota(fan, 'OA_SUB_ORDER', official)).toBe(1);
	expect(sim.templateDeliveries.length).toBe(templatesBefore);
	expect(sim.subscribeDeliveries.length - deliveredBefore).toBe(1);
});
