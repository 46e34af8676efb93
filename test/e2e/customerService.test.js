'use strict';
/**
 * examples/callback-customer-service.json in a real n8n (2.41.1 or 1.123.81, per jest project), one n8n
 * instance for the file, the simulator acting as WeChat: a user's text message arrives in safe mode; the
 * WeChat Trigger answers "success" at once, the workflow shows typing, waits (the slow step), and sends a
 * customer-service text, then an image made in the workflow (Code -> Convert to File), uploaded from its
 * binary field as temporary media and sent by its media_id. The simulator records the typing, both messages
 * and the uploaded bytes, inside the window the user's message opened. Needs `npm run build` first.
 */
const { N8nInstance } = require('../../tools/n8n');
const { startSimulator, DEFAULT_APPS } = require('../../tools/simulator');
const { apiCredential, callbackCredential, example } = require('../../tools/workflows');

const WECHAT = { appId: DEFAULT_APPS.oa.appId, token: 'e2eCustomerServiceToken7', encodingAesKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR' };
const workflow = example('callback-customer-service.json');
const PNG = Buffer.from(/'([A-Za-z0-9+/=]+)'/.exec(workflow.nodes.find((n) => n.name === 'Make Picture').parameters.jsCode)[1], 'base64');
const webhookId = workflow.nodes.find((n) => n.type.endsWith('.weChatTrigger')).webhookId;
const waitSeconds = workflow.nodes.find((n) => n.name === 'Slow Step').parameters.amount;

let sim;
const n8n = new N8nInstance({ queue: false });

beforeAll(async () => {
	sim = await startSimulator({ port: 0 });
	sim.seedFollowers(10);
	await n8n.prepare();
	await n8n.importCredentials([
		callbackCredential({ id: 'wechatCallbackExample', name: 'WeChat Callback' }, WECHAT),
		apiCredential({ id: 'wechatOaExample', name: 'WeChat Official Account' }, 'weChatOfficialAccountApi', DEFAULT_APPS.oa, sim.url),
	]);
	await n8n.importWorkflows([workflow]);
	await n8n.activate(workflow.id);
	await n8n.start();
}, 35 * 60_000);

afterAll(async () => {
	await n8n.stop();
	if (sim) await sim.stop();
}, 60_000);

test('a text message (safe mode): "success" at once, typing, the slow step, then a customer-service answer', async () => {
	const user = sim.person(3).oaOpenId;
	const message = {
		ToUserName: DEFAULT_APPS.oa.originalId,
		FromUserName: user,
		CreateTime: Math.floor(Date.now() / 1000),
		MsgType: 'text',
		Content: 'Where is my order SO-10001?',
		MsgId: 24000000000000001,
	};
	const started = Date.now();
	const response = await sim.sendCallback(n8n.webhookUrl(`${webhookId}/callback`), { ...WECHAT, mode: 'safe', message });
	expect(response).toMatchObject({ status: 200, body: 'success' });
	expect(response.elapsedMs).toBeLessThan(5000); // WeChat's limit: the slow step does not hold the answer
	// The user's message opened the window in the simulator (WeChat's side).
	expect(sim.customServiceWindows(DEFAULT_APPS.oa.appId, user)).toEqual([expect.objectContaining({ kind: 'message' })]);

	const [execution] = await n8n.waitForExecutions({ workflowId: workflow.id, count: 1, timeoutMs: 90_000 });
	expect(execution.status).toBe('success');
	const data = await n8n.executionData(execution.id);
	expect(n8n.outputOf(data, 'Show Typing')).toEqual([{ touser: user, command: 'Typing', outcome: 'sent', msgid: null, errcode: 0, errmsg: 'ok', reason: null }]);
	expect(n8n.outputOf(data, 'Send Answer')).toEqual([{ touser: user, msgtype: 'text', outcome: 'sent', msgid: null, errcode: 0, errmsg: 'ok', reason: null }]);
	expect(n8n.outputOf(data, 'Send Picture')).toEqual([{ touser: user, msgtype: 'image', outcome: 'sent', msgid: null, errcode: 0, errmsg: 'ok', reason: null }]);

	// What WeChat (the simulator) received: typing first, the answer after the slow step, once each.
	expect(sim.typingCommands).toEqual([expect.objectContaining({ appId: DEFAULT_APPS.oa.appId, touser: user, command: 'Typing' })]);
	expect(sim.customServiceDeliveries).toEqual([
		expect.objectContaining({
			appId: DEFAULT_APPS.oa.appId,
			touser: user,
			msgtype: 'text',
			body: { touser: user, msgtype: 'text', text: { content: 'Thanks for waiting. You asked: Where is my order SO-10001?' } },
		}),
		expect.objectContaining({ appId: DEFAULT_APPS.oa.appId, touser: user, msgtype: 'image', body: { touser: user, msgtype: 'image', image: { media_id: expect.any(String) } } }),
	]);
	// The picture went up once, with its name and bytes intact, and the message carries its media_id.
	expect(sim.uploadedMedia).toHaveLength(1);
	const [upload] = sim.uploadedMedia;
	expect(upload).toMatchObject({ appId: DEFAULT_APPS.oa.appId, type: 'image', fileName: 'answer.png', contentType: 'image/png' });
	expect(upload.data.equals(PNG)).toBe(true);
	expect(sim.customServiceDeliveries[1].body.image.media_id).toBe(upload.mediaId);
	const gap = sim.customServiceDeliveries[0].at - sim.typingCommands[0].at;
	expect(gap).toBeGreaterThanOrEqual(waitSeconds * 1000 - 250);
	expect(sim.typingCommands[0].at).toBeGreaterThanOrEqual(started);
	expect(sim.calls['/cgi-bin/message/custom/send']).toBe(2);
	expect(sim.customServiceWindows(DEFAULT_APPS.oa.appId, user)[0].left).toBe(3);
}, 120_000);
