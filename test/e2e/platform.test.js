'use strict';
/**
 * The third-party platform in real n8n (issue #15), one instance for the file: the simulator pushes
 * component_verify_tickets every 2 s to the WeChat Platform Trigger (stored in the platform credential, no
 * execution, answer "success"); onboarding (link created in n8n, the simulator plays the merchant authorizing,
 * `authorized` starts an execution with the code exchanged at once); a template message sent as the merchant
 * (the merchant's Official Account credential takes its token from the trigger's URL); n8n restarted with every
 * token dead and no new push: a send works (the ticket survived in n8n's database); revoked: the next send
 * names the reason; bad callbacks: 401, no execution. Authorized accounts' messages: three WeChat Triggers
 * active side by side (one account's own URL, two in platform mode); a user's message to the merchant at the
 * platform's message URL (…/callback/$APPID$, the platform's key) names the merchant and gets the WeChat Reply's
 * passive reply sealed for the platform (the simulator verifies it); a wrong key: 4xx, no execution.
 * Needs `npm run build` first.
 */
const { N8nInstance } = require('../../tools/n8n');
const { startSimulator, sendCallback } = require('../../tools/simulator');
const { node, chain, callbackCredential } = require('../../tools/workflows');
const { platformCredential, platformTriggerWorkflow, accessTokenUrl, merchantCredential } = require('../helpers/platform');

const PLATFORM = { appId: 'wxsimcomponente2e', secret: 'e2e-component-secret-0123456789ab', token: 'e2ePlatformToken', encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' };
const MERCHANT = { appId: 'wxsimmerchante2e01', secret: 'merchant-secret-unknown-to-platform', type: 'officialAccount', originalId: 'gh_e2e000merch1' };
const PLATFORM_CREDENTIAL = { weChatPlatformApi: { id: 'wechatPlatformE2e', name: 'WeChat Platform' } };
const MERCHANT_CREDENTIAL = { weChatOfficialAccountApi: { id: 'wechatMerchantE2e', name: 'Merchant (via platform)' } };
const TRIGGER_ID = '5c0d6f1e-15aa-4f00-9e15-000000000015';
/** WeChat Triggers: authorized accounts' messages (platform mode, twice) beside one account's own URL. */
const MESSAGES_ID = '5c0d6f1e-15aa-4f00-9e15-000000000018';
const PLATFORM_CALLBACK = { weChatCallbackApi: { id: 'wechatPlatformCallbackE2e', name: 'Platform messages' } };
const ACCOUNT_CALLBACK = { weChatCallbackApi: { id: 'wechatAccountCallbackE2e', name: 'Own account messages' } };
const ACCOUNT = { appId: 'wxsimownaccount001', token: 'e2eOwnToken', encodingAesKey: 'ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkj' };
const PKG = 'n8n-nodes-wechat-platform';

const eventsWorkflow = platformTriggerWorkflow({ id: 'wechatPlatformEventsE2e', name: 'e2e: platform authorization events', webhookId: TRIGGER_ID, credentialRef: PLATFORM_CREDENTIAL.weChatPlatformApi });
const webhook = (name, path, id, y) => node(name, 'n8n-nodes-base.webhook', 0, { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} }, { typeVersion: 2, webhookId: id, position: [0, y] });
/** Two webhooks in one workflow (one CLI publish, not two): the authorization link and a send as the merchant. */
const sendWorkflow = {
	id: 'wechatPlatformSendE2e',
	name: 'e2e: authorization link; template message as the merchant',
	nodes: [
		webhook('Link Webhook', 'e2e-platform-link', '5c0d6f1e-15aa-4f00-9e15-000000000016', 200),
		node('Platform', `${PKG}.weChatThirdPartyPlatform`, 200, { operation: 'createAuthorizationLink', redirectUrl: 'https://saas.example.com/wechat/done', linkForm: 'pc', authType: 1, linkOptions: {} }, { credentials: PLATFORM_CREDENTIAL, position: [200, 200] }),
		webhook('Webhook', 'e2e-merchant-send', '5c0d6f1e-15aa-4f00-9e15-000000000017', 0),
		node('Send', `${PKG}.weChatOfficialAccount`, 200, {
			resource: 'templateMessage',
			operation: 'send',
			touser: '={{ $json.body.openid }}',
			template: { __rl: true, mode: 'id', value: 'TPL_ORDER_SHIPPED' },
			dataMode: 'keyValue',
			data: { values: [{ key: 'keyword1', value: '={{ $json.body.order }}' }, { key: 'keyword2', value: 'shipped' }] },
			options: {},
		}, { credentials: MERCHANT_CREDENTIAL, onError: 'continueRegularOutput' }),
	],
	connections: { ...chain('Link Webhook', 'Platform'), ...chain('Webhook', 'Send') },
	settings: { executionOrder: 'v1' },
};

