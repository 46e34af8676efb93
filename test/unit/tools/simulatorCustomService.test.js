'use strict';
/**
 * The simulator's customer-service family (tools/simulator/api/customService.js): windows opened by the
 * user's message (N messages over 48 hours) or by a follow/scan/menu tap (a short one), closed by an unfollow;
 * 45015 / 45047; message types per account type; typing; deliveries recorded; a dropped answer still delivers.
 */
const http = require('http');
const axios = require('axios');
const { startSimulator, DEFAULT_APPS } = require('../../../tools/simulator');

const OA = DEFAULT_APPS.oa;
const MP = DEFAULT_APPS.mp;

let sim;
let ax;
const tokens = {};
beforeAll(async () => {
	sim = await startSimulator({ port: 0 });
	sim.seedFollowers(10);
	ax = axios.create({ baseURL: sim.url, httpAgent: new http.Agent({ keepAlive: false }), validateStatus: () => true });
});
afterAll(() => sim.stop());
/** Fresh tokens: moving the clock by 48 hours expires them. */
async function fetchTokens() {
	for (const app of [OA, MP]) {
		const r = await ax.post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: app.appId, secret: app.secret });
		tokens[app.appId] = r.data.access_token;
	}
}
beforeEach(async () => {
	sim.reset();
	sim.customServiceRules({ messageQuota: 5, messageWindowSeconds: 48 * 3600, eventQuota: 3, eventWindowSeconds: 60 });
	await fetchTokens();
});

const oaUser = (i) => sim.person(i).oaOpenId;
const text = (touser, content = 'hello') => ({ touser, msgtype: 'text', text: { content } });
async function send(body, app = OA) {
	return (await ax.post('/cgi-bin/message/custom/send', body, { params: { access_token: tokens[app.appId] } })).data;
}
async function typing(touser, command, app = OA) {
	return (await ax.post('/cgi-bin/message/custom/typing', { touser, command }, { params: { access_token: tokens[app.appId] } })).data;
}
const codes = (answers) => answers.map((a) => a.errcode);

test('no interaction: 45015; a user message opens N sends over 48 hours, the (N+1)th is 45047', async () => {
	const user = oaUser(1);
	expect((await send(text(user))).errcode).toBe(45015);
	sim.customServiceRules({ messageQuota: 3 });
	sim.userInteraction(OA.appId, user, 'message');
	const answers = [];
	for (let k = 0; k < 4; k++) answers.push(await send(text(user, `m${k}`)));
	expect(codes(answers)).toEqual([0, 0, 0, 45047]);
	expect(answers[3].errmsg).toMatch(/^out of response count limit rid: /);
	expect(sim.customServiceDeliveries.map((d) => d.body.text.content)).toEqual(['m0', 'm1', 'm2']);
	sim.userInteraction(OA.appId, user, 'message'); // the user writes again: a new quota
	expect((await send(text(user))).errcode).toBe(0);
	sim.advanceTime(48 * 3600 + 1);
	await fetchTokens();
	expect((await send(text(user))).errcode).toBe(45015);
	expect(sim.stats().customServiceDeliveries).toBe(4);
});

test('follow, scan and menu taps open a short window; an unfollow closes every window', async () => {
	const user = oaUser(2);
	sim.userInteraction(OA.appId, user, 'follow');
	expect(codes([await send(text(user)), await send(text(user)), await send(text(user)), await send(text(user))])).toEqual([0, 0, 0, 45047]);
	sim.advanceTime(61);
	expect((await send(text(user))).errcode).toBe(45015);
	sim.userInteraction(OA.appId, user, 'menu');
	sim.userInteraction(OA.appId, user, 'message');
	sim.userInteraction(OA.appId, user, 'unfollow');
	expect((await send(text(user))).errcode).toBe(45015);
	expect(sim.customServiceWindows(OA.appId, user)).toEqual([]);
});

