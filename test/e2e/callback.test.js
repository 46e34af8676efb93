'use strict';
/**
 * WeChat Trigger and WeChat Reply in a real n8n 2.41.1, with the simulator acting as WeChat's server:
 * URL verification, plaintext / compatible / safe-mode events in XML and JSON, an encrypted passive reply
 * that the test decrypts, retries that start no second execution, and every bad input refused with the
 * right status and no execution (counted in n8n's own database). Needs `npm run build` first.
 * One n8n instance for the whole file.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { N8nInstance, REPO_ROOT } = require('../../tools/n8n');
const { sendCallback, verifyUrl, decryptReply, wxcrypto, xml } = require('../../tools/simulator');

const CREDENTIAL = { id: 'wechatCallbackExample', name: 'WeChat Callback' };
const WECHAT = {
	appId: 'wxsimoa0000000001',
	token: 'e2eCallbackToken42',
	encodingAesKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR',
};
const OTHER_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const ACCOUNT = 'gh_5140a0000001';

const example = (file) => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', file), 'utf8'));
const eventsWorkflow = example('callback-events.json');
const replyWorkflow = example('callback-auto-reply.json');

const triggerNode = (id, webhookId, parameters) => ({
	id,
	name: 'WeChat Trigger',
	type: 'n8n-nodes-wechat-platform.weChatTrigger',
	typeVersion: 1,
	position: [0, 0],
	webhookId,
	parameters,
	credentials: { weChatCallbackApi: CREDENTIAL },
});

/** Every message, safe mode required (Mini Program style): plaintext must be refused. */
const strictWorkflow = {
	id: 'wechatCallbackStrict',
	name: 'e2e: WeChat Trigger requiring safe mode',
	nodes: [
		triggerNode('e2e-strict-trigger', '7d3e0a52-61c4-4f0b-a0f1-0000000003aa', { responseMode: 'onReceived', triggerOn: ['*'], options: { securityMode: 'safe' } }),
		{ id: 'e2e-strict-noop', name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
	],
	connections: { 'WeChat Trigger': { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
};

/** Reply mode, but no WeChat Reply node: what does WeChat get? And when the workflow fails? */
const noReplyWorkflow = {
	id: 'wechatCallbackNoReply',
	name: 'e2e: reply mode without a reply',
	nodes: [
		triggerNode('e2e-noreply-trigger', '7d3e0a52-61c4-4f0b-a0f1-0000000004aa', { responseMode: 'responseNode', triggerOn: ['*'], options: {} }),
		{
			id: 'e2e-noreply-code',
			name: 'Maybe Fail',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [220, 0],
			parameters: { mode: 'runOnceForAllItems', jsCode: "if ($input.first().json.Content === 'fail') throw new Error('planned failure');\nreturn $input.all();" },
		},
	],
	connections: { 'WeChat Trigger': { main: [[{ node: 'Maybe Fail', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
};

const WORKFLOWS = [eventsWorkflow, replyWorkflow, strictWorkflow, noReplyWorkflow];
const webhookIdOf = (workflow) => workflow.nodes.find((n) => n.type.endsWith('.weChatTrigger')).webhookId;

const n8n = new N8nInstance({ queue: false });
const url = (workflow) => n8n.webhookUrl(`${webhookIdOf(workflow)}/callback`);

let userCounter = 0;
const now = () => Math.floor(Date.now() / 1000);
const newUser = () => `oE2eUser${String(++userCounter).padStart(6, '0')}`;
const follow = (extra = {}) => ({ ToUserName: ACCOUNT, FromUserName: newUser(), CreateTime: now(), MsgType: 'event', Event: 'subscribe', EventKey: '', ...extra });
const text = (msgId, content, extra = {}) => ({ ToUserName: ACCOUNT, FromUserName: newUser(), CreateTime: now(), MsgType: 'text', Content: content, MsgId: msgId, ...extra });
const send = (workflow, message, options = {}) => sendCallback(url(workflow), { ...WECHAT, message, ...options });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function executionsOf(workflow) {
	return await n8n.executions({ workflowId: workflow.id });
}

/** The trigger's output item of the newest execution of a workflow (waits for `count` executions). */
async function lastTriggerItem(workflow, count) {
	const executions = await n8n.waitForExecutions({ workflowId: workflow.id, count });
	expect(executions).toHaveLength(count);
	const data = await n8n.executionData(executions[executions.length - 1].id);
	return { execution: executions[executions.length - 1], item: n8n.outputOf(data, 'WeChat Trigger')[0], data };
}

beforeAll(async () => {
	await n8n.prepare();
	await n8n.importCredentials([{ ...CREDENTIAL, type: 'weChatCallbackApi', data: { ...WECHAT, previousEncodingAesKey: '' } }]);
	await n8n.importWorkflows(WORKFLOWS);
	for (const workflow of WORKFLOWS) await n8n.activate(workflow.id);
	await n8n.start();
}, 35 * 60_000);

afterAll(async () => {
	await n8n.stop();
}, 60_000);

test('the WeChat console verifies the URL (GET): echostr comes back as-is; a bad signature gets 401', async () => {
	const hooks = (await n8n.webhooks()).filter((w) => w.webhookPath.endsWith('/callback'));
	expect(hooks.map((w) => `${w.method} ${w.webhookPath}`).sort()).toEqual(
		WORKFLOWS.flatMap((w) => [`GET ${webhookIdOf(w)}/callback`, `POST ${webhookIdOf(w)}/callback`]).sort(),
	);
	const ok = await verifyUrl(url(eventsWorkflow), { token: WECHAT.token });
	expect(ok).toMatchObject({ ok: true, status: 200 });
	expect(ok.body).toBe(ok.echostr);
	expect(ok.headers['content-type']).toMatch(/^text\/plain/);
	const bad = await verifyUrl(url(eventsWorkflow), { token: 'notTheToken' });
	expect(bad.status).toBe(401);
	expect(bad.body).toBe('Invalid signature');
	expect(await n8n.executions()).toHaveLength(0);
}, 60_000);

test('a plaintext XML follow through a QR code: "success" at once (also the first message), one execution, qrScene given plainly', async () => {
	const message = follow({ EventKey: 'qrscene_123', Ticket: 'gQH47joAAAAAAAAAASxodHRwOi8v' });
	const response = await send(eventsWorkflow, message, { mode: 'plain' });
	expect(response).toMatchObject({ status: 200, body: 'success' });
	const { item, data } = await lastTriggerItem(eventsWorkflow, 1);
	expect(item).toMatchObject({ FromUserName: message.FromUserName, Event: 'subscribe', EventKey: 'qrscene_123', qrScene: '123', CreateTime: String(message.CreateTime) });
	expect(item._wechat).toEqual({ mode: 'plain', format: 'xml', appId: WECHAT.appId, awaitsReply: false, messageKey: expect.stringMatching(/^evt\|/) });
	expect(n8n.outputOf(data, 'Handle Event')[0]).toMatchObject({ openid: message.FromUserName, event: 'subscribe', qrScene: '123' });
}, 60_000);

test('safe-mode XML, compatible-mode XML and safe-mode JSON events are verified, decrypted and output', async () => {
	const click = follow({ Event: 'CLICK', EventKey: 'MENU_ORDERS' });
	expect(await send(eventsWorkflow, click, { mode: 'safe' })).toMatchObject({ status: 200, body: 'success' });
	let { item } = await lastTriggerItem(eventsWorkflow, 2);
	expect(item).toMatchObject({ Event: 'CLICK', EventKey: 'MENU_ORDERS', FromUserName: click.FromUserName, _wechat: { mode: 'safe', format: 'xml' } });

	const template = follow({ Event: 'TEMPLATESENDJOBFINISH', MsgID: 200163836, Status: 'success' });
	expect(await send(eventsWorkflow, template, { mode: 'compat' })).toMatchObject({ status: 200, body: 'success' });
	({ item } = await lastTriggerItem(eventsWorkflow, 3));
	expect(item).toMatchObject({ Event: 'TEMPLATESENDJOBFINISH', MsgID: '200163836', Status: 'success', _wechat: { mode: 'compat', format: 'xml' } });

	// Mini Program JSON push: the subscribe popup's List, one entry, comes out as an array.
	const popup = follow({ Event: 'subscribe_msg_popup_event', List: { TemplateId: 'SUB_ORDER', SubscribeStatusString: 'accept', PopupScene: '0' } });
	expect(await send(eventsWorkflow, popup, { mode: 'safe', format: 'json' })).toMatchObject({ status: 200, body: 'success' });
	({ item } = await lastTriggerItem(eventsWorkflow, 4));
	expect(item).toMatchObject({ Event: 'subscribe_msg_popup_event', CreateTime: popup.CreateTime, _wechat: { mode: 'safe', format: 'json' } });
	expect(item.List).toEqual([{ TemplateId: 'SUB_ORDER', SubscribeStatusString: 'accept', PopupScene: '0' }]);

	// XML popup with two entries.
	const popupXml = follow({
		Event: 'subscribe_msg_popup_event',
		SubscribeMsgPopupEvent: { List: [{ TemplateId: 'A', SubscribeStatusString: 'accept', PopupScene: 2 }, { TemplateId: 'B', SubscribeStatusString: 'reject', PopupScene: 2 }] },
	});
	expect(await send(eventsWorkflow, popupXml, { mode: 'safe' })).toMatchObject({ status: 200, body: 'success' });
	const last = await lastTriggerItem(eventsWorkflow, 5);
	expect(last.item.SubscribeMsgPopupEvent.List.map((e) => e.TemplateId)).toEqual(['A', 'B']);
	expect(n8n.outputOf(last.data, 'Handle Event')[0].subscriptions).toEqual([
		{ templateId: 'A', status: 'accept' },
		{ templateId: 'B', status: 'reject' },
	]);

	// A type not ticked under Trigger On: answered, nothing started.
	expect(await send(eventsWorkflow, text('7000000000000000001', 'hi'), { mode: 'safe' })).toMatchObject({ status: 200, body: 'success' });
	await sleep(1500);
	expect(await executionsOf(eventsWorkflow)).toHaveLength(5);
}, 120_000);

test('a text message gets an encrypted passive reply (XML and JSON) that decrypts and verifies', async () => {
	const message = text('7100000000000000001', '你好 n8n');
	const response = await send(replyWorkflow, message, { mode: 'safe' });
	expect(response.status).toBe(200);
	expect(response.headers['content-type']).toMatch(/^text\/xml/);
	const reply = decryptReply(response.body, WECHAT);
	expect(reply).toMatchObject({ valid: true, signatureValid: true, appIdValid: true });
	expect(reply.message).toMatchObject({ ToUserName: message.FromUserName, FromUserName: ACCOUNT, MsgType: 'text', Content: 'You said: 你好 n8n' });
	expect(Math.abs(Number(reply.message.CreateTime) - now())).toBeLessThan(10);
	const executions = await n8n.waitForExecutions({ workflowId: replyWorkflow.id, count: 1 });
	expect(executions[0]).toMatchObject({ status: 'success', mode: 'webhook' });

	const jsonMessage = text('7100000000000000002', 'json please');
	const jsonResponse = await send(replyWorkflow, jsonMessage, { mode: 'safe', format: 'json' });
	expect(jsonResponse.headers['content-type']).toMatch(/^application\/json/);
	const jsonReply = decryptReply(jsonResponse.body, { ...WECHAT, format: 'json' });
	expect(jsonReply.valid).toBe(true);
	expect(jsonReply.message).toMatchObject({ ToUserName: jsonMessage.FromUserName, Content: 'You said: json please' });

	const plainResponse = await send(replyWorkflow, text('7100000000000000003', 'plain'), { mode: 'plain' });
	expect(xml.parseXml(plainResponse.body)).toMatchObject({ MsgType: 'text', Content: 'You said: plain' });

	// An event is not a text message: "success", no execution.
	expect(await send(replyWorkflow, follow(), { mode: 'safe' })).toMatchObject({ status: 200, body: 'success' });

	// Round trip as WeChat sees it (request -> n8n execution -> encrypted reply), 10 in a row.
	const times = [];
	for (let i = 0; i < 10; i++) {
		const r = await send(replyWorkflow, text(`71000000000000001${String(i).padStart(2, '0')}`, `n${i}`), { mode: 'safe' });
		expect(decryptReply(r.body, WECHAT).message.Content).toBe(`You said: n${i}`);
		times.push(r.elapsedMs);
	}
	times.sort((a, b) => a - b);
	process.stdout.write(`real n8n: passive reply round trip (safe mode): median ${times[5]} ms, max ${times[9]} ms (WeChat allows 5000 ms)\n`);
	await n8n.waitForExecutions({ workflowId: replyWorkflow.id, count: 13 });
	expect(await executionsOf(replyWorkflow)).toHaveLength(13);
}, 120_000);

test('WeChat retries (same MsgId, new timestamp/nonce/ciphertext, also concurrent) start no second execution', async () => {
	const before = (await executionsOf(replyWorkflow)).length;
	const message = text('7200000000000000001', 'once');
	const first = await send(replyWorkflow, message, { mode: 'safe' });
	expect(decryptReply(first.body, WECHAT).message.Content).toBe('You said: once');
	const retries = await Promise.all([1, 2, 3].map(() => send(replyWorkflow, message, { mode: 'safe' })));
	for (const retry of retries) expect(retry).toMatchObject({ status: 200, body: 'success' });

	// Three identical events at the same moment (WeChat retrying while the first is in flight): one execution.
	const beforeEvents = (await executionsOf(eventsWorkflow)).length;
	const template = follow({ Event: 'TEMPLATESENDJOBFINISH', MsgID: 300000001, Status: 'failed:user block' });
	const burst = await Promise.all([1, 2, 3].map(() => send(eventsWorkflow, template, { mode: 'safe' })));
	expect(burst.map((r) => r.body)).toEqual(['success', 'success', 'success']);

	await sleep(1500);
	await n8n.waitForExecutions({ workflowId: replyWorkflow.id, count: before + 1 });
	expect(await executionsOf(replyWorkflow)).toHaveLength(before + 1);
	await n8n.waitForExecutions({ workflowId: eventsWorkflow.id, count: beforeEvents + 1 });
	expect(await executionsOf(eventsWorkflow)).toHaveLength(beforeEvents + 1);
}, 120_000);

test('reply mode without a reply: n8n answers 200 with an empty body; a failed run answers 500 (n8n 1.x: 200, empty) and the retry gets "success"', async () => {
	const quiet = await send(noReplyWorkflow, text('7300000000000000001', 'ok'), { mode: 'safe' });
	expect(quiet.status).toBe(200);
	expect(quiet.body).toBe('');
	const failing = text('7300000000000000002', 'fail');
	const failed = await send(noReplyWorkflow, failing, { mode: 'safe' });
	// n8n version difference: 1.x resolves the reply of every responseNode run that ends without one with {}
	// (n8n/dist/active-executions.js, finalizeExecution: responsePromise.resolve({})), so a failed run answers
	// 200 with an empty body too; 2.x resolves it with EXECUTION_ENDED_WITHOUT_RESPONSE and answers 500.
	if (n8n.major === 1) expect({ status: failed.status, body: failed.body }).toEqual({ status: 200, body: '' });
	else expect(failed.status).toBe(500);
	const retry = await send(noReplyWorkflow, failing, { mode: 'safe' });
	expect(retry).toMatchObject({ status: 200, body: 'success' });
	const executions = await n8n.waitForExecutions({ workflowId: noReplyWorkflow.id, count: 2 });
	expect(executions.map((e) => e.status)).toEqual(['success', 'error']);
	process.stdout.write(`real n8n: reply mode without reply -> ${quiet.status} "${quiet.body}" in ${quiet.elapsedMs} ms; failing run -> ${failed.status} ${failed.body}\n`);
}, 60_000);

/** A safe-mode Encrypt under our key whose padding bytes are wrong, with a valid msg_signature. */
function badPaddingCallback(message) {
	const key = Buffer.from(`${WECHAT.encodingAesKey}=`, 'base64');
	const body = Buffer.from(xml.buildXml(message));
	const length = Buffer.alloc(4);
	length.writeUInt32BE(body.length);
	const plain = Buffer.concat([crypto.randomBytes(16), length, body, Buffer.from(WECHAT.appId)]);
	const padded = Buffer.concat([plain, Buffer.alloc(32 - (plain.length % 32), 3)]);
	padded[padded.length - 1] = 4; // says "4 pad bytes of 4"; the others are 3s
	const cipher = crypto.createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
	cipher.setAutoPadding(false);
	const encrypt = Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
	const timestamp = String(now());
	const nonce = '808080';
	return {
		rawBody: xml.buildXml({ ToUserName: ACCOUNT, Encrypt: encrypt }),
		timestamp,
		nonce,
		query: { msg_signature: wxcrypto.signature(WECHAT.token, timestamp, nonce, encrypt), encrypt_type: 'aes' },
	};
}

test('bad inputs: each gets its 4xx and a short reason, and none starts an execution', async () => {
	const executionsBefore = await n8n.executions();
	const oversized = `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><Content><![CDATA[${'a'.repeat(1024 * 1024 + 1024)}]]></Content></xml>`;
	const doctype = `<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${xml.buildXml(follow())}`;
	const doctypeWithReference = `<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><ToUserName>&xxe;</ToUserName><MsgType>event</MsgType></xml>`;
	const cases = [
		['POST with a bad signature', () => send(eventsWorkflow, follow(), { query: { signature: '0'.repeat(40) } }), 401, 'Invalid signature'],
		['POST without signature', () => send(eventsWorkflow, follow(), { query: { signature: null } }), 401, 'Missing signature, timestamp or nonce'],
		['GET verification with a bad signature', () => verifyUrl(url(eventsWorkflow), { token: WECHAT.token, signature: 'f'.repeat(40) }), 401, 'Invalid signature'],
		['safe mode, msg_signature missing', () => send(eventsWorkflow, follow(), { mode: 'safe', query: { msg_signature: null } }), 401, 'Missing msg_signature'],
		['safe mode, msg_signature wrong', () => send(eventsWorkflow, follow(), { mode: 'safe', query: { msg_signature: 'a'.repeat(40) } }), 401, 'Invalid msg_signature'],
		['safe mode, ciphertext for another AppID', () => send(eventsWorkflow, follow(), { mode: 'safe', cipherAppId: 'wxsimmp0000000001' }), 401, 'Wrong AppID'],
		['safe mode, another EncodingAESKey (valid msg_signature)', () => send(eventsWorkflow, follow(), { mode: 'safe', encodingAesKey: OTHER_KEY }), 401, 'Cannot decrypt'],
		['safe mode, bad PKCS#7 padding (our key, valid msg_signature)', () => send(eventsWorkflow, follow(), { mode: 'safe', ...badPaddingCallback(follow()) }), 401, 'Cannot decrypt'],
		['stale timestamp (10 minutes old, correctly signed)', () => send(eventsWorkflow, follow(), { mode: 'safe', timestamp: now() - 600 }), 401, 'Stale timestamp'],
		['timestamp 10 minutes in the future', () => send(eventsWorkflow, follow(), { timestamp: now() + 600 }), 401, 'Stale timestamp'],
		// Sent as text/xml, a body n8n's own XML parser (xml2js) cannot read is refused by n8n with 422 before the
		// trigger runs; malformed XML that xml2js accepts reaches the trigger's strict reader: 400.
		['malformed XML: mismatched tags (n8n\'s XML parser refuses it first)', () => send(eventsWorkflow, follow(), { rawBody: '<xml><ToUserName>x</FromUserName></xml>' }), 422, /Failed to parse request body/],
		['malformed XML: truncated (xml2js lets it through)', () => send(eventsWorkflow, follow(), { rawBody: '<xml><ToUserName><![CDATA[x]]></ToUserName>' }), 400, 'Malformed body'],
		['malformed XML: two root elements', () => send(eventsWorkflow, follow(), { rawBody: `${xml.buildXml(follow())}<xml></xml>` }), 400, 'Malformed body'],
		['malformed XML: text mixed with elements', () => send(eventsWorkflow, follow(), { rawBody: '<xml>text<MsgType>event</MsgType></xml>' }), 400, 'Malformed body'],
		['XML with a processing instruction', () => send(eventsWorkflow, follow(), { rawBody: '<xml><?php system("id") ?><MsgType>event</MsgType></xml>' }), 400, 'Malformed body'],
		['oversized body (1 MiB + 1 KiB)', () => send(eventsWorkflow, follow(), { rawBody: oversized }), 413, 'Body too large'],
		['DOCTYPE with an external entity (declared, not used)', () => send(eventsWorkflow, follow(), { rawBody: doctype }), 400, 'Malformed body'],
		['DOCTYPE with an entity reference (n8n\'s XML parser refuses it first)', () => send(eventsWorkflow, follow(), { rawBody: doctypeWithReference }), 422, /Failed to parse request body/],
		['encrypt_type=aes without Encrypt', () => send(eventsWorkflow, follow(), { query: { encrypt_type: 'aes', msg_signature: 'b'.repeat(40) } }), 400, 'Missing Encrypt'],
		['neither XML nor JSON', () => send(eventsWorkflow, follow(), { rawBody: 'hello=world', headers: { 'Content-Type': 'text/plain' } }), 400, 'Malformed body'],
		['malformed JSON sent as text/plain', () => send(eventsWorkflow, follow(), { format: 'json', rawBody: '{"ToUserName": ', headers: { 'Content-Type': 'text/plain' } }), 400, 'Malformed JSON'],
		['malformed JSON sent as application/json (n8n\'s parser refuses it first)', () => send(eventsWorkflow, follow(), { format: 'json', rawBody: '{"ToUserName": ' }), 422, /Failed to parse request body/],
		['empty body', () => send(eventsWorkflow, follow(), { rawBody: '' }), 400, 'Empty body'],
		['plaintext to a trigger requiring safe mode', () => send(strictWorkflow, text('7400000000000000001', 'x'), { mode: 'plain' }), 400, 'Plaintext refused'],
	];
	const rows = [];
	for (const [name, run, status, reason] of cases) {
		const response = await run();
		rows.push({ name, status: response.status, body: String(response.body).slice(0, 60) });
		expect({ name, status: response.status }).toEqual({ name, status });
		if (typeof reason === 'string') expect({ name, body: response.body }).toEqual({ name, body: reason });
		else expect(response.body).toMatch(reason);
	}
	// Give n8n time to store anything that might have started.
	await sleep(2500);
	const executionsAfter = await n8n.executions();
	expect(executionsAfter.map((e) => e.id)).toEqual(executionsBefore.map((e) => e.id));

	// Positive control: the same instance still starts executions for a good callback.
	expect(await send(strictWorkflow, text('7400000000000000002', 'ok'), { mode: 'safe' })).toMatchObject({ status: 200, body: 'success' });
	await n8n.waitForExecutions({ workflowId: strictWorkflow.id, count: 1 });
	expect(await n8n.executions()).toHaveLength(executionsBefore.length + 1);

	const table = rows.map((r) => `| ${r.name} | ${r.status} | ${r.body.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`).join('\n');
	process.stdout.write(
		`\nbad inputs (executions before: ${executionsBefore.length}, after all ${rows.length} bad inputs: ${executionsAfter.length}, after one good callback: ${executionsBefore.length + 1})\n| input | status | body |\n|---|---|---|\n${table}\n`,
	);
}, 180_000);

test('n8n\'s log has every refusal reason and never the token or the EncodingAESKey', () => {
	const log = n8n.log('main');
	expect(log).toMatch(/WeChat Trigger "WeChat Trigger" refused a callback \(401\): Invalid signature/);
	expect(log).toMatch(/refused a callback \(413\): Body of \d+ bytes is larger than the 1048576-byte limit/);
	expect(log).toMatch(/refused a callback \(400\): body: DOCTYPE and ENTITY declarations are not allowed/);
	expect(log).not.toContain(WECHAT.token);
	expect(log).not.toContain(WECHAT.encodingAesKey);
	expect(log).not.toMatch(/Cannot set headers after they are sent/);
});