const trigger = (name, y, webhookId, parameters, credentials) => node(name, `${PKG}.weChatTrigger`, 0, { triggerOn: ['message:text'], options: {}, ...parameters }, { webhookId, credentials, position: [0, y] });
const messagesWorkflow = {
	id: 'wechatPlatformMessagesE2e',
	name: 'e2e: authorized accounts\' messages with a passive reply',
	nodes: [
		trigger('WeChat Trigger', 0, MESSAGES_ID, { messagesOf: 'platform', responseMode: 'responseNode' }, PLATFORM_CALLBACK),
		node('WeChat Reply', `${PKG}.weChatReply`, 200, { replyType: 'text', content: '=Shop {{ $json.authorizerAppId }} says: {{ $json.Content }}' }, { credentials: PLATFORM_CALLBACK }),
	],
	connections: chain('WeChat Trigger', 'WeChat Reply'),
	settings: { executionOrder: 'v1' },
};
/** Another workflow (one CLI publish, not two): one account's own trigger and a second platform-mode trigger. */
const ACCOUNT_ID = '5c0d6f1e-15aa-4f00-9e15-000000000020';
const OTHER_PLATFORM_ID = '5c0d6f1e-15aa-4f00-9e15-000000000019';
const besideWorkflow = {
	id: 'wechatTriggersBesideE2e',
	name: 'e2e: other WeChat Triggers beside it',
	nodes: [trigger('Account Trigger', 0, ACCOUNT_ID, {}, ACCOUNT_CALLBACK), trigger('Platform Trigger 2', 200, OTHER_PLATFORM_ID, { messagesOf: 'platform' }, PLATFORM_CALLBACK)],
	connections: {},
	settings: { executionOrder: 'v1' },
};
const WORKFLOWS = [eventsWorkflow, sendWorkflow, messagesWorkflow, besideWorkflow];

