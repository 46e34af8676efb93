'use strict';
/**
 * examples/callback-customer-service.json in a real n8n (2.41.1 or 1.123.81, per jest project), one n8n
 * instance for the file, the simulator acting as WeChat: a user's text message arrives in safe mode; the
 * WeChat Trigger answers "success" at once, the workflow shows typing, waits (the slow step), and sends a
 * customer-service text, then an image made in the workflow (Code -> Convert to File), uploaded from its
 * binary field as temporary media and sent by its media_id. The simulator records the typing, both messages
 * and the uploaded bytes, inside the window the user's message opened. In the same n8n (no second start):
 * permanent material from a binary field (add, count, list, get back, delete; a Webhook starts it) and the
 * WeChat Reply node answering with an image from a binary field (uploaded within WeChat's 5 seconds, the
 * reply's MediaId the upload's). Needs `npm run build` first.
 */
const axios = require('axios');
const { N8nInstance } = require('../../tools/n8n');
const { startSimulator, DEFAULT_APPS } = require('../../tools/simulator');
const { decryptReply } = require('../../tools/simulator');
const { apiCredential, callbackCredential, chain, example, node } = require('../../tools/workflows');

const WECHAT = { appId: DEFAULT_APPS.oa.appId, token: 'e2eCustomerServiceToken7', encodingAesKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR' };
const workflow = example('callback-customer-service.json');
const PNG = Buffer.from(/'([A-Za-z0-9+/=]+)'/.exec(workflow.nodes.find((n) => n.name === 'Make Picture').parameters.jsCode)[1], 'base64');
const webhookId = workflow.nodes.find((n) => n.type.endsWith('.weChatTrigger')).webhookId;
const waitSeconds = workflow.nodes.find((n) => n.name === 'Slow Step').parameters.amount;

const OA_CREDENTIAL = { weChatOfficialAccountApi: { id: 'wechatOaExample', name: 'WeChat Official Account' } };
const CALLBACK_CREDENTIAL = { weChatCallbackApi: { id: 'wechatCallbackExample', name: 'WeChat Callback' } };
const OA = 'n8n-nodes-wechat-platform.weChatOfficialAccount';
const makePicture = (x) => node('Make Picture', 'n8n-nodes-base.code', x, workflow.nodes.find((n) => n.name === 'Make Picture').parameters);
const pictureFile = (x, fileName) => node('Picture File', 'n8n-nodes-base.convertToFile', x, {
	operation: 'toBinary', sourceProperty: 'png', binaryPropertyName: 'data', options: { fileName, mimeType: 'image/png' },
}, { typeVersion: 1.1 });
const addedId = "={{ $('Add Material').first().json.mediaId }}";

/** Webhook -> a picture file -> add it as permanent material, count, list, get it back (as base64), delete, count. */
const materialWorkflow = {
	id: 'wechatMaterialE2e',
	name: 'e2e: permanent material from a binary field',
	nodes: [
		node('Webhook', 'n8n-nodes-base.webhook', 0, { httpMethod: 'POST', path: 'e2e-material', responseMode: 'lastNode', options: {} }, { typeVersion: 2, webhookId: '7d3e0a52-61c4-4f0b-a0f1-0000000005aa' }),
		makePicture(200),
		pictureFile(400, 'material.png'),
		node('Add Material', OA, 600, { resource: 'media', operation: 'addMaterial', mediaType: 'image', binaryPropertyName: 'data' }, { credentials: OA_CREDENTIAL }),
		node('Count', OA, 800, { resource: 'media', operation: 'countMaterials' }, { credentials: OA_CREDENTIAL }),
		node('List', OA, 1000, { resource: 'media', operation: 'getAllMaterials', materialType: 'image', returnAll: true }, { credentials: OA_CREDENTIAL }),
		node('Get Material', OA, 1200, { resource: 'media', operation: 'getMaterial', mediaId: addedId, binaryPropertyName: 'data' }, { credentials: OA_CREDENTIAL, executeOnce: true }),
		node('Bytes', 'n8n-nodes-base.extractFromFile', 1400, { operation: 'binaryToPropery', binaryPropertyName: 'data', destinationKey: 'base64', options: {} }),
		node('Delete Material', OA, 1600, { resource: 'media', operation: 'deleteMaterial', mediaId: addedId }, { credentials: OA_CREDENTIAL }),
		node('Count After', OA, 1800, { resource: 'media', operation: 'countMaterials' }, { credentials: OA_CREDENTIAL }),
	],
	connections: chain('Webhook', 'Make Picture', 'Picture File', 'Add Material', 'Count', 'List', 'Get Material', 'Bytes', 'Delete Material', 'Count After'),
	settings: { executionOrder: 'v1' },
};

/** WeChat Trigger (reply mode) -> a picture file -> WeChat Reply with an image from the binary field. */
const replyWorkflow = {
	id: 'wechatBinaryReplyE2e',
	name: 'e2e: WeChat Reply with an image from a binary field',
	nodes: [
		node('WeChat Trigger', 'n8n-nodes-wechat-platform.weChatTrigger', 0, { responseMode: 'responseNode', triggerOn: ['message:text'], options: {} }, {
			webhookId: '7d3e0a52-61c4-4f0b-a0f1-0000000005ab',
			credentials: CALLBACK_CREDENTIAL,
		}),
		makePicture(200),
		pictureFile(400, 'reply.png'),
		node('WeChat Reply', 'n8n-nodes-wechat-platform.weChatReply', 600, { replyType: 'image', mediaSource: 'binary', binaryPropertyName: 'data' }, {
			credentials: { ...CALLBACK_CREDENTIAL, ...OA_CREDENTIAL },
		}),
	],
	connections: chain('WeChat Trigger', 'Make Picture', 'Picture File', 'WeChat Reply'),
	settings: { executionOrder: 'v1' },
};

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
	await n8n.importWorkflows([workflow, materialWorkflow, replyWorkflow]);
	for (const w of [workflow, materialWorkflow, replyWorkflow]) await n8n.activate(w.id);
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
	// outcome and reason first, then what was sent, then the input item's fields (Include Input Fields, on by default)
	const sends = { 'Show Typing': { command: 'Typing' }, 'Send Answer': { msgtype: 'text' }, 'Send Picture': { msgtype: 'image' } };
	for (const [name, sent] of Object.entries(sends)) {
		const out = n8n.outputOf(data, name);
		expect(out).toEqual([expect.objectContaining({ outcome: 'sent', reason: null, touser: user, ...sent, msgid: null, errcode: 0, errmsg: 'ok' })]);
		expect(Object.keys(out[0]).slice(0, 2)).toEqual(['outcome', 'reason']);
	}

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

test('permanent material from a binary field: added (bytes intact), counted, listed, got back byte for byte, deleted', async () => {
	sim.reset();
	const appId = DEFAULT_APPS.oa.appId;
	const response = await axios.post(n8n.webhookUrl('e2e-material'), {});
	expect(response.status).toBe(200);
	const [execution] = await n8n.waitForExecutions({ workflowId: materialWorkflow.id, count: 1, timeoutMs: 60_000 });
	expect(execution.status).toBe('success');
	const data = await n8n.executionData(execution.id);
	const [added] = n8n.outputOf(data, 'Add Material');
	expect(added).toEqual({ mediaId: expect.any(String), type: 'image', fileName: 'material.png', size: PNG.length, url: expect.stringContaining('/sim-cdn/image?id=') });
	expect(n8n.outputOf(data, 'Count')).toEqual([{ voice_count: 0, video_count: 0, image_count: 1, news_count: 0 }]);
	expect(n8n.outputOf(data, 'List')).toEqual([{ type: 'image', media_id: added.mediaId, name: 'material.png', update_time: expect.any(Number), url: added.url }]);
	expect(n8n.outputOf(data, 'Get Material')).toEqual([{ mediaId: added.mediaId, fileName: `${added.mediaId}.png`, mimeType: 'image/png', size: PNG.length }]);
	// The file n8n got back is the picture the workflow made, byte for byte.
	expect(Buffer.from(n8n.outputOf(data, 'Bytes')[0].base64, 'base64').equals(PNG)).toBe(true);
	expect(n8n.outputOf(data, 'Delete Material')).toEqual([{ mediaId: added.mediaId, deleted: true }]);
	expect(n8n.outputOf(data, 'Count After')).toEqual([{ voice_count: 0, video_count: 0, image_count: 0, news_count: 0 }]);
	// What WeChat (the simulator) saw: one call each (Count twice), the library empty again.
	expect(sim.calls).toMatchObject({
		'/cgi-bin/material/add_material': 1,
		'/cgi-bin/material/get_materialcount': 2,
		'/cgi-bin/material/batchget_material': 1,
		'/cgi-bin/material/get_material': 1,
		'/cgi-bin/material/del_material': 1,
	});
	expect(sim.materials).toEqual([]);
	expect(sim.materialCount(appId)).toEqual({ voice_count: 0, video_count: 0, image_count: 0, news_count: 0 });
}, 90_000);

test('WeChat Reply answers with an image from a binary field: uploaded once, within 5 seconds, the reply\'s MediaId is the upload\'s', async () => {
	sim.reset();
	const user = sim.person(4).oaOpenId;
	const message = { ToUserName: DEFAULT_APPS.oa.originalId, FromUserName: user, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'text', Content: 'picture please', MsgId: 24000000000000002 };
	const webhookPath = `${replyWorkflow.nodes[0].webhookId}/callback`;
	const response = await sim.sendCallback(n8n.webhookUrl(webhookPath), { ...WECHAT, mode: 'safe', message });
	expect(response.status).toBe(200);
	expect(response.elapsedMs).toBeLessThan(5000);
	const reply = decryptReply(response.body, WECHAT);
	expect(reply).toMatchObject({ valid: true, signatureValid: true, appIdValid: true });
	expect(sim.uploadedMedia).toHaveLength(1);
	const [upload] = sim.uploadedMedia;
	expect(upload).toMatchObject({ appId: DEFAULT_APPS.oa.appId, type: 'image', fileName: 'reply.png', contentType: 'image/png' });
	expect(upload.data.equals(PNG)).toBe(true);
	expect(reply.message).toMatchObject({ ToUserName: user, FromUserName: DEFAULT_APPS.oa.originalId, MsgType: 'image', Image: { MediaId: upload.mediaId } });
	expect(sim.calls['/cgi-bin/media/upload']).toBe(1);
	process.stdout.write(`real n8n: passive image reply from a binary field (upload included): ${response.elapsedMs} ms (WeChat allows 5000 ms)\n`);
}, 60_000);
