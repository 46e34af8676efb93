'use strict';
/**
 * The simulator's subscription family (tools/simulator/api/subscription.js): credits per user and template
 * from the user's decisions (accept +1, long-term not spent, reject/ban removes), decisions applied from the
 * callbacks it pushes to a URL, bizsend, the newtmpl library and its daily limits; template/send refusing
 * invalid typed values (47003).
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
/** Fresh tokens: moving the clock by a day expires them. */
beforeEach(async () => {
	sim.reset();
	for (const app of [OA, MP]) {
		const r = await ax.post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: app.appId, secret: app.secret });
		tokens[app.appId] = r.data.access_token;
	}
});

const call = async (method, path, app, body, params = {}) =>
	(await ax.request({ method, url: path, data: body, params: { access_token: tokens[app.appId], ...params } })).data;
const order = (touser) => ({
	touser, template_id: 'SUB_ORDER', miniprogram_state: 'formal', lang: 'zh_CN',
	data: { thing1: { value: '咖啡' }, number2: { value: '1' }, amount3: { value: '¥1.00' }, time4: { value: '10:00' }, phrase5: { value: '已发货' } },
});

test('credits: accept adds one, a send spends it (43101 after), reject and ban remove every credit', async () => {
	const u = sim.person(1).mpOpenId;
	expect((await call('post', '/cgi-bin/message/subscribe/send', MP, order(u))).errcode).toBe(43101);
	sim.applySubscriptionDecision(MP.appId, u, 'SUB_ORDER', 'accept');
	sim.applySubscriptionDecision(MP.appId, u, 'SUB_ORDER', 'accept');
	expect(sim.subscriptionCredits(u, 'SUB_ORDER')).toBe(2);
	expect((await call('post', '/cgi-bin/message/subscribe/send', MP, order(u))).errcode).toBe(0);
	expect(sim.subscriptionCredits(u, 'SUB_ORDER')).toBe(1);
	sim.applySubscriptionDecision(MP.appId, u, 'SUB_ORDER', 'ban');
	expect(sim.subscriptionCredits(u, 'SUB_ORDER')).toBe(0);
	expect((await call('post', '/cgi-bin/message/subscribe/send', MP, order(u))).errcode).toBe(43101);
});

test('a long-term template (type 3) is not spent by a send; reject ends it', async () => {
	const added = await call('post', '/wxaapi/newtmpl/addtemplate', MP, { tid: 1301, kidList: [1, 2, 3], sceneDesc: 'Reminders' });
	const u = sim.person(2).mpOpenId;
	sim.applySubscriptionDecision(MP.appId, u, added.priTmplId, 'accept');
	const body = { touser: u, template_id: added.priTmplId, data: { thing1: { value: '换证' }, date2: { value: '2024-05-01' }, name3: { value: '张三' } } };
	for (let i = 0; i < 3; i++) expect((await call('post', '/cgi-bin/message/subscribe/send', MP, body)).errcode).toBe(0);
	expect(sim.subscriptionCredits(u, added.priTmplId)).toBe(Infinity);
	sim.applySubscriptionDecision(MP.appId, u, added.priTmplId, 'reject');
	expect((await call('post', '/cgi-bin/message/subscribe/send', MP, body)).errcode).toBe(43101);
	expect((await call('post', '/wxaapi/newtmpl/deltemplate', MP, { priTmplId: added.priTmplId })).errcode).toBe(0);
});