let sim;
const n8n = new N8nInstance({ queue: false });
const eventsUrl = () => n8n.webhookUrl(`${TRIGGER_ID}/events`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const post = async (path, body) => {
	const res = await fetch(n8n.webhookUrl(path), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
	return { status: res.status, text: await res.text() };
};
/** The merchant's Official Account credential with the trigger's access-token URL as its token server. */
const merchantWith = (tokenUrl) => merchantCredential(MERCHANT_CREDENTIAL.weChatOfficialAccountApi, MERCHANT.appId, tokenUrl, sim.url);

beforeAll(async () => {
	sim = await startSimulator({ port: 0 });
	sim.seedFollowers(10);
	sim.addComponent(PLATFORM);
	sim.addApp(MERCHANT);
	await n8n.prepare();
	await n8n.importCredentials([
		callbackCredential(PLATFORM_CALLBACK.weChatCallbackApi, { appId: PLATFORM.appId, token: PLATFORM.token, encodingAesKey: PLATFORM.encodingAesKey }),
		callbackCredential(ACCOUNT_CALLBACK.weChatCallbackApi, ACCOUNT),
		platformCredential(PLATFORM_CREDENTIAL.weChatPlatformApi, PLATFORM, sim.url),
	]);
	await n8n.importWorkflows(WORKFLOWS);
	// WeChat Triggers in two workflows activate side by side (each platform-mode node has a dynamic path of its own).
	for (const w of WORKFLOWS) await n8n.activate(w.id);
	await n8n.start();
	sim.setPlatformEventUrl(PLATFORM.appId, eventsUrl());
	sim.setPlatformMessageUrl(PLATFORM.appId, n8n.webhookUrl(`${MESSAGES_ID}/callback/$APPID$`));
}, 35 * 60_000);

afterAll(async () => {
	if (sim) sim.stopTicketTimer(PLATFORM.appId);
	await n8n.stop();
	if (sim) await sim.stop();
}, 60_000);

test('tickets every 2 s stored without executions; onboarding; a send as the merchant; a message with a passive reply beside other triggers; after a restart with no push and every token dead, a send works; revoked: the reason', async () => {
	// Tickets: pushed every 2 s, each answered exactly "success", no execution.
	sim.startTicketTimer(PLATFORM.appId, 2000);
	const deadline = Date.now() + 30_000;
	while (sim.ticketPushes(PLATFORM.appId).length < 3 && Date.now() < deadline) await sleep(250);
	sim.stopTicketTimer(PLATFORM.appId);
	await sleep(500);
	const pushes = sim.ticketPushes(PLATFORM.appId);
	expect(pushes.length).toBeGreaterThanOrEqual(3);
	expect(pushes.map((p) => [p.status, p.body])).toEqual(pushes.map(() => [200, 'success']));

	// Onboarding: the link is created in n8n, the merchant authorizes, `authorized` runs with the code exchanged.
	const link = JSON.parse((await post('e2e-platform-link', {})).text);
	expect(link.link).toMatch(/^https:\/\/mp\.weixin\.qq\.com\/cgi-bin\/componentloginpage\?component_appid=wxsimcomponente2e&pre_auth_code=preauthcode%40%40%40[^&]+&redirect_uri=https%3A%2F%2Fsaas\.example\.com%2Fwechat%2Fdone&auth_type=1$/);
	expect(sim.stats().componentTokenFetches).toBe(1);
	const authorized = await sim.authorizePlatform(PLATFORM.appId, MERCHANT.appId, { permissionSets: [1, 2] });
	expect([authorized.status, authorized.body]).toEqual([200, 'success']);
	const [event] = await n8n.waitForExecutions({ workflowId: eventsWorkflow.id, count: 1 });
	const eventItem = n8n.outputOf(await n8n.executionData(event.id), 'Platform Trigger')[0];
	expect(eventItem).toMatchObject({ event: 'authorized', authorizerAppId: MERCHANT.appId, codeExchanged: true, permissionSets: [1, 2], accessTokenUrl: accessTokenUrl(eventsUrl(), PLATFORM.secret, MERCHANT.appId) });
	expect(JSON.stringify(eventItem)).not.toMatch(/refreshtoken@@@|component@@@|ticket@@@/);
	// As a user does: the merchant's Official Account credential with the event's URL as its token server.
	await n8n.importCredentials([merchantWith(eventItem.accessTokenUrl)]);

	// A template message as the merchant: delivered under the merchant's AppID.
	const openid = sim.openIdOf(MERCHANT.appId, 4);
	const first = await post('e2e-merchant-send', { openid, order: 'SO-1501' });
	expect(JSON.parse(first.text)).toMatchObject({ outcome: 'sent' });
	expect(sim.templateDeliveries.map((d) => [d.appId, d.touser])).toEqual([[MERCHANT.appId, openid]]);

	// A user's message to the merchant at the platform's message URL (…/callback/$APPID$), sealed with the
	// platform's key: the item names the merchant; the passive reply is sealed for the platform, verified.
	const message = { ToUserName: MERCHANT.originalId, FromUserName: openid, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'text', Content: 'hello shop', MsgId: '7715000000000000001' };
	const pushed = await sim.pushAuthorizerMessage(PLATFORM.appId, MERCHANT.appId, message);
	expect([pushed.status, pushed.reply && pushed.reply.valid, pushed.reply && pushed.reply.error]).toEqual([200, true, undefined]);
	expect(pushed.reply.message).toMatchObject({ ToUserName: openid, FromUserName: MERCHANT.originalId, MsgType: 'text', Content: `Shop ${MERCHANT.appId} says: hello shop` });
	const [received] = await n8n.waitForExecutions({ workflowId: messagesWorkflow.id, count: 1, settleMs: 0 });
	expect(n8n.outputOf(await n8n.executionData(received.id), 'WeChat Trigger')[0]).toMatchObject({ authorizerAppId: MERCHANT.appId, Content: 'hello shop' });
	// A wrong key (the token is right): refused, no execution. The account's own trigger, beside it, still works.
	const forged = await sim.pushAuthorizerMessage(PLATFORM.appId, MERCHANT.appId, { ...message, MsgId: '7715000000000000002' }, { encodingAesKey: ACCOUNT.encodingAesKey });
	expect([forged.status, forged.body]).toEqual([401, 'Cannot decrypt']);
	// The other WeChat Triggers, active beside it (n8n activates at start: a failed one would answer 404).
	const own = await sendCallback(n8n.webhookUrl(`${ACCOUNT_ID}/callback`), { ...ACCOUNT, mode: 'safe', message: { ...message, ToUserName: 'gh_e2e000own001' } });
	const platformCallback = { token: PLATFORM.token, encodingAesKey: PLATFORM.encodingAesKey, appId: PLATFORM.appId, mode: 'safe' };
	const other = await sendCallback(n8n.webhookUrl(`${OTHER_PLATFORM_ID}/callback/wxsimmerchante2e02`), { ...platformCallback, message });
	expect([own.status, own.body, other.status, other.body]).toEqual([200, 'success', 200, 'success']);
	const beside = await n8n.waitForExecutions({ workflowId: besideWorkflow.id, count: 2, settleMs: 0 });
	const runDataOf = (result) => ((result.data && result.data.resultData) || result.resultData).runData;
	const items = await Promise.all(beside.map(async (e) => runDataOf(await n8n.executionData(e.id))));
	expect(items.map((runData) => Object.keys(runData)).sort()).toEqual([['Account Trigger'], ['Platform Trigger 2']]);
	const byNode = Object.assign({}, ...items.map((runData) => Object.fromEntries(Object.entries(runData).map(([name, runs]) => [name, runs[0].data.main[0][0].json]))));
	expect(byNode['Account Trigger']).not.toHaveProperty('authorizerAppId');
	expect(byNode['Platform Trigger 2']).toMatchObject({ authorizerAppId: 'wxsimmerchante2e02' });
	expect(await n8n.executions({ workflowId: messagesWorkflow.id })).toHaveLength(1);

	// Restart with every token WeChat issued dead and no new push: the stored ticket gets a new component token.
	sim.invalidateTokens();
	const pushesBefore = sim.ticketPushes(PLATFORM.appId).length;
	const started = Date.now();
	await n8n.restart();
	process.stdout.write(`platform e2e: n8n restart ${Date.now() - started} ms\n`);
	// The harness restarts on a new port: WeChat and the merchant's credential follow the trigger's new URL (same key).
	sim.setPlatformEventUrl(PLATFORM.appId, eventsUrl());
	const movedUrl = new URL(eventItem.accessTokenUrl);
	movedUrl.host = new URL(n8n.baseUrl).host;
	await n8n.importCredentials([merchantWith(movedUrl.toString())]);
	const second = await post('e2e-merchant-send', { openid, order: 'SO-1502' });
	expect(JSON.parse(second.text)).toMatchObject({ outcome: 'sent' });
	expect(sim.templateDeliveries.map((d) => [d.appId, d.data.keyword1.value])).toEqual([[MERCHANT.appId, 'SO-1501'], [MERCHANT.appId, 'SO-1502']]);
	expect(sim.ticketPushes(PLATFORM.appId)).toHaveLength(pushesBefore);
	expect(sim.stats().componentTokenFetches).toBe(2);

	// Bad callbacks: a wrong token, a ticket encrypted for another platform: 401, nothing stored, no execution.
	const ticket = { AppId: PLATFORM.appId, ToUserName: PLATFORM.appId, CreateTime: Math.floor(Date.now() / 1000), InfoType: 'component_verify_ticket', ComponentVerifyTicket: 'ticket@@@forged' };
	const wrongKey = await sendCallback(eventsUrl(), { ...PLATFORM, token: 'someoneElse', mode: 'safe', message: ticket });
	const otherPlatform = await sendCallback(eventsUrl(), { ...PLATFORM, cipherAppId: 'wxotherplatform001', mode: 'safe', message: ticket });
	expect([wrongKey.status, otherPlatform.status]).toEqual([401, 401]);

	// Revoked: `unauthorized` runs; the next send says why it failed, and nothing is delivered.
	await sim.revokePlatform(PLATFORM.appId, MERCHANT.appId);
	const revokedSend = await post('e2e-merchant-send', { openid, order: 'SO-1503' });
	expect(revokedSend.text).toMatch(/merchant revoked the authorization/);
	expect(sim.templateDeliveries).toHaveLength(2);
	const events = await n8n.waitForExecutions({ workflowId: eventsWorkflow.id, count: 2 });
	expect(events).toHaveLength(2);
	const last = n8n.outputOf(await n8n.executionData(events.find((e) => e.id !== event.id).id), 'Platform Trigger')[0];
	expect(last).toMatchObject({ event: 'unauthorized', authorizerAppId: MERCHANT.appId });
	expect(revokedSend.text).not.toMatch(/refreshtoken@@@|component@@@|90_/);
}, 240_000);
