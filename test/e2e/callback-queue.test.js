'use strict';
/**
 * WeChat Trigger + WeChat Reply in real n8n 2.41.1 in queue mode (redis + main + 2 workers): the webhook is
 * received and verified on main, the workflow (and so the WeChat Reply node) runs on a worker, and the
 * passive reply travels back to main through n8n's relay in time. Retries are dropped on main. Needs
 * `npm run build` first. One n8n instance for the file.
 */
const fs = require('fs');
const path = require('path');
const { N8nInstance, REPO_ROOT } = require('../../tools/n8n');
const { sendCallback, decryptReply } = require('../../tools/simulator');

const CREDENTIAL = { id: 'wechatCallbackExample', name: 'WeChat Callback' };
const WECHAT = { appId: 'wxsimoa0000000001', token: 'e2eQueueToken42', encodingAesKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR' };
const ACCOUNT = 'gh_5140a0000001';

const replyWorkflow = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', 'callback-auto-reply.json'), 'utf8'));
const webhookId = replyWorkflow.nodes.find((n) => n.type.endsWith('.weChatTrigger')).webhookId;

const n8n = new N8nInstance({ queue: true, workers: 2 });
let users = 0;
const text = (msgId, content) => ({
	ToUserName: ACCOUNT,
	FromUserName: `oQueueUser${++users}`,
	CreateTime: Math.floor(Date.now() / 1000),
	MsgType: 'text',
	Content: content,
	MsgId: msgId,
});
const send = (message, options = {}) => sendCallback(n8n.webhookUrl(`${webhookId}/callback`), { ...WECHAT, message, mode: 'safe', ...options });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
	await n8n.prepare();
	await n8n.importCredentials([{ ...CREDENTIAL, type: 'weChatCallbackApi', data: { ...WECHAT, previousEncodingAesKey: '' } }]);
	await n8n.importWorkflows([replyWorkflow]);
	await n8n.activate(replyWorkflow.id);
	await n8n.start();
}, 35 * 60_000);

afterAll(async () => {
	await n8n.stop();
}, 60_000);

test('passive replies are built on the workers and reach WeChat through main, encrypted and in time', async () => {
	const times = [];
	for (let i = 0; i < 6; i++) {
		const message = text(`8100000000000000${String(i).padStart(3, '0')}`, `queued ${i}`);
		const response = await send(message);
		expect(response.status).toBe(200);
		const reply = decryptReply(response.body, WECHAT);
		expect(reply.valid).toBe(true);
		expect(reply.message).toMatchObject({ ToUserName: message.FromUserName, FromUserName: ACCOUNT, Content: `You said: queued ${i}` });
		times.push(response.elapsedMs);
	}
	// Concurrent users.
	const parallel = await Promise.all(
		Array.from({ length: 6 }, (_, i) => {
			const message = text(`8200000000000000${String(i).padStart(3, '0')}`, `parallel ${i}`);
			return send(message).then((response) => ({ response, message }));
		}),
	);
	for (const { response, message } of parallel) {
		expect(decryptReply(response.body, WECHAT).message).toMatchObject({ ToUserName: message.FromUserName, Content: `You said: ${message.Content}` });
		times.push(response.elapsedMs);
	}
	const executions = await n8n.waitForExecutions({ workflowId: replyWorkflow.id, count: 12 });
	expect(executions).toHaveLength(12);
	const { workers, enqueued } = n8n.workerExecutions();
	const ranOnWorkers = Object.values(workers).flatMap((w) => w.finished);
	expect([...ranOnWorkers].sort()).toEqual(executions.map((e) => e.id).sort());
	expect([...enqueued].sort()).toEqual(executions.map((e) => e.id).sort());
	times.sort((a, b) => a - b);
	process.stdout.write(`real n8n queue mode: passive reply round trip via worker: median ${times[6]} ms, max ${times[11]} ms over 12 (WeChat allows 5000 ms)\n`);
}, 180_000);

test('retries are dropped on main: one execution; a forged callback starts none', async () => {
	const before = (await n8n.executions()).length;
	const message = text('8300000000000000001', 'once');
	const responses = await Promise.all([1, 2, 3].map(() => send(message)));
	const replies = responses.filter((r) => r.body !== 'success');
	expect(replies).toHaveLength(1);
	expect(decryptReply(replies[0].body, WECHAT).message.Content).toBe('You said: once');
	const forged = await send(text('8300000000000000002', 'x'), { query: { signature: '0'.repeat(40) } });
	expect(forged).toMatchObject({ status: 401, body: 'Invalid signature' });
	await sleep(2000);
	await n8n.waitForExecutions({ workflowId: replyWorkflow.id, count: before + 1 });
	expect(await n8n.executions()).toHaveLength(before + 1);
}, 120_000);