test('callbacks sent by the simulator open windows (text message, subscribe with a QR scene, CLICK) and close them (unsubscribe)', async () => {
	const user = oaUser(3);
	const base = { ToUserName: OA.originalId, FromUserName: user, CreateTime: 1 };
	// No webhook listens there: only the user's side matters (the request fails, the window opens).
	const nowhere = 'http://127.0.0.1:9/wechat';
	await sim.sendCallback(nowhere, { token: 't', appId: OA.appId, message: { ...base, MsgType: 'text', Content: 'hi', MsgId: 1 }, timeoutMs: 500 });
	expect(sim.customServiceWindows(OA.appId, user).map((w) => [w.kind, w.left])).toEqual([['message', 5]]);
	await sim.sendCallback(nowhere, { token: 't', appId: OA.appId, message: { ...base, MsgType: 'event', Event: 'subscribe', EventKey: 'qrscene_7' }, timeoutMs: 500 });
	await sim.sendCallback(nowhere, { token: 't', appId: OA.appId, message: { ...base, MsgType: 'event', Event: 'CLICK', EventKey: 'K' }, timeoutMs: 500 });
	expect(sim.customServiceWindows(OA.appId, user).map((w) => w.kind)).toEqual(['message', 'scan', 'menu']);
	await sim.sendCallback(nowhere, { token: 't', appId: OA.appId, message: { ...base, MsgType: 'event', Event: 'unsubscribe' }, timeoutMs: 500 });
	expect(sim.customServiceWindows(OA.appId, user)).toEqual([]);
});

test('typing needs an open window, uses no quota and is recorded; a bad command is 40097', async () => {
	const user = oaUser(4);
	expect((await typing(user, 'Typing')).errcode).toBe(45015);
	sim.customServiceRules({ messageQuota: 1 });
	sim.userInteraction(OA.appId, user, 'message');
	expect(codes([await typing(user, 'Typing'), await typing(user, 'CancelTyping'), await typing(user, 'Dance')])).toEqual([0, 0, 40097]);
	expect((await send(text(user))).errcode).toBe(0);
	expect(sim.typingCommands.map((t) => t.command)).toEqual(['Typing', 'CancelTyping']);
	expect(sim.stats().typingCommands).toBe(2);
});

test('message types per account type and WeChat\'s checks of each body', async () => {
	const user = oaUser(5);
	sim.customServiceRules({ messageQuota: 100 });
	sim.userInteraction(OA.appId, user, 'message');
	const mpUser = sim.person(5).mpOpenId;
	sim.userInteraction(MP.appId, mpUser, 'message');
	expect((await send({ touser: user, msgtype: 'link', link: {} })).errcode).toBe(40008);
	expect((await send({ touser: mpUser, msgtype: 'msgmenu', msgmenu: { list: [{ id: '1', content: 'a' }] } }, MP)).errcode).toBe(40008);
	expect((await send(text(user, ' '))).errcode).toBe(44004);
	expect((await send(text(user, '字'.repeat(683)))).errcode).toBe(45002);
	expect((await send(text(user, '字'.repeat(682)))).errcode).toBe(0);
	expect((await send({ touser: user, msgtype: 'image', image: {} })).errcode).toBe(40007);
	expect((await send({ touser: user, msgtype: 'news', news: { articles: [{ title: 'a' }, { title: 'b' }] } })).errcode).toBe(45008);
	expect((await send({ touser: user, msgtype: 'miniprogrampage', miniprogrampage: { title: 't', pagepath: 'p', thumb_media_id: 'm' } })).errcode).toBe(47001);
	expect((await send({ touser: mpUser, msgtype: 'miniprogrampage', miniprogrampage: { title: 't', pagepath: 'p', thumb_media_id: 'm' } }, MP)).errcode).toBe(0);
	expect((await send({ touser: mpUser, msgtype: 'link', link: { title: 't', description: 'd', url: 'https://x', thumb_url: 'https://y' } }, MP)).errcode).toBe(0);
	expect((await send({ touser: sim.person(5).mpOpenId, msgtype: 'text', text: { content: 'x' } })).errcode).toBe(40003);
	expect(sim.customServiceDeliveries.map((d) => [d.appId, d.msgtype])).toEqual([
		[OA.appId, 'text'],
		[MP.appId, 'miniprogrampage'],
		[MP.appId, 'link'],
	]);
});

test('a connection dropped after processing still delivers (once), and the control API reports it', async () => {
	const user = oaUser(6);
	sim.userInteraction(OA.appId, user, 'message');
	sim.fault({ type: 'drop', when: 'after', path: '/cgi-bin/message/custom/send', times: 1 });
	await expect(ax.post('/cgi-bin/message/custom/send', text(user), { params: { access_token: tokens[OA.appId] } })).rejects.toThrow();
	const viaHttp = (await ax.get('/__sim/custom-service')).data;
	expect(viaHttp.deliveries).toHaveLength(1);
	expect(viaHttp.rules.messageQuota).toBe(5);
	expect((await ax.post('/__sim/interaction', { openid: oaUser(7), kind: 'message' })).data).toEqual({ ok: true });
	expect((await ax.post('/__sim/custom-service/rules', { messageQuota: 2 })).data.messageQuota).toBe(2);
	expect((await ax.post('/__sim/interaction', { openid: oaUser(7), kind: 'wave' })).status).toBe(400);
});
