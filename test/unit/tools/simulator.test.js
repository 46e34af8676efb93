'use strict';
/**
 * Tests of the WeChat API simulator itself (tools/simulator): token semantics, paging, quotas, dedup,
 * faults, the callback sender's crypto against the official vectors.
 */
const http = require('http');
const crypto = require('crypto');
const axios = require('axios');
const { startSimulator, DEFAULT_APPS, wxcrypto, xml } = require('../../../tools/simulator');
const { validate } = require('../../../tools/simulator/values');
const VECTORS = require('../../fixtures/test-vectors/official.json');

const OA = DEFAULT_APPS.oa;
const MP = DEFAULT_APPS.mp;
const RID = / rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/;

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
/** @param {import('../../../tools/simulator').Simulator} sim */
const client = (sim) => axios.create({ baseURL: sim.url, httpAgent: agent, validateStatus: () => true });

/** @param {ReturnType<typeof client>} ax @param {{appId: string, secret: string}} app */
async function classicToken(ax, app) {
	const r = await ax.get('/cgi-bin/token', { params: { grant_type: 'client_credential', appid: app.appId, secret: app.secret } });
	return r.data;
}
/** @param {ReturnType<typeof client>} ax @param {{appId: string, secret: string}} app */
async function stableToken(ax, app, force = false) {
	const r = await ax.post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: app.appId, secret: app.secret, force_refresh: force });
	return r.data;
}
/** A cheap authenticated call to probe a token. @param {ReturnType<typeof client>} ax @param {string} token */
async function probe(ax, token) {
	return (await ax.get('/cgi-bin/get_api_domain_ip', { params: { access_token: token } })).data;
}

/** Independent WeChat crypto for checking the simulator (not the simulator's own code). */
function refDecrypt(b64, encodingAesKey) {
	const key = Buffer.from(encodingAesKey + '=', 'base64');
	const d = crypto.createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
	d.setAutoPadding(false);
	const plain = Buffer.concat([d.update(Buffer.from(b64, 'base64')), d.final()]);
	const pad = plain[plain.length - 1];
	const content = plain.subarray(0, plain.length - pad);
	const n = content.readUInt32BE(16);
	return { msg: content.subarray(20, 20 + n).toString('utf8'), appId: content.subarray(20 + n).toString('utf8'), pad };
}
const refSign = (...parts) => crypto.createHash('sha1').update(parts.map(String).sort().join('')).digest('hex');

afterAll(() => agent.destroy());

describe('access tokens', () => {
	let sim;
	let ax;
	beforeEach(async () => {
		sim = await startSimulator({ port: 0, tokenTtlSeconds: 7200, classicOverlapSeconds: 300 });
		ax = client(sim);
	});
	afterEach(() => sim.stop());

	test('classic token: shape, errors for bad appid / secret / grant_type, whitelisting fault', async () => {
		const ok = await classicToken(ax, OA);
		expect(Object.keys(ok).sort()).toEqual(['access_token', 'expires_in']);
		expect(ok.expires_in).toBe(7200);
		expect(ok.access_token).toMatch(/^\d+_[A-Za-z0-9_-]{100,}$/);

		const badAppId = await classicToken(ax, { appId: 'wxnope', secret: OA.secret });
		expect(badAppId.errcode).toBe(40013);
		expect(badAppId.errmsg).toMatch(RID);
		const badSecret = await classicToken(ax, { appId: OA.appId, secret: 'wrong' });
		expect(badSecret).toEqual({ errcode: 40125, errmsg: expect.stringMatching(/^invalid appsecret rid: /) });
		const badGrant = await ax.get('/cgi-bin/token', { params: { grant_type: 'password', appid: OA.appId, secret: OA.secret } });
		expect(badGrant.data.errcode).toBe(40002);

		sim.fault({ type: 'errcode', errcode: 40164, path: '/cgi-bin/token', times: 1 });
		const ip = await classicToken(ax, OA);
		expect(ip.errcode).toBe(40164);
		expect(ip.errmsg).toMatch(/^invalid ip 1\.2\.3\.4 ipv6 ::ffff:1\.2\.3\.4, not in whitelist rid: /);
		expect((await classicToken(ax, OA)).access_token).toBeDefined();
		expect(sim.tokenFetches()).toBe(6);
	});

	test('missing, malformed, unknown tokens: 41001, 40014, 40001', async () => {
		expect((await ax.get('/cgi-bin/get_api_domain_ip')).data.errcode).toBe(41001);
		expect((await probe(ax, 'ACCESS_TOKEN')).errcode).toBe(40014);
		const unknown = await probe(ax, '90_' + 'x'.repeat(128));
		expect(unknown.errcode).toBe(40001);
		expect(unknown.errmsg).toMatch(/^invalid credential, access_token is invalid or not latest rid: [0-9a-f]{8}-/);
	});

	test('classic: a new token leaves the previous one working for the overlap, then 40001; expiry is 42001', async () => {
		const t1 = (await classicToken(ax, OA)).access_token;
		const t2 = (await classicToken(ax, OA)).access_token;
		expect(t2).not.toBe(t1);
		expect((await probe(ax, t1)).ip_list).toBeDefined();
		sim.advanceTime(299);
		expect((await probe(ax, t1)).ip_list).toBeDefined();
		sim.advanceTime(2);
		expect((await probe(ax, t1)).errcode).toBe(40001);
		expect((await probe(ax, t2)).ip_list).toBeDefined();
		// a third fetch starts t2's overlap; t1 stays dead
		const t3 = (await classicToken(ax, OA)).access_token;
		expect((await probe(ax, t2)).ip_list).toBeDefined();
		expect((await probe(ax, t1)).errcode).toBe(40001);
		sim.advanceTime(7200);
		expect((await probe(ax, t3)).errcode).toBe(42001);
		expect((await probe(ax, t2)).errcode).toBe(40001);
		// classic tokens of the OA do not disturb the MP
		const m1 = (await classicToken(ax, MP)).access_token;
		await classicToken(ax, OA);
		expect((await probe(ax, m1)).ip_list).toBeDefined();
	});

	test('stable_token: the same token for every caller; force_refresh kills the old one at once, 30 s apart', async () => {
		const a = await stableToken(ax, OA);
		const b = await stableToken(ax, OA);
		expect(b.access_token).toBe(a.access_token);
		expect(a.expires_in).toBe(7200);
		sim.advanceTime(100);
		const c = await stableToken(ax, OA);
		expect(c.access_token).toBe(a.access_token);
		expect(c.expires_in).toBe(7100);

		const f = await stableToken(ax, OA, true);
		expect(f.access_token).not.toBe(a.access_token);
		expect((await probe(ax, a.access_token)).errcode).toBe(40001);
		expect((await probe(ax, f.access_token)).ip_list).toBeDefined();
		expect((await stableToken(ax, OA)).access_token).toBe(f.access_token);

		const tooSoon = await stableToken(ax, OA, true);
		expect(tooSoon.errcode).toBe(45011);
		expect(tooSoon.access_token).toBeUndefined();
		sim.advanceTime(31);
		const f2 = await stableToken(ax, OA, true);
		expect(f2.access_token).not.toBe(f.access_token);

		// classic and stable tokens are independent
		const classic = (await classicToken(ax, OA)).access_token;
		await classicToken(ax, OA);
		expect((await probe(ax, f2.access_token)).ip_list).toBeDefined();
		expect((await stableToken(ax, OA)).access_token).toBe(f2.access_token);
		expect(classic).not.toBe(f2.access_token);

		expect((await ax.get('/cgi-bin/stable_token')).data.errcode).toBe(43002);
		expect((await ax.post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: OA.appId, secret: 'x' })).data.errcode).toBe(40125);
		expect(sim.tokenFetches()).toBe(12);
	});

	test('stable_token expires after the TTL and a normal call then issues a new one', async () => {
		const a = await stableToken(ax, OA);
		sim.advanceTime(7201);
		expect((await probe(ax, a.access_token)).errcode).toBe(42001);
		const b = await stableToken(ax, OA);
		expect(b.access_token).not.toBe(a.access_token);
		expect((await probe(ax, b.access_token)).ip_list).toBeDefined();
	});

	test('invalidateTokens() and the invalidateTokens fault make every issued token 40001', async () => {
		const s = (await stableToken(ax, OA)).access_token;
		const c = (await classicToken(ax, OA)).access_token;
		sim.invalidateTokens();
		expect((await probe(ax, s)).errcode).toBe(40001);
		expect((await probe(ax, c)).errcode).toBe(40001);
		const s2 = (await stableToken(ax, OA)).access_token;
		expect(s2).not.toBe(s);
		expect((await probe(ax, s2)).ip_list).toBeDefined();

		sim.fault({ type: 'invalidateTokens', path: '/cgi-bin/get_api_domain_ip', after: 1, times: 1 });
		expect((await probe(ax, s2)).ip_list).toBeDefined(); // skipped by `after`
		expect((await probe(ax, s2)).errcode).toBe(40001); // invalidated on arrival, then processed
		const s3 = (await stableToken(ax, OA)).access_token;
		expect((await probe(ax, s3)).ip_list).toBeDefined(); // `times` used up
	});
});