test('pushSubscriptionEvents: one callback per user in WeChat\'s shape; the decisions apply as they are pushed', async () => {
	const received = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			received.push(body);
			res.end('success');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${server.address().port}/cb`;
	const [a, b] = [sim.person(3).oaOpenId, sim.person(4).oaOpenId];
	const result = await sim.pushSubscriptionEvents(url, {
		appId: OA.appId, token: 'tok',
		decisions: [{ openid: a, templateId: 'OA_SUB_ORDER', status: 'accept' }, { openid: a, templateId: 'X', status: 'reject' }, { openid: b, templateId: 'OA_SUB_ORDER', status: 'reject' }],
	});
	server.close();
	expect(result).toEqual({ callbacks: 2, ok: 2, failed: 0, statuses: { 200: 2 } });
	expect(received[0]).toContain('<Event><![CDATA[subscribe_msg_popup_event]]></Event><SubscribeMsgPopupEvent><List><TemplateId><![CDATA[OA_SUB_ORDER]]></TemplateId><SubscribeStatusString><![CDATA[accept]]></SubscribeStatusString>');
	expect(sim.subscriptionCredits(a, 'OA_SUB_ORDER', OA.appId)).toBe(1);
	expect(sim.subscriptionCredits(b, 'OA_SUB_ORDER', OA.appId)).toBe(0);
	const notice = { touser: a, template_id: 'OA_SUB_ORDER', data: { thing1: { value: '咖啡' }, character_string2: { value: 'SO-1' }, time3: { value: '2024-05-01 10:00' } } };
	expect((await call('post', '/cgi-bin/message/subscribe/bizsend', OA, notice)).errcode).toBe(0);
	expect((await call('post', '/cgi-bin/message/subscribe/bizsend', OA, notice)).errcode).toBe(43101);
	expect(sim.bizsendDeliveries).toHaveLength(1);
});

test('newtmpl: the library, addtemplate\'s checks (WeChat\'s errcodes), the template count limit, the daily limit (45009)', async () => {
	const titles = async (params) => (await call('get', '/wxaapi/newtmpl/getpubtemplatetitles', MP, undefined, params)).errcode;
	expect(await titles({ ids: '616', start: 0, limit: 30 })).toBe(0);
	expect(await titles({ ids: '616', start: 0, limit: 31 })).toBe(200017);
	expect(await titles({ ids: '616', start: -1, limit: 1 })).toBe(200016);
	expect(await titles({ start: 0, limit: 1 })).toBe(200018);
	expect(await titles({ ids: '616,abc', start: 0, limit: 1 })).toBe(200019);
	expect(await titles({ ids: '999', start: 0, limit: 1 })).toBe(200019);
	expect((await call('post', '/wxaapi/newtmpl/addtemplate', MP, { tid: 1101, kidList: [1] })).errcode).toBe(200020);
	expect((await call('post', '/wxaapi/newtmpl/addtemplate', MP, { tid: 1101, kidList: [1, 2], sceneDesc: 'A scene description far too long' })).errcode).toBe(200021);
	expect((await call('post', '/wxaapi/newtmpl/addtemplate', MP, { tid: 9999, kidList: [1, 2] })).errcode).toBe(200014);
	sim._bannedTids.add(1002);
	expect((await call('post', '/wxaapi/newtmpl/addtemplate', MP, { tid: 1002, kidList: [1, 2] })).errcode).toBe(200013);
	// An account holds at most 25 templates: the 26th is refused (200012) until one is deleted.
	const before = (await call('get', '/wxaapi/newtmpl/gettemplate', OA)).data.length;
	const added = [];
	for (let i = before; i < 25; i++) {
		const r = await call('post', '/wxaapi/newtmpl/addtemplate', OA, { tid: 1001, kidList: [1, 2] });
		expect(r.errcode).toBe(0);
		added.push(r.priTmplId);
	}
	expect((await call('post', '/wxaapi/newtmpl/addtemplate', OA, { tid: 1001, kidList: [1, 2] })).errcode).toBe(200012);
	expect((await call('post', '/wxaapi/newtmpl/deltemplate', OA, { priTmplId: added[0] })).errcode).toBe(0);
	expect((await call('post', '/wxaapi/newtmpl/addtemplate', OA, { tid: 1001, kidList: [1, 2] })).errcode).toBe(0);
	sim._newtmplLimits.getcategory = 2;
	for (let i = 0; i < 2; i++) expect((await call('get', '/wxaapi/newtmpl/getcategory', MP)).errcode).toBe(0);
	expect((await call('get', '/wxaapi/newtmpl/getcategory', MP)).errcode).toBe(45009);
	sim.advanceTime(24 * 3600);
	const r = await ax.post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: MP.appId, secret: MP.secret });
	tokens[MP.appId] = r.data.access_token;
	expect((await call('get', '/wxaapi/newtmpl/getcategory', MP)).errcode).toBe(0);
	sim._newtmplLimits.getcategory = 1000;
});

test('template/send: typed keywords of category templates are checked (47003), legacy keywordN are free text', async () => {
	const u = sim.person(5).oaOpenId;
	const pay = (amount) => ({ touser: u, template_id: 'TPL_PAYMENT', data: { thing1: { value: 'x' }, amount2: { value: amount }, time3: { value: '10:00' }, character_string4: { value: 'A1' } } });
	expect(await call('post', '/cgi-bin/message/template/send', OA, pay('not money'))).toMatchObject({ errcode: 47003, errmsg: expect.stringContaining('data.amount2.value invalid') });
	expect((await call('post', '/cgi-bin/message/template/send', OA, pay('¥1.00'))).errcode).toBe(0);
	const shipped = { touser: u, template_id: 'TPL_ORDER_SHIPPED', data: { keyword1: { value: 'a long order description of more than twenty characters' }, keyword2: { value: 'tomorrow' } } };
	expect((await call('post', '/cgi-bin/message/template/send', OA, shipped)).errcode).toBe(0);
});