describe('API endpoints', () => {
	let sim;
	let ax;
	let oaToken;
	let mpToken;
	beforeAll(async () => {
		sim = await startSimulator({ port: 0 });
		ax = client(sim);
	});
	afterAll(() => sim.stop());
	beforeEach(async () => {
		sim.reset();
		oaToken = (await stableToken(ax, OA)).access_token;
		mpToken = (await stableToken(ax, MP)).access_token;
	});
	const oa = (path, params = {}) => ax.get(path, { params: { access_token: oaToken, ...params } }).then((r) => r.data);
	const oaPost = (path, body) => ax.post(path, body, { params: { access_token: oaToken } }).then((r) => r.data);
	const mpPost = (path, body) => ax.post(path, body, { params: { access_token: mpToken } }).then((r) => r.data);

	test('user/get pages 25,001 followers in pages of 10,000 with exact openids, then an empty page', async () => {
		sim.seedFollowers(25001, { unionIdEvery: 2 });
		const pages = [];
		let next = '';
		for (let guard = 0; guard < 10; guard++) {
			const page = await oa('/cgi-bin/user/get', { next_openid: next });
			pages.push(page);
			if (!page.count) break;
			next = page.next_openid;
		}
		expect(pages.map((p) => p.count)).toEqual([10000, 10000, 5001, 0]);
		expect(pages.every((p) => p.total === 25001)).toBe(true);
		expect(pages[3]).toEqual({ total: 25001, count: 0, next_openid: '' });
		const all = pages.slice(0, 3).flatMap((p) => p.data.openid);
		expect(all).toHaveLength(25001);
		expect(new Set(all).size).toBe(25001);
		for (let i = 0; i < all.length; i++) if (all[i] !== sim.person(i).oaOpenId) throw new Error(`openid ${i} is ${all[i]}`);
		expect(pages[0].next_openid).toBe(sim.person(9999).oaOpenId);
		expect(pages[2].next_openid).toBe(sim.person(25000).oaOpenId);
		expect(all[0]).toHaveLength(28);
		expect(all[0]).toMatch(/^oOA/);
		expect(sim.person(3).mpOpenId).toMatch(/^oMP[0-9a-z]{25}$/);
		expect(sim.calls['/cgi-bin/user/get']).toBe(4);
		expect((await oa('/cgi-bin/user/get', { next_openid: 'garbage' })).errcode).toBe(40003);
		// the OA-only API refuses an MP token
		expect((await ax.get('/cgi-bin/user/get', { params: { access_token: mpToken } })).data.errcode).toBe(48001);
	});

	test('user/info/batchget: at most 100, unionid only when bound, 40003 for a foreign openid', async () => {
		sim.seedFollowers(1000, { unionIdEvery: 3 });
		const list = (from, n) => Array.from({ length: n }, (_, k) => ({ openid: sim.person(from + k).oaOpenId, lang: 'zh_CN' }));
		const r = await oaPost('/cgi-bin/user/info/batchget', { user_list: list(0, 100) });
		expect(r.errcode).toBeUndefined();
		expect(r.user_info_list).toHaveLength(100);
		r.user_info_list.forEach((u, k) => {
			expect(u.openid).toBe(sim.person(k).oaOpenId);
			expect(u.subscribe).toBe(1);
			if (k % 3 === 0) expect(u.unionid).toBe(sim.person(k).unionId);
			else expect(u).not.toHaveProperty('unionid');
		});
		expect(Object.keys(r.user_info_list[0])).toEqual([
			'subscribe', 'openid', 'language', 'subscribe_time', 'unionid', 'remark', 'groupid', 'tagid_list', 'subscribe_scene', 'qr_scene', 'qr_scene_str',
		]);
		expect(sim.person(3).unionId).toMatch(/^oUN[0-9a-z]{25}$/);
		expect(sim.person(4).unionId).toBeUndefined();

		const tooMany = await oaPost('/cgi-bin/user/info/batchget', { user_list: list(0, 101) });
		expect(tooMany.errcode).toBe(40032);
		expect((await oaPost('/cgi-bin/user/info/batchget', { user_list: [] })).errcode).toBe(40032);
		const mixed = list(0, 5).concat([{ openid: sim.person(5).mpOpenId, lang: 'zh_CN' }]);
		expect((await oaPost('/cgi-bin/user/info/batchget', { user_list: mixed })).errcode).toBe(40003);
		// well-formed but never followed
		const gone = await oaPost('/cgi-bin/user/info/batchget', { user_list: list(999, 2) });
		expect(gone.user_info_list[0].subscribe).toBe(1);
		expect(gone.user_info_list[1]).toEqual({ subscribe: 0, openid: sim.person(1000).oaOpenId, tagid_list: [] });
		const bad = await ax.post('/cgi-bin/user/info/batchget', '{not json', { params: { access_token: oaToken }, headers: { 'Content-Type': 'application/json' } });
		expect(bad.data.errcode).toBe(47001);

		const one = await oa('/cgi-bin/user/info', { openid: sim.person(6).oaOpenId, lang: 'zh_CN' });
		expect(one.unionid).toBe(sim.person(6).unionId);
		expect(one.subscribe).toBe(1);
		expect((await oa('/cgi-bin/user/info', { openid: sim.person(6).mpOpenId })).errcode).toBe(40003);
	});

	test('template/send: errors, success, client_msg_id dedup within 10 minutes', async () => {
		sim.seedFollowers(10);
		const send = (over = {}) =>
			oaPost('/cgi-bin/message/template/send', {
				touser: sim.person(1).oaOpenId,
				template_id: 'TPL_ORDER_SHIPPED',
				url: 'https://example.com/o/1',
				data: { first: { value: 'Shipped' }, keyword1: { value: 'SO-1' }, keyword2: { value: '2024-05-01' }, remark: { value: 'Thanks' } },
				...over,
			});
		const first = await send({ client_msg_id: 'order-1' });
		expect(first).toEqual({ errcode: 0, errmsg: 'ok', msgid: expect.any(Number) });
		const again = await send({ client_msg_id: 'order-1' });
		expect(again.msgid).toBe(first.msgid);
		expect(sim.templateDeliveries).toHaveLength(1);
		expect(sim.templateDeliveries[0]).toEqual({
			appId: 'wxsimoa0000000001',
			touser: sim.person(1).oaOpenId,
			template_id: 'TPL_ORDER_SHIPPED',
			data: { first: { value: 'Shipped' }, keyword1: { value: 'SO-1' }, keyword2: { value: '2024-05-01' }, remark: { value: 'Thanks' } },
			url: 'https://example.com/o/1',
			miniprogram: undefined,
			client_msg_id: 'order-1',
			msgid: first.msgid,
		});
		expect((await send({ client_msg_id: 'order-2' })).msgid).not.toBe(first.msgid);
		expect((await send({ client_msg_id: 'order-1', touser: sim.person(2).oaOpenId })).msgid).not.toBe(first.msgid);
		expect((await send()).errcode).toBe(0);
		expect((await send()).errcode).toBe(0);
		expect(sim.templateDeliveries).toHaveLength(5);
		sim.advanceTime(601);
		const later = await send({ client_msg_id: 'order-1' });
		expect(later.msgid).not.toBe(first.msgid);
		expect(sim.templateDeliveries).toHaveLength(6);

		expect((await send({ touser: sim.person(1).mpOpenId })).errcode).toBe(40003);
		const notFollowing = await send({ touser: sim.person(10).oaOpenId });
		expect(notFollowing.errcode).toBe(43004);
		expect(notFollowing.errmsg).toMatch(/^require subscribe rid: /);
		expect((await send({ template_id: 'NOPE' })).errcode).toBe(40037);
		const missing = await send({ data: { keyword1: { value: 'SO-1' } } });
		expect(missing.errcode).toBe(47003);
		expect(missing.errmsg).toMatch(/^argument invalid! data\.keyword2\.value is empty rid: /);
		expect((await send({ data: { keyword1: { value: 'SO-1' }, keyword2: { value: 'x' } } })).errcode).toBe(0); // first/remark optional
		expect((await send({ template_id: 'TPL_PAYMENT', data: { thing1: { value: 'Beans' }, amount2: { value: '¥1' }, time3: { value: '10:00' } } })).errmsg).toMatch(
			/data\.character_string4\.value is empty/,
		);
		expect((await mpPost('/cgi-bin/message/template/send', { touser: sim.person(1).oaOpenId })).errcode).toBe(48001);
		expect(sim.templateDeliveries).toHaveLength(7);
	});

	test('drop faults: after = accepted and recorded but never answered; before = nothing recorded', async () => {
		sim.seedFollowers(5);
		const body = { touser: sim.person(4).oaOpenId, template_id: 'TPL_ORDER_SHIPPED', client_msg_id: 'retry-me', data: { keyword1: { value: 'a' }, keyword2: { value: 'b' } } };
		sim.fault({ type: 'drop', when: 'after', path: '/cgi-bin/message/template/send', times: 1 });
		await expect(ax.post('/cgi-bin/message/template/send', body, { params: { access_token: oaToken } })).rejects.toThrow(/socket hang up|ECONNRESET/);
		expect(sim.templateDeliveries).toHaveLength(1);
		const retry = await oaPost('/cgi-bin/message/template/send', body);
		expect(retry.errcode).toBe(0);
		expect(retry.msgid).toBe(sim.templateDeliveries[0].msgid);
		expect(sim.templateDeliveries).toHaveLength(1);

		sim.fault({ type: 'drop', when: 'before', path: '/cgi-bin/message/template/send', times: 1 });
		await expect(ax.post('/cgi-bin/message/template/send', { ...body, client_msg_id: 'other' }, { params: { access_token: oaToken } })).rejects.toThrow();
		expect(sim.templateDeliveries).toHaveLength(1);
		expect(sim.calls['/cgi-bin/message/template/send']).toBe(3);
	});

	test('errcode, http and latency faults honour path, after and times', async () => {
		const id = sim.fault({ type: 'errcode', errcode: -1, path: '/cgi-bin/get_api_domain_ip', after: 1, times: 2 });
		const codes = [];
		for (let k = 0; k < 5; k++) codes.push((await oa('/cgi-bin/get_api_domain_ip')).errcode);
		expect(codes).toEqual([undefined, -1, -1, undefined, undefined]);
		expect(sim.faults.find((f) => f.id === id)).toMatchObject({ seen: 5, applied: 2 });
		sim.clearFaults();

		sim.fault({ type: 'errcode', errcode: 45011 });
		const busy = await oa('/cgi-bin/get_api_domain_ip');
		expect(busy.errcode).toBe(45011);
		expect(busy.errmsg).toMatch(/^api minute-quota reach limit mustslower retry next minute rid: /);
		sim.clearFaults();

		sim.fault({ type: 'http', status: 502, path: '/cgi-bin/get_api_domain_ip', times: 1 });
		expect((await ax.get('/cgi-bin/get_api_domain_ip', { params: { access_token: oaToken } })).status).toBe(502);

		sim.fault({ type: 'latency', ms: 150, path: '/cgi-bin/get_api_domain_ip', times: 1 });
		let t = Date.now();
		await oa('/cgi-bin/get_api_domain_ip');
		expect(Date.now() - t).toBeGreaterThanOrEqual(140);
		t = Date.now();
		await oa('/cgi-bin/get_api_domain_ip');
		expect(Date.now() - t).toBeLessThan(140);
		expect(() => sim.fault({ type: 'explode' })).toThrow();
	});

	test('subscribe/send: MP only, typed value rules (one failure per type), quota and 43101', async () => {
		sim.seedFollowers(10);
		const user = sim.person(2).mpOpenId;
		const good = {
			thing1: { value: '保养预约 oil change' },
			date2: { value: '2024年5月1日 ~ 2024年5月3日' },
			name3: { value: '张三' },
			character_string4: { value: 'RSV-0001' },
			phone_number5: { value: '+86-0766-66888866' },
			car_number6: { value: '粤A8Z888挂' },
			letter7: { value: 'ABC' },
			symbol8: { value: '%' },
		};
		const send = (data, over = {}) => mpPost('/cgi-bin/message/subscribe/send', { touser: user, template_id: 'SUB_REMINDER', page: 'pages/index/index', data, miniprogram_state: 'formal', lang: 'zh_CN', ...over });

		expect((await oaPost('/cgi-bin/message/subscribe/send', { touser: user, template_id: 'SUB_REMINDER', data: good })).errcode).toBe(48001);
		expect((await send(good, { touser: sim.person(2).oaOpenId })).errcode).toBe(40003);
		const unknownTpl = await send(good, { template_id: 'NOPE' });
		expect(unknownTpl.errcode).toBe(40037);
		expect(unknownTpl.errmsg).toMatch(/^invalid template_id rid: /);
		const refused = await send(good);
		expect(refused.errcode).toBe(43101);
		expect(refused.errmsg).toMatch(/^user refuse to accept the msg rid: /);

		sim.grantSubscription(user, 'SUB_REMINDER', 2);
		const bad = {
			thing1: 'x'.repeat(21),
			date2: '2024-13-01',
			name3: '张三abc',
			character_string4: '中文编号',
			phone_number5: '1234567890123456789',
			car_number6: '粤A12345678',
			letter7: 'abc1',
			symbol8: '%%%%%%',
		};
		for (const [key, value] of Object.entries(bad)) {
			const r = await send({ ...good, [key]: { value } });
			expect({ key, errcode: r.errcode }).toEqual({ key, errcode: 47003 });
			expect(r.errmsg).toMatch(new RegExp(`^argument invalid! data\\.${key}\\.value invalid rid: `));
		}
		const empty = await send({ ...good, thing1: { value: '' } });
		expect(empty.errmsg).toMatch(/^argument invalid! data\.thing1\.value is empty rid: /);
		const { thing1, ...withoutThing } = good;
		expect((await send(withoutThing)).errmsg).toMatch(/data\.thing1\.value is empty/);
		expect((await send(good, { miniprogram_state: 'beta' })).errcode).toBe(47001);
		expect(sim.subscriptionQuota(user, 'SUB_REMINDER')).toBe(2); // failures consume nothing

		expect(await send(good)).toEqual({ errcode: 0, errmsg: 'ok', msgid: expect.any(Number) });
		expect((await send(good)).errcode).toBe(0);
		expect((await send(good)).errcode).toBe(43101);
		expect(sim.subscribeDeliveries).toHaveLength(2);
		expect(sim.subscribeDeliveries[0]).toEqual({ appId: MP.appId, touser: user, template_id: 'SUB_REMINDER', data: good, page: 'pages/index/index', miniprogram_state: 'formal', lang: 'zh_CN' });

		// SUB_ORDER covers number, amount, time, phrase
		sim.grantSubscription(user, 'SUB_ORDER', 1);
		const order = { thing1: { value: '咖啡豆' }, number2: { value: '2.5' }, amount3: { value: '¥128.00' }, time4: { value: '2024-05-01 10:00' }, phrase5: { value: '已发货' } };
		const orderBad = { number2: '12a', amount3: '¥12345678901', time4: '25:00', phrase5: '已发货了吗啊' };
		for (const [key, value] of Object.entries(orderBad)) {
			const r = await send({ ...order, [key]: { value } }, { template_id: 'SUB_ORDER' });
			expect({ key, errmsg: r.errmsg }).toEqual({ key, errmsg: expect.stringMatching(new RegExp(`^argument invalid! data\\.${key}\\.value invalid`)) });
		}
		expect((await send(order, { template_id: 'SUB_ORDER' })).errcode).toBe(0);
		expect(sim.subscribeDeliveries).toHaveLength(3);

		sim.setPages(MP.appId, ['pages/index/index']);
		sim.grantSubscription(user, 'SUB_ORDER', 1);
		expect((await send(order, { template_id: 'SUB_ORDER', page: 'pages/missing/missing?x=1' })).errcode).toBe(41030);
		expect((await send(order, { template_id: 'SUB_ORDER', page: '/pages/index/index?id=7' })).errcode).toBe(0);
		sim.setPages(MP.appId, null);
	});

	test('value rules accept the documented formats', () => {
		const accepted = {
			thing1: ['2024年5月1日的订单 A-1', 'x'.repeat(20)],
			number1: ['0', '3.1415', '9'.repeat(32)],
			letter1: ['abc', 'A'.repeat(32)],
			symbol1: ['%', '¥¥', '!@#$%'],
			character_string1: ['SO-2024/05#1', 'a'.repeat(32)],
			time1: ['15:01', '15:01:59', '2019年10月1日 15:01', '2024-05-01 09:00 ~ 2024-05-01 18:00', '08:00~09:30', '2024/5/1 9:00'],
			date1: ['2019年10月1日', '2024-05-01', '2024-05-01 ~ 2024-05-03', '2019年10月1日 15:01'],
			amount1: ['¥100', '100元', '¥99.50', '$1234567890.99', '128.00'],
			phone_number1: ['+86-0766-66888866', '13800138000', '(020) 8888 8888'],
			car_number1: ['粤A8Z888挂', 'ABC123', '京A12345'],
			name1: ['张三', 'John Smith', '欧阳娜娜娜娜娜娜娜娜'],
			phrase1: ['配送中', '已完成'],
		};
		for (const [key, values] of Object.entries(accepted)) for (const v of values) expect({ key, v, r: validate(key, v) }).toEqual({ key, v, r: null });
		const refused = {
			thing1: ['x'.repeat(21), 'line\u0007bell'],
			number1: ['1e5', '-', '1'.repeat(33)],
			time1: ['2024-05-01', '24:00', '10:00 ~ 11:00 ~ 12:00'],
			date1: ['15:01', '2024-02-32'],
			amount1: ['100 dollars', '¥'],
			name1: ['张三abc', '一二三四五六七八九十十'],
			phrase1: ['abc', '一二三四五六'],
		};
		for (const [key, values] of Object.entries(refused)) for (const v of values) expect({ key, v, r: validate(key, v) }).toEqual({ key, v, r: 'invalid' });
		expect(validate('thing1', undefined)).toBe('is empty');
	});

	test('template lists, jsapi ticket, api domain ip, 404 for unknown paths', async () => {
		const oaList = await oa('/cgi-bin/template/get_all_private_template');
		expect(oaList.template_list.map((t) => t.template_id)).toEqual(['TPL_ORDER_SHIPPED', 'TPL_PAYMENT']);
		expect(oaList.template_list[0].content).toBe('{{first.DATA}}\nOrder: {{keyword1.DATA}}\nShipped: {{keyword2.DATA}}\n{{remark.DATA}}');
		expect(Object.keys(oaList.template_list[0]).sort()).toEqual(['content', 'deputy_industry', 'example', 'primary_industry', 'template_id', 'title']);
		const mpList = (await ax.get('/wxaapi/newtmpl/gettemplate', { params: { access_token: mpToken } })).data;
		expect(mpList.errcode).toBe(0);
		expect(mpList.data.map((t) => t.priTmplId)).toEqual(['SUB_ORDER', 'SUB_REMINDER']);
		expect(mpList.data[0].content).toContain('{{thing1.DATA}}');
		expect(mpList.data[0].type).toBe(2);
		expect((await ax.get('/cgi-bin/template/get_all_private_template', { params: { access_token: mpToken } })).data.errcode).toBe(48001);

		const t1 = await oa('/cgi-bin/ticket/getticket', { type: 'jsapi' });
		expect(t1).toEqual({ errcode: 0, errmsg: 'ok', ticket: expect.any(String), expires_in: 7200 });
		expect(sim.lastTicket()).toBe(t1.ticket);
		await oa('/cgi-bin/ticket/getticket', { type: 'jsapi' });
		expect(sim.calls['/cgi-bin/ticket/getticket']).toBe(2);

		expect((await oa('/cgi-bin/get_api_domain_ip')).ip_list.length).toBeGreaterThan(0);

		const missing = await ax.get('/cgi-bin/does/not/exist', { params: { access_token: oaToken } });
		expect(missing.status).toBe(404);
		expect(typeof missing.data).toBe('string');
		expect(missing.data).not.toMatch(/errcode/);
	});

	test('jscode2session: openid + unionid when bound, code works once, expires after 5 minutes', async () => {
		sim.seedFollowers(10, { unionIdEvery: 2 });
		const login = (code, over = {}) =>
			ax.get('/sns/jscode2session', { params: { appid: MP.appId, secret: MP.secret, js_code: code, grant_type: 'authorization_code', ...over } }).then((r) => r.data);
		const code = sim.issueLoginCode(4);
		const r = await login(code);
		expect(Object.keys(r).sort()).toEqual(['openid', 'session_key', 'unionid']);
		expect(r.openid).toBe(sim.person(4).mpOpenId);
		expect(r.unionid).toBe(sim.person(4).unionId);
		expect(Buffer.from(r.session_key, 'base64')).toHaveLength(16);
		const used = await login(code);
		expect(used.errcode).toBe(40163);
		expect(used.errmsg).toMatch(/^code been used rid: /);
		expect((await login('never-issued')).errcode).toBe(40029);

		const unbound = await login(sim.issueLoginCode(5));
		expect(unbound.unionid).toBeUndefined();
		expect(unbound.openid).toBe(sim.person(5).mpOpenId);

		const old = sim.issueLoginCode(6);
		sim.advanceTime(301);
		expect((await login(old)).errcode).toBe(40029);
		expect((await login(sim.issueLoginCode(6), { secret: 'bad' })).errcode).toBe(40125);
		expect((await login(sim.issueLoginCode(6), { appid: OA.appId, secret: OA.secret })).errcode).toBe(40013);
	});

	test('control over HTTP: stats, seed, fault, reset', async () => {
		await ax.post('/__sim/seed', { n: 42, unionIdEvery: 0 });
		expect(sim.followerCount).toBe(42);
		expect((await oa('/cgi-bin/user/get')).count).toBe(42);
		const { id } = (await ax.post('/__sim/fault', { type: 'errcode', errcode: -1, times: 1 })).data;
		expect(id).toBeTruthy();
		expect((await oa('/cgi-bin/get_api_domain_ip')).errcode).toBe(-1);
		const stats = (await ax.get('/__sim/stats')).data;
		expect(stats.calls['/cgi-bin/user/get']).toBe(1);
		expect(stats.calls['/__sim/stats']).toBeUndefined();
		expect(stats.followers).toBe(42);
		expect(stats.templateDeliveries).toBe(0);
		await ax.post('/__sim/reset');
		expect(sim.calls).toEqual({});
		expect(sim.faults).toEqual([]);
	});

	test('third-party platform: the authorize control plays a Mini Program merchant (api_get_authorizer_info: MiniProgramInfo, service type 0), an Official Account has neither', async () => {
		const platform = { appId: 'wxsimcomponentu01', secret: 'unit-component-secret-0123456789a', token: 't', encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' };
		sim.addComponent(platform);
		const { ticket } = await sim.pushTicket(platform.appId);
		const component = (await ax.post('/cgi-bin/component/api_component_token', { component_appid: platform.appId, component_appsecret: platform.secret, component_verify_ticket: ticket })).data.component_access_token;
		const info = async (appId) => (await ax.post('/cgi-bin/component/api_get_authorizer_info', { component_appid: platform.appId, authorizer_appid: appId }, { params: { component_access_token: component } })).data.authorizer_info;
		for (const appId of [MP.appId, OA.appId]) expect((await ax.post('/__sim/platform/authorize', { componentAppId: platform.appId, authorizerAppId: appId })).status).toBe(200);
		expect(await info(MP.appId)).toMatchObject({ user_name: MP.originalId, service_type_info: { id: 0 }, MiniProgramInfo: expect.any(Object) });
		const oa = await info(OA.appId);
		expect([oa.service_type_info, 'MiniProgramInfo' in oa]).toEqual([{ id: 2 }, false]);
	});
});

describe('scale', () => {
	test('seeding 1,000,000 followers and paging through them', async () => {
		const sim = await startSimulator({ port: 0 });
		const ax = client(sim);
		try {
			let t = process.hrtime.bigint();
			sim.seedFollowers(1000000, { unionIdEvery: 1 });
			const seedMs = Number(process.hrtime.bigint() - t) / 1e6;
			const token = (await stableToken(ax, OA)).access_token;
			t = process.hrtime.bigint();
			let next = '';
			let seen = 0;
			let last = '';
			for (;;) {
				const page = (await ax.get('/cgi-bin/user/get', { params: { access_token: token, next_openid: next } })).data;
				if (!page.count) break;
				seen += page.count;
				last = page.data.openid[page.count - 1];
				next = page.next_openid;
			}
			const pageMs = Number(process.hrtime.bigint() - t) / 1e6;
			console.log(`simulator: seed 1,000,000 followers in ${seedMs.toFixed(2)} ms; paged through them (101 user/get calls) in ${pageMs.toFixed(0)} ms`);
			expect(seen).toBe(1000000);
			expect(last).toBe(sim.person(999999).oaOpenId);
			expect(sim.calls['/cgi-bin/user/get']).toBe(101);
		} finally {
			await sim.stop();
		}
	});
});

describe('callback crypto against the official vectors', () => {
	test.each(VECTORS.map((v) => [v.id, v]))('%s', (_id, v) => {
		const { input, expected } = v;
		switch (v.op) {
			case 'server_verify':
			case 'msg_signature': {
				const got = wxcrypto.signature(input.token, input.timestamp, input.nonce, input.encrypt);
				expect(got).toBe(expected.signature || expected.msg_signature);
				if (input.signature) expect(got).toBe(input.signature);
				break;
			}
			case 'decrypt': {
				const out = wxcrypto.decrypt(input.encrypt, input.encoding_aes_key);
				expect(out.appId).toBe(expected.receive_id);
				if (expected.msg !== undefined) expect(out.message).toBe(expected.msg);
				if (expected.random_utf8 !== undefined) expect(out.random.toString('utf8')).toBe(expected.random_utf8);
				for (const part of expected.msg_contains || []) expect(out.message).toContain(part);
				if (input.msg_signature) expect(wxcrypto.signature(input.token, input.timestamp, input.nonce, input.encrypt)).toBe(input.msg_signature);
				break;
			}
			case 'encrypt_fixed_random': {
				const enc = wxcrypto.encrypt(input.msg, input.receive_id, input.encoding_aes_key, Buffer.from(input.random_utf8, 'utf8'));
				expect(enc).toBe(expected.encrypt);
				if (expected.msg_signature) expect(wxcrypto.signature(input.token, input.timestamp, input.nonce, enc)).toBe(expected.msg_signature);
				break;
			}
			case 'jssdk_sign': {
				const s = `jsapi_ticket=${input.jsapi_ticket}&noncestr=${input.noncestr}&timestamp=${input.timestamp}&url=${input.url}`;
				expect(wxcrypto.sha1(s)).toBe(expected.signature);
				break;
			}
			case 'aes_key':
				expect(() => wxcrypto.aesKey(input.encoding_aes_key)).toThrow(/43/);
				break;
			default:
				throw new Error(`unhandled vector op ${v.op}`);
		}
	});

	test('DE-01 decrypts and EN-01 encrypts exactly', () => {
		const de = VECTORS.find((v) => v.id === 'DE-01');
		const out = wxcrypto.decrypt(de.input.encrypt, de.input.encoding_aes_key);
		expect(out.message).toBe(de.expected.msg);
		expect(out.appId).toBe('wxba5fad812f8e6fb9');
		const en = VECTORS.find((v) => v.id === 'EN-01');
		expect(wxcrypto.encrypt(en.input.msg, en.input.receive_id, en.input.encoding_aes_key, en.input.random_utf8)).toBe(en.expected.encrypt);
	});
});

describe('callback sender', () => {
	const TOKEN = 'simtoken123';
	const AES = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
	let receiver;
	let target;
	let received;
	let reply = { status: 200, body: 'success' };
	beforeAll(async () => {
		receiver = http.createServer((req, res) => {
			const chunks = [];
			req.on('data', (c) => chunks.push(c));
			req.on('end', () => {
				const u = new URL(req.url, 'http://x');
				received.push({ method: req.method, query: Object.fromEntries(u.searchParams), body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
				if (req.method === 'GET') {
					const q = Object.fromEntries(u.searchParams);
					const ok = refSign(TOKEN, q.timestamp, q.nonce) === q.signature;
					res.writeHead(ok ? 200 : 401, { 'Content-Type': 'text/plain' });
					res.end(ok ? q.echostr : 'bad signature');
					return;
				}
				res.writeHead(reply.status, { 'Content-Type': 'text/plain' });
				res.end(reply.body);
			});
		});
		await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
		target = `http://127.0.0.1:${receiver.address().port}/webhook/wechat`;
	});
	afterAll(() => new Promise((r) => receiver.close(r)));
	beforeEach(() => {
		received = [];
		reply = { status: 200, body: 'success' };
	});

	const message = {
		ToUserName: 'gh_5140a0000001',
		FromUserName: 'oOA0000000000000000000000001',
		CreateTime: 1714112445,
		MsgType: 'text',
		Content: 'hello ]]> <world> & 你好',
		MsgId: 24567890123456789,
	};

	test.each([
		['plain', 'xml'],
		['compat', 'xml'],
		['safe', 'xml'],
		['plain', 'json'],
		['safe', 'json'],
		['compat', 'json'],
	])('%s mode, %s: signatures and ciphertext verify independently', async (mode, format) => {
		const sim = await startSimulator({ port: 0 });
		try {
			const res = await sim.sendCallback(target, { token: TOKEN, encodingAesKey: AES, appId: OA.appId, mode, format, message, timestamp: 1714112445, nonce: '415670741' });
			expect(res.status).toBe(200);
			expect(res.body).toBe('success');
			expect(received).toHaveLength(1);
			const { query, body, headers } = received[0];
			expect(query.signature).toBe(refSign(TOKEN, '1714112445', '415670741'));
			expect(query.timestamp).toBe('1714112445');
			expect(query.nonce).toBe('415670741');
			expect(query.openid).toBe(message.FromUserName);
			expect(headers['content-type']).toBe(format === 'xml' ? 'text/xml' : 'application/json');
			expect(res.query).toEqual(query);
			const plainText = format === 'xml' ? xml.buildXml(message) : JSON.stringify(message);
			if (mode === 'plain') {
				expect(query.encrypt_type).toBeUndefined();
				expect(query.msg_signature).toBeUndefined();
				expect(body).toBe(plainText);
				return;
			}
			expect(query.encrypt_type).toBe('aes');
			const envelope = format === 'xml' ? xml.parseXml(body) : JSON.parse(body);
			const enc = envelope.Encrypt;
			expect(query.msg_signature).toBe(refSign(TOKEN, '1714112445', '415670741', enc));
			const dec = refDecrypt(enc, AES);
			expect(dec.msg).toBe(plainText);
			expect(dec.appId).toBe(OA.appId);
			expect(dec.pad).toBeGreaterThanOrEqual(1);
			expect(dec.pad).toBeLessThanOrEqual(32);
			if (mode === 'safe') {
				expect(Object.keys(envelope)).toEqual(['ToUserName', 'Encrypt']);
				if (format === 'xml') expect(body).toMatch(/^<xml><ToUserName><!\[CDATA\[gh_5140a0000001\]\]><\/ToUserName><Encrypt><!\[CDATA\[[A-Za-z0-9+/=]+\]\]><\/Encrypt><\/xml>$/);
			} else {
				expect(envelope.Content).toBe(message.Content);
				expect(envelope.Encrypt).toBeDefined();
			}
		} finally {
			await sim.stop();
		}
	});

	test('XML building: CDATA strings, bare numbers, repeated List elements', () => {
		const body = xml.buildXml({
			ToUserName: 'gh_514060000001',
			CreateTime: 1620963428,
			Event: 'subscribe_msg_popup_event',
			SubscribeMsgPopupEvent: {
				List: [
					{ TemplateId: 'SUB_ORDER', SubscribeStatusString: 'accept', PopupScene: 0 },
					{ TemplateId: 'SUB_REMINDER', SubscribeStatusString: 'reject', PopupScene: 0 },
				],
			},
		});
		expect(body).toBe(
			'<xml><ToUserName><![CDATA[gh_514060000001]]></ToUserName><CreateTime>1620963428</CreateTime><Event><![CDATA[subscribe_msg_popup_event]]></Event>' +
				'<SubscribeMsgPopupEvent><List><TemplateId><![CDATA[SUB_ORDER]]></TemplateId><SubscribeStatusString><![CDATA[accept]]></SubscribeStatusString><PopupScene>0</PopupScene></List>' +
				'<List><TemplateId><![CDATA[SUB_REMINDER]]></TemplateId><SubscribeStatusString><![CDATA[reject]]></SubscribeStatusString><PopupScene>0</PopupScene></List></SubscribeMsgPopupEvent></xml>',
		);
		const parsed = xml.parseXml(body);
		expect(parsed.SubscribeMsgPopupEvent.List).toHaveLength(2);
		expect(parsed.SubscribeMsgPopupEvent.List[1].SubscribeStatusString).toBe('reject');
		expect(xml.parseXml(xml.buildXml({ Content: 'a ]]> b' })).Content).toBe('a ]]> b');
	});

	test('tampering options produce bad signatures / foreign appId', async () => {
		const sim = await startSimulator({ port: 0 });
		try {
			await sim.sendCallback(target, { token: TOKEN, encodingAesKey: AES, appId: OA.appId, mode: 'safe', message, cipherAppId: 'wxsomeoneelse00001', query: { msg_signature: 'f'.repeat(40) } });
			const { query, body } = received[0];
			const enc = xml.parseXml(body).Encrypt;
			expect(refDecrypt(enc, AES).appId).toBe('wxsomeoneelse00001');
			expect(query.msg_signature).not.toBe(refSign(TOKEN, query.timestamp, query.nonce, enc));
			expect(Math.abs(Number(query.timestamp) - Date.now() / 1000)).toBeLessThan(5);
		} finally {
			await sim.stop();
		}
	});

	test('verifyUrl signs the GET verification', async () => {
		const sim = await startSimulator({ port: 0 });
		try {
			const ok = await sim.verifyUrl(target, { token: TOKEN });
			expect(ok.status).toBe(200);
			expect(ok.body).toBe(ok.echostr);
			expect(ok.ok).toBe(true);
			const bad = await sim.verifyUrl(target, { token: 'wrong' });
			expect(bad.status).toBe(401);
			expect(bad.ok).toBe(false);
		} finally {
			await sim.stop();
		}
	});

	test('decryptReply: official JSON reply (EN-03), XML reply, tampered signature, wrong appId', async () => {
		const sim = await startSimulator({ port: 0 });
		try {
			const en03 = VECTORS.find((v) => v.id === 'EN-03');
			const r = sim.decryptReply(JSON.stringify(en03.expected.reply_json), { token: 'AAAAA', encodingAesKey: en03.input.encoding_aes_key, appId: en03.input.receive_id, format: 'json' });
			expect(r.valid).toBe(true);
			expect(r.message).toEqual({ demo_resp: 'good luck' });

			const inner = xml.buildXml({ ToUserName: message.FromUserName, FromUserName: 'gh_5140a0000001', CreateTime: 1714112446, MsgType: 'text', Content: '收到' });
			const enc = wxcrypto.encrypt(inner, OA.appId, AES);
			const sig = refSign(TOKEN, '1714112446', 'nonce1', enc);
			const replyXml = `<xml><Encrypt><![CDATA[${enc}]]></Encrypt><MsgSignature><![CDATA[${sig}]]></MsgSignature><TimeStamp>1714112446</TimeStamp><Nonce><![CDATA[nonce1]]></Nonce></xml>`;
			const good = sim.decryptReply(replyXml, { token: TOKEN, encodingAesKey: AES, appId: OA.appId, format: 'xml' });
			expect(good.valid).toBe(true);
			expect(good.message).toEqual({ ToUserName: message.FromUserName, FromUserName: 'gh_5140a0000001', CreateTime: '1714112446', MsgType: 'text', Content: '收到' });

			const tampered = sim.decryptReply(replyXml.replace(sig, 'a'.repeat(40)), { token: TOKEN, encodingAesKey: AES, appId: OA.appId, format: 'xml' });
			expect(tampered.valid).toBe(false);
			expect(tampered.signatureValid).toBe(false);
			const foreign = sim.decryptReply(replyXml, { token: TOKEN, encodingAesKey: AES, appId: MP.appId, format: 'xml' });
			expect(foreign.valid).toBe(false);
			expect(foreign.appIdValid).toBe(false);
			expect(sim.decryptReply('success', { token: TOKEN, encodingAesKey: AES, appId: OA.appId }).valid).toBe(false);
		} finally {
			await sim.stop();
		}
	});
});
