'use strict';
/**
 * An in-process simulator of the WeChat server API (api.weixin.qq.com) for tests, benchmarks and demos.
 * Node built-ins only. Followers are derived from their index (never stored), so a 1,000,000-follower
 * account costs nothing to seed. See README.md in this folder.
 */
const http = require('http');
const crypto = require('crypto');
const { URLSearchParams } = require('url');
const { validate } = require('./values');
const { sendCallback, verifyUrl, decryptReply } = require('./callback');
const wxcrypto = require('./wxcrypto');
const xml = require('./xml');

/** @typedef {'officialAccount'|'miniProgram'} AppType */

const DEFAULT_APPS = Object.freeze({
	oa: Object.freeze({ appId: 'wxsimoa0000000001', secret: 'sim-oa-secret-0123456789abcdef01', type: /** @type {AppType} */ ('officialAccount'), originalId: 'gh_5140a0000001' }),
	mp: Object.freeze({ appId: 'wxsimmp0000000001', secret: 'sim-mp-secret-0123456789abcdef01', type: /** @type {AppType} */ ('miniProgram'), originalId: 'gh_514060000001' }),
});

const OA_TEMPLATES = [
	{
		template_id: 'TPL_ORDER_SHIPPED',
		title: 'Order shipped',
		primary_industry: 'IT科技',
		deputy_industry: '互联网|电子商务',
		content: '{{first.DATA}}\nOrder: {{keyword1.DATA}}\nShipped: {{keyword2.DATA}}\n{{remark.DATA}}',
		example: 'Your order has shipped\nOrder: SO-10001\nShipped: 2024-05-01 10:00\nThank you',
	},
	{
		template_id: 'TPL_PAYMENT',
		title: 'Payment received',
		primary_industry: 'IT科技',
		deputy_industry: '互联网|电子商务',
		content: 'Item: {{thing1.DATA}}\nAmount: {{amount2.DATA}}\nPaid at: {{time3.DATA}}\nOrder no.: {{character_string4.DATA}}',
		example: 'Item: Coffee beans 1kg\nAmount: ¥128.00\nPaid at: 2024-05-01 10:00\nOrder no.: PAY2024050100001',
	},
];

const MP_TEMPLATES = [
	{
		priTmplId: 'SUB_ORDER',
		title: '订单状态通知',
		content: '商品名称:{{thing1.DATA}}\n数量:{{number2.DATA}}\n金额:{{amount3.DATA}}\n下单时间:{{time4.DATA}}\n订单状态:{{phrase5.DATA}}\n',
		example: '商品名称:咖啡豆\n数量:2\n金额:¥128.00\n下单时间:2024年5月1日 10:00\n订单状态:已发货\n',
		type: 2,
	},
	{
		priTmplId: 'SUB_REMINDER',
		title: '预约提醒',
		content:
			'事项:{{thing1.DATA}}\n日期:{{date2.DATA}}\n联系人:{{name3.DATA}}\n编号:{{character_string4.DATA}}\n电话:{{phone_number5.DATA}}\n车牌:{{car_number6.DATA}}\n代码:{{letter7.DATA}}\n标记:{{symbol8.DATA}}\n',
		example: '事项:保养预约\n日期:2024年5月1日\n联系人:张三\n编号:RSV-0001\n电话:+86-0766-66888866\n车牌:粤A8Z888\n代码:ABC\n标记:%\n',
		type: 2,
	},
];

const ERRMSG = {
	'-1': 'system error',
	40001: 'invalid credential, access_token is invalid or not latest',
	40002: 'invalid grant_type',
	40003: 'invalid openid',
	40013: 'invalid appid',
	40014: 'invalid access_token',
	40029: 'invalid code',
	40032: 'invalid openid list size',
	40037: 'invalid template_id',
	40097: 'invalid args',
	40125: 'invalid appsecret',
	40163: 'code been used',
	41001: 'access_token missing',
	41002: 'appid missing',
	41004: 'appsecret missing',
	41008: 'missing code',
	41030: 'invalid page',
	42001: 'access_token expired',
	43002: 'require POST method',
	43004: 'require subscribe',
	43101: 'user refuse to accept the msg',
	45009: 'reach max api daily quota limit',
	45011: 'api minute-quota reach limit mustslower retry next minute',
	45015: 'response out of time limit or subscription is canceled',
	45047: 'out of response count limit',
	47001: 'data format error',
	47003: 'argument invalid!',
	48001: 'api unauthorized',
};

const TOKEN_RE = /^\d{1,4}_[A-Za-z0-9_-]{32,}$/;
const OPENID_BODY_RE = /^[0-9a-z]{25}$/;
const PAGE = 10000;
const BATCH = 100;
const DEDUP_MS = 10 * 60 * 1000;
const CODE_MS = 5 * 60 * 1000;
const SCENES = ['ADD_SCENE_SEARCH', 'ADD_SCENE_QR_CODE', 'ADD_SCENE_PROFILE_CARD', 'ADD_SCENE_ACCOUNT_MIGRATION', 'ADD_SCENE_OTHERS'];
const STATES = new Set(['developer', 'trial', 'formal']);
const LANGS = new Set(['zh_CN', 'en_US', 'zh_HK', 'zh_TW']);
const FAULT_TYPES = new Set(['latency', 'errcode', 'invalidateTokens', 'drop', 'http']);

/**
 * @typedef {object} Template
 * @property {string} id
 * @property {string[]} keywords
 * @property {Record<string, any>} listing what the template-list endpoint shows
 *
 * @typedef {object} TokenRecord
 * @property {string} token
 * @property {string} appId
 * @property {'classic'|'stable'} kind
 * @property {number} serial
 * @property {number} expiresAt ms
 * @property {number} invalidAt ms (Infinity while valid)
 *
 * @typedef {object} App
 * @property {string} appId
 * @property {string} secret
 * @property {AppType} type
 * @property {string} prefix 3-char openid prefix
 * @property {string} originalId gh_...
 * @property {Map<string, Template>} templates
 * @property {Set<string>|null} pages
 * @property {TokenRecord|null} classic
 * @property {TokenRecord|null} stable
 * @property {{ last: number, day: number, count: number }} force
 * @property {string|null} ticket
 *
 * @typedef {object} FaultSpec
 * @property {'latency'|'errcode'|'invalidateTokens'|'drop'|'http'} type
 * @property {string} [path] exact path; every path when omitted
 * @property {number} [times] how many requests it affects (unlimited when omitted)
 * @property {number} [after] skip the first N matching requests
 * @property {number} [ms] latency
 * @property {number} [errcode] @property {string} [errmsg] @property {string} [ip] for 40164
 * @property {'before'|'after'} [when] drop
 * @property {number} [status] @property {string} [body] http: answer this HTTP status and body
 */

/** @param {string} content */
function keywordsOf(content) {
	/** @type {string[]} */
	const out = [];
	const re = /\{\{\s*([A-Za-z0-9_]+)\.DATA\s*\}\}/g;
	let m;
	while ((m = re.exec(content))) if (!out.includes(m[1])) out.push(m[1]);
	return out;
}

/** @param {number} n */
const hex8 = (n) => (n >>> 0).toString(16).padStart(8, '0');

class Simulator {
	/** @param {{ tokenTtlSeconds?: number, classicOverlapSeconds?: number, latencyMs?: number, stableForceIntervalSeconds?: number, stableForceDailyLimit?: number }} [options] */
	constructor(options = {}) {
		this.options = {
			tokenTtlSeconds: options.tokenTtlSeconds ?? 7200,
			classicOverlapSeconds: options.classicOverlapSeconds ?? 300,
			latencyMs: options.latencyMs ?? 0,
			stableForceIntervalSeconds: options.stableForceIntervalSeconds ?? 30,
			stableForceDailyLimit: options.stableForceDailyLimit ?? 20,
		};
		/** @type {string} */
		this.url = '';
		/** @type {Map<string, App>} */
		this.apps = new Map();
		this._prefixSeq = 0;
		this._followers = 0;
		this._unionIdEvery = 1;
		this._clockOffset = 0;
		/** @type {Map<string, TokenRecord>} */
		this._tokens = new Map();
		this._tokenSerial = 0;
		this._invalidBefore = 0;
		this._ridSeq = crypto.randomInt(0, 0x7fffffff);
		this._msgId = 3000000000;
		/** @type {Record<string, number>} */
		this._calls = {};
		/** @type {any[]} */
		this._templateDeliveries = [];
		/** @type {any[]} */
		this._subscribeDeliveries = [];
		/** @type {Map<string, { msgid: number, at: number }>} */
		this._dedup = new Map();
		/** @type {Map<string, number>} */
		this._quota = new Map();
		/** @type {Map<string, { index: number, appId: string, expiresAt: number, used: boolean }>} */
		this._codes = new Map();
		/** @type {Array<FaultSpec & { id: string, seen: number, applied: number }>} */
		this._faults = [];
		this._faultSeq = 0;
		/** @type {Set<NodeJS.Timeout>} */
		this._timers = new Set();
		this.addApp({ ...DEFAULT_APPS.oa, openIdPrefix: 'oOA' });
		this.addApp({ ...DEFAULT_APPS.mp, openIdPrefix: 'oMP' });
		this.server = http.createServer((req, res) => {
			this._handle(req, res).catch((e) => {
				if (!res.headersSent && !res.destroyed) {
					res.writeHead(500, { 'Content-Type': 'text/plain' });
					res.end(String(e && e.stack));
				}
			});
		});
		this.server.keepAliveTimeout = 65000;
		this.server.headersTimeout = 66000;
	}

	// ---------------------------------------------------------------- public API

	/** Request counts by path (every request, including failed and faulted ones; /__sim/* excluded). */
	get calls() {
		return this._calls;
	}
	/** One entry per accepted template send (a client_msg_id duplicate adds nothing). */
	get templateDeliveries() {
		return this._templateDeliveries;
	}
	/** One entry per accepted subscribe send. */
	get subscribeDeliveries() {
		return this._subscribeDeliveries;
	}
	/** Active faults with their `seen`/`applied` counters. */
	get faults() {
		return this._faults;
	}
	/** Number of seeded followers. */
	get followerCount() {
		return this._followers;
	}

	/** Simulated now (ms): real time plus advanceTime() offsets. */
	now() {
		return Date.now() + this._clockOffset;
	}
	/** Move the simulated clock forward (token expiry, overlap, code lifetime, dedup window, force-refresh gap). @param {number} seconds */
	advanceTime(seconds) {
		this._clockOffset += seconds * 1000;
	}

	/**
	 * Register (or update) an app. Templates default to the two OA templates or the two MP templates.
	 * @param {{ appId: string, secret: string, type: AppType, originalId?: string, openIdPrefix?: string, templates?: any[], pages?: string[] }} spec
	 */
	addApp(spec) {
		if (!spec || !spec.appId || !spec.secret) throw new Error('addApp needs appId and secret');
		if (spec.type !== 'officialAccount' && spec.type !== 'miniProgram') throw new Error('type must be officialAccount or miniProgram');
		const existing = this.apps.get(spec.appId);
		let prefix = spec.openIdPrefix || (existing && existing.prefix);
		if (!prefix) prefix = 'o' + (this._prefixSeq++).toString(36).padStart(2, '0');
		if (!/^o[A-Za-z0-9]{2}$/.test(prefix)) throw new Error('openIdPrefix must be "o" + 2 alphanumerics');
		/** @type {App} */
		const app = existing || {
			appId: spec.appId,
			secret: spec.secret,
			type: spec.type,
			prefix,
			originalId: '',
			templates: new Map(),
			pages: null,
			classic: null,
			stable: null,
			force: { last: -Infinity, day: -1, count: 0 },
			ticket: null,
		};
		app.secret = spec.secret;
		app.type = spec.type;
		app.prefix = prefix;
		app.originalId = spec.originalId || app.originalId || 'gh_' + crypto.createHash('sha1').update(spec.appId).digest('hex').slice(0, 12);
		if (spec.pages) app.pages = new Set(spec.pages.map((p) => p.replace(/^\//, '')));
		this.apps.set(spec.appId, app);
		if (!existing || spec.templates) {
			app.templates.clear();
			for (const t of spec.templates || (spec.type === 'officialAccount' ? OA_TEMPLATES : MP_TEMPLATES)) this.addTemplate(spec.appId, t);
		}
		return { appId: app.appId, secret: app.secret, type: app.type, originalId: app.originalId, openIdPrefix: app.prefix };
	}

	/**
	 * Add a template to an app: OA shape {template_id, title, content, ...} or MP shape {priTmplId, title, content, ...}.
	 * Keywords are read from the content ({{name.DATA}}).
	 * @param {string} appId @param {Record<string, any>} t
	 */
	addTemplate(appId, t) {
		const app = this._app(appId);
		const id = t.template_id || t.priTmplId;
		if (!id || typeof t.content !== 'string') throw new Error('template needs template_id/priTmplId and content');
		const listing =
			app.type === 'officialAccount'
				? { template_id: id, title: t.title || id, primary_industry: t.primary_industry || '', deputy_industry: t.deputy_industry || '', content: t.content, example: t.example || '' }
				: { priTmplId: id, title: t.title || id, content: t.content, example: t.example || '', type: t.type || 2 };
		app.templates.set(id, { id, keywords: keywordsOf(t.content), listing });
	}

	/** Restrict subscribe-message `page` to these paths (41030 otherwise); null allows any. @param {string} appId @param {string[]|null} pages */
	setPages(appId, pages) {
		this._app(appId).pages = pages ? new Set(pages.map((p) => p.replace(/^\//, ''))) : null;
	}

	/**
	 * Followers 0..n-1 of every OA (each person also exists in every MP). Person i has a unionid when
	 * unionIdEvery > 0 and i % unionIdEvery === 0. O(1): nothing per follower is stored.
	 * @param {number} n @param {{ unionIdEvery?: number }} [opts]
	 */
	seedFollowers(n, opts = {}) {
		if (!Number.isInteger(n) || n < 0) throw new Error('n must be a non-negative integer');
		const every = opts.unionIdEvery ?? 1;
		if (!Number.isInteger(every) || every < 0) throw new Error('unionIdEvery must be a non-negative integer');
		this._followers = n;
		this._unionIdEvery = every;
	}

	/** openid of person i in an app. @param {string} appId @param {number} i */
	openIdOf(appId, i) {
		return this._app(appId).prefix + i.toString(36).padStart(25, '0');
	}
	/** @param {number} i */
	unionIdOf(i) {
		return this._unionIdEvery > 0 && i % this._unionIdEvery === 0 ? 'oUN' + i.toString(36).padStart(25, '0') : undefined;
	}
	/** Person index of an openid of the given app, or -1 when it is not a well-formed openid of that app. @param {string} appId @param {string} openid */
	indexOf(appId, openid) {
		return this._decode(this._app(appId), openid);
	}

	/**
	 * @param {number} i
	 * @returns {{ index: number, oaOpenId: string, mpOpenId: string, unionId: string|undefined, follower: boolean }}
	 */
	person(i) {
		return {
			index: i,
			oaOpenId: this.openIdOf(DEFAULT_APPS.oa.appId, i),
			mpOpenId: this.openIdOf(DEFAULT_APPS.mp.appId, i),
			unionId: this.unionIdOf(i),
			follower: i < this._followers,
		};
	}

	/** A wx.login code for person i (5 minutes, once). @param {number} i @param {string} [appId] an MP appId */
	issueLoginCode(i, appId = DEFAULT_APPS.mp.appId) {
		const app = this._app(appId);
		if (app.type !== 'miniProgram') throw new Error('login codes are issued by a Mini Program');
		const code = crypto.randomBytes(24).toString('base64url');
		this._codes.set(code, { index: i, appId, expiresAt: this.now() + CODE_MS, used: false });
		return code;
	}

	/**
	 * Give a user `count` subscribe-message sends of a template (what wx.requestSubscribeMessage grants).
	 * @param {string} mpOpenId @param {string} templateId @param {number} [count] @param {string} [appId]
	 */
	grantSubscription(mpOpenId, templateId, count = 1, appId = DEFAULT_APPS.mp.appId) {
		const key = appId + '|' + mpOpenId + '|' + templateId;
		this._quota.set(key, (this._quota.get(key) || 0) + count);
	}
	/** Remaining quota. @param {string} mpOpenId @param {string} templateId @param {string} [appId] */
	subscriptionQuota(mpOpenId, templateId, appId = DEFAULT_APPS.mp.appId) {
		return this._quota.get(appId + '|' + mpOpenId + '|' + templateId) || 0;
	}

	/** Calls to /cgi-bin/token plus /cgi-bin/stable_token. */
	tokenFetches() {
		return (this._calls['/cgi-bin/token'] || 0) + (this._calls['/cgi-bin/stable_token'] || 0);
	}

	/** The current stable token of an app (or null), to let a test play "the other system". @param {string} [appId] */
	currentStableToken(appId = DEFAULT_APPS.oa.appId) {
		const r = this._app(appId).stable;
		return r && this._tokenState(r) === 0 ? r.token : null;
	}
	/** The last jsapi ticket issued to an app (or null). @param {string} [appId] */
	lastTicket(appId = DEFAULT_APPS.oa.appId) {
		return this._app(appId).ticket;
	}

	/** Every token issued so far becomes invalid (40001), as when another system force-refreshes. */
	invalidateTokens() {
		this._invalidBefore = this._tokenSerial + 1;
		for (const app of this.apps.values()) {
			app.classic = null;
			app.stable = null;
		}
	}

	/**
	 * Inject a fault; returns its id.
	 * @param {FaultSpec} spec
	 */
	fault(spec) {
		if (!spec || !FAULT_TYPES.has(spec.type)) throw new Error(`fault type must be one of ${[...FAULT_TYPES].join(', ')}`);
		if (spec.type === 'latency' && !(Number(spec.ms) >= 0)) throw new Error('latency fault needs ms');
		if (spec.type === 'errcode' && typeof spec.errcode !== 'number') throw new Error('errcode fault needs errcode');
		if (spec.type === 'drop' && spec.when !== undefined && spec.when !== 'before' && spec.when !== 'after') throw new Error("drop.when is 'before' or 'after'");
		if (spec.type === 'http' && !(Number(spec.status) >= 100)) throw new Error('http fault needs status');
		const id = 'fault-' + ++this._faultSeq;
		this._faults.push({ ...spec, id, seen: 0, applied: 0 });
		return id;
	}
	/** @param {string} id */
	removeFault(id) {
		this._faults = this._faults.filter((f) => f.id !== id);
	}
	clearFaults() {
		this._faults = [];
	}

	/**
	 * Calls, deliveries, faults, client_msg_id memory, subscription quotas, login codes and force-refresh
	 * limits back to empty. Apps, followers, issued tokens and the clock stay.
	 */
	reset() {
		for (const k of Object.keys(this._calls)) delete this._calls[k];
		this._templateDeliveries.length = 0;
		this._subscribeDeliveries.length = 0;
		this._dedup.clear();
		this._quota.clear();
		this._codes.clear();
		this._faults = [];
		for (const app of this.apps.values()) app.force = { last: -Infinity, day: -1, count: 0 };
	}

	/** Summary used by GET /__sim/stats. */
	stats() {
		return {
			calls: { ...this._calls },
			tokenFetches: this.tokenFetches(),
			templateDeliveries: this._templateDeliveries.length,
			subscribeDeliveries: this._subscribeDeliveries.length,
			followers: this._followers,
			unionIdEvery: this._unionIdEvery,
			faults: this._faults.map((f) => ({ ...f })),
		};
	}

	/** @param {string} targetUrl @param {import('./callback').CallbackOptions} opts */
	sendCallback(targetUrl, opts) {
		return sendCallback(targetUrl, opts);
	}
	/** @param {string} targetUrl @param {Parameters<typeof verifyUrl>[1]} opts */
	verifyUrl(targetUrl, opts) {
		return verifyUrl(targetUrl, opts);
	}
	/** @param {string} body @param {Parameters<typeof decryptReply>[1]} opts */
	decryptReply(body, opts) {
		return decryptReply(body, opts);
	}

	/** @param {number} port */
	listen(port) {
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, '127.0.0.1', () => {
				this.server.off('error', reject);
				const addr = /** @type {import('net').AddressInfo} */ (this.server.address());
				this.port = addr.port;
				this.url = `http://127.0.0.1:${addr.port}`;
				resolve(this);
			});
		});
	}

	stop() {
		for (const t of this._timers) clearTimeout(t);
		this._timers.clear();
		return new Promise((resolve) => {
			this.server.close(() => resolve(undefined));
			this.server.closeAllConnections();
		});
	}

	// ---------------------------------------------------------------- internals

	/** @param {string} appId */
	_app(appId) {
		const app = this.apps.get(appId);
		if (!app) throw new Error(`unknown app ${appId}`);
		return app;
	}

	/** @param {App} app @param {unknown} openid @returns {number} index or -1 */
	_decode(app, openid) {
		if (typeof openid !== 'string' || openid.length !== 28 || !openid.startsWith(app.prefix)) return -1;
		const body = openid.slice(3);
		if (!OPENID_BODY_RE.test(body)) return -1;
		const n = parseInt(body, 36);
		return Number.isSafeInteger(n) ? n : -1;
	}

	_rid() {
		this._ridSeq = (this._ridSeq + 1) >>> 0;
		return hex8(Math.floor(this.now() / 1000)) + '-' + hex8(this._ridSeq) + '-' + hex8(Math.imul(this._ridSeq, 2654435761));
	}

	/** @param {number} code @param {string} [msg] */
	_err(code, msg) {
		return { json: { errcode: code, errmsg: `${msg ?? ERRMSG[/** @type {keyof typeof ERRMSG} */ (code)] ?? 'error'} rid: ${this._rid()}` } };
	}

	/** @param {App} app @param {'classic'|'stable'} kind */
	_issueToken(app, kind) {
		const now = this.now();
		/** @type {TokenRecord} */
		const rec = {
			token: '90_' + crypto.randomBytes(96).toString('base64url'),
			appId: app.appId,
			kind,
			serial: ++this._tokenSerial,
			expiresAt: now + this.options.tokenTtlSeconds * 1000,
			invalidAt: Infinity,
		};
		this._tokens.set(rec.token, rec);
		return rec;
	}

	/** 0 valid, 40001 invalidated, 42001 expired. @param {TokenRecord} rec */
	_tokenState(rec) {
		const now = this.now();
		if (rec.serial < this._invalidBefore || now >= rec.invalidAt) return 40001;
		if (now >= rec.expiresAt) return 42001;
		return 0;
	}

	/** @param {URLSearchParams} q @returns {{ app: App } | { error: any }} */
	_auth(q) {
		const t = q.get('access_token');
		if (!t) return { error: this._err(41001) };
		if (!TOKEN_RE.test(t)) return { error: this._err(40014) };
		const rec = this._tokens.get(t);
		if (!rec) return { error: this._err(40001) };
		const state = this._tokenState(rec);
		if (state) return { error: this._err(state) };
		return { app: this._app(rec.appId) };
	}

	/** Common appid/secret checks for the token endpoints. @param {any} appid @param {any} secret */
	_credentials(appid, secret) {
		if (!appid) return { error: this._err(41002) };
		if (!secret) return { error: this._err(41004) };
		const app = this.apps.get(String(appid));
		if (!app) return { error: this._err(40013) };
		if (app.secret !== String(secret)) return { error: this._err(40125) };
		return { app };
	}

	/** @param {App} app @param {number} i @param {string} openid */
	_userInfo(app, i, openid) {
		if (i >= this._followers) return { subscribe: 0, openid, tagid_list: [] };
		/** @type {Record<string, any>} */
		const u = { subscribe: 1, openid, language: 'zh_CN', subscribe_time: 1700000000 - (i % 94608000) };
		const unionid = this.unionIdOf(i);
		if (unionid) u.unionid = unionid;
		u.remark = '';
		u.groupid = 0;
		u.tagid_list = i % 10 === 0 ? [2] : [];
		u.subscribe_scene = SCENES[i % SCENES.length];
		u.qr_scene = 0;
		u.qr_scene_str = '';
		return u;
	}

	/** _userInfo as JSON text, built directly (the hot path of a follower sync). openid is [0-9a-zA-Z] only. @param {number} i @param {string} openid */
	_userInfoJson(i, openid) {
		if (i >= this._followers) return `{"subscribe":0,"openid":"${openid}","tagid_list":[]}`;
		const unionid = this.unionIdOf(i);
		return (
			`{"subscribe":1,"openid":"${openid}","language":"zh_CN","subscribe_time":${1700000000 - (i % 94608000)},` +
			(unionid ? `"unionid":"${unionid}",` : '') +
			`"remark":"","groupid":0,"tagid_list":${i % 10 === 0 ? '[2]' : '[]'},"subscribe_scene":"${SCENES[i % SCENES.length]}","qr_scene":0,"qr_scene_str":""}`
		);
	}

	/** @param {string} path @returns {Array<FaultSpec & { id: string, seen: number, applied: number }>} */
	_matchFaults(path) {
		if (this._faults.length === 0) return [];
		const out = [];
		for (const f of this._faults) {
			if (f.path !== undefined && f.path !== path) continue;
			f.seen++;
			if (f.after !== undefined && f.seen <= f.after) continue;
			if (f.times !== undefined && f.applied >= f.times) continue;
			f.applied++;
			out.push(f);
		}
		return out;
	}

	/** @param {number} ms */
	_sleep(ms) {
		return new Promise((resolve) => {
			const t = setTimeout(() => {
				this._timers.delete(t);
				resolve(undefined);
			}, ms);
			this._timers.add(t);
		});
	}

	/** @param {http.IncomingMessage} req @returns {Promise<string>} */
	_readBody(req) {
		return new Promise((resolve, reject) => {
			/** @type {Buffer[]} */
			const chunks = [];
			let size = 0;
			req.on('data', (c) => {
				size += c.length;
				if (size > 4 * 1024 * 1024) {
					reject(new Error('body too large'));
					req.destroy();
					return;
				}
				chunks.push(c);
			});
			req.on('end', () => resolve(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8')));
			req.on('error', reject);
		});
	}

	/** @param {http.ServerResponse} res @param {{ json?: any, raw?: string, status?: number, contentType?: string }} result */
	_write(res, result) {
		if (res.destroyed || res.writableEnded) return;
		const payload = result.raw !== undefined ? result.raw : JSON.stringify(result.json);
		res.writeHead(result.status || 200, {
			'Content-Type': result.contentType || 'application/json; encoding=utf-8',
			'Content-Length': Buffer.byteLength(payload),
		});
		res.end(payload);
	}

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
	async _handle(req, res) {
		const url = req.url || '/';
		const qi = url.indexOf('?');
		const path = qi < 0 ? url : url.slice(0, qi);
		const query = new URLSearchParams(qi < 0 ? '' : url.slice(qi + 1));
		const bodyText = req.method === 'GET' || req.method === 'HEAD' ? (req.resume(), '') : await this._readBody(req);
		if (path.startsWith('/__sim/')) return this._write(res, this._control(req.method || 'GET', path, query, bodyText));

		this._calls[path] = (this._calls[path] || 0) + 1;
		const faults = this._matchFaults(path);
		let delay = this.options.latencyMs;
		for (const f of faults) if (f.type === 'latency') delay += f.ms || 0;
		if (delay > 0) await this._sleep(delay);
		let dropAfter = false;
		for (const f of faults) {
			if (f.type === 'invalidateTokens') this.invalidateTokens();
			else if (f.type === 'drop') {
				if (f.when === 'after') dropAfter = true;
				else return void req.socket.destroy();
			} else if (f.type === 'errcode') {
				let msg = f.errmsg;
				if (msg === undefined && f.errcode === 40164) {
					const ip = f.ip || '1.2.3.4';
					msg = `invalid ip ${ip} ipv6 ::ffff:${ip}, not in whitelist`;
				}
				return this._write(res, this._err(Number(f.errcode), msg));
			} else if (f.type === 'http') {
				return this._write(res, { status: f.status, raw: f.body ?? http.STATUS_CODES[f.status || 500] ?? '', contentType: 'text/html' });
			}
		}
		const result = this._route(req.method || 'GET', path, query, bodyText);
		if (dropAfter) return void req.socket.destroy();
		this._write(res, result);
	}

	/**
	 * @param {string} method @param {string} path @param {URLSearchParams} q @param {string} bodyText
	 * @returns {{ json?: any, raw?: string, status?: number, contentType?: string }}
	 */
	_route(method, path, q, bodyText) {
		const route = ROUTES[path];
		if (!route) return { status: 404, raw: 'Not Found', contentType: 'text/plain' };
		if (route.post && method !== 'POST') return this._err(43002);
		/** @type {App|undefined} */
		let app;
		if (route.auth) {
			const a = this._auth(q);
			if ('error' in a) return a.error;
			app = a.app;
			if (route.only && app.type !== route.only) return this._err(48001);
		}
		let body;
		if (route.post) {
			try {
				body = JSON.parse(bodyText);
			} catch {
				return this._err(47001);
			}
			if (!body || typeof body !== 'object' || Array.isArray(body)) return this._err(47001);
		}
		return route.handler(this, { q, body, app: /** @type {App} */ (app) });
	}

	/** @param {string} method @param {string} path @param {URLSearchParams} q @param {string} bodyText */
	_control(method, path, q, bodyText) {
		let body = {};
		if (bodyText) {
			try {
				body = JSON.parse(bodyText);
			} catch {
				return { status: 400, json: { error: 'body is not JSON' } };
			}
		}
		try {
			switch (`${method} ${path}`) {
				case 'GET /__sim/stats':
					return { json: this.stats() };
				case 'GET /__sim/deliveries':
					return { json: { template: this._templateDeliveries, subscribe: this._subscribeDeliveries } };
				case 'POST /__sim/fault':
					return { json: { id: this.fault(/** @type {any} */ (body)) } };
				case 'POST /__sim/faults/clear':
					this.clearFaults();
					return { json: { ok: true } };
				case 'POST /__sim/reset':
					this.reset();
					return { json: { ok: true } };
				case 'POST /__sim/seed': {
					const b = /** @type {any} */ (body);
					this.seedFollowers(b.n, { unionIdEvery: b.unionIdEvery });
					return { json: { ok: true, followers: this._followers } };
				}
				case 'POST /__sim/invalidate-tokens':
					this.invalidateTokens();
					return { json: { ok: true } };
				case 'POST /__sim/advance-time':
					this.advanceTime(Number(/** @type {any} */ (body).seconds) || 0);
					return { json: { ok: true } };
				case 'GET /__sim/person':
					return { json: this.person(Number(q.get('i'))) };
				case 'POST /__sim/login-code': {
					const b = /** @type {any} */ (body);
					return { json: { code: this.issueLoginCode(Number(b.i), b.appId) } };
				}
				case 'POST /__sim/grant': {
					const b = /** @type {any} */ (body);
					this.grantSubscription(b.openid, b.templateId, b.count ?? 1, b.appId);
					return { json: { ok: true } };
				}
				default:
					return { status: 404, raw: 'Not Found', contentType: 'text/plain' };
			}
		} catch (e) {
			return { status: 400, json: { error: /** @type {Error} */ (e).message } };
		}
	}
}

/**
 * @typedef {{ q: URLSearchParams, body: any, app: App }} Ctx
 * @type {Record<string, { post?: boolean, auth?: boolean, only?: AppType, handler: (sim: Simulator, ctx: Ctx) => any }>}
 */
const ROUTES = {
	'/cgi-bin/token': {
		handler(sim, { q }) {
			if (q.get('grant_type') !== 'client_credential') return sim._err(40002);
			const c = sim._credentials(q.get('appid'), q.get('secret'));
			if ('error' in c) return c.error;
			const app = c.app;
			const prev = app.classic;
			if (prev && prev.invalidAt === Infinity) prev.invalidAt = sim.now() + sim.options.classicOverlapSeconds * 1000;
			const rec = sim._issueToken(app, 'classic');
			app.classic = rec;
			return { json: { access_token: rec.token, expires_in: sim.options.tokenTtlSeconds } };
		},
	},

	'/cgi-bin/stable_token': {
		post: true,
		handler(sim, { body }) {
			if (body.grant_type !== 'client_credential') return sim._err(40002);
			const c = sim._credentials(body.appid, body.secret);
			if ('error' in c) return c.error;
			const app = c.app;
			const now = sim.now();
			const force = body.force_refresh === true || body.force_refresh === 'true';
			if (!force && app.stable && sim._tokenState(app.stable) === 0) {
				return { json: { access_token: app.stable.token, expires_in: Math.max(1, Math.ceil((app.stable.expiresAt - now) / 1000)) } };
			}
			if (force) {
				const day = Math.floor(now / 86400000);
				if (app.force.day !== day) app.force = { last: app.force.last, day, count: 0 };
				if (now - app.force.last < sim.options.stableForceIntervalSeconds * 1000) return sim._err(45011);
				if (app.force.count >= sim.options.stableForceDailyLimit) return sim._err(45009);
				app.force.last = now;
				app.force.count++;
				if (app.stable) app.stable.invalidAt = Math.min(app.stable.invalidAt, now);
			}
			const rec = sim._issueToken(app, 'stable');
			app.stable = rec;
			return { json: { access_token: rec.token, expires_in: sim.options.tokenTtlSeconds } };
		},
	},

	'/cgi-bin/user/get': {
		auth: true,
		only: 'officialAccount',
		handler(sim, { q, app }) {
			const n = sim._followers;
			const next = q.get('next_openid') || '';
			let start = 0;
			if (next) {
				const i = sim._decode(app, next);
				if (i < 0) return sim._err(40003);
				start = i + 1;
			}
			const count = Math.max(0, Math.min(PAGE, n - start));
			if (count === 0) return { raw: `{"total":${n},"count":0,"next_openid":""}` };
			const prefix = app.prefix;
			const ids = new Array(count);
			for (let k = 0; k < count; k++) ids[k] = '"' + prefix + (start + k).toString(36).padStart(25, '0') + '"';
			const last = prefix + (start + count - 1).toString(36).padStart(25, '0');
			return { raw: `{"total":${n},"count":${count},"data":{"openid":[${ids.join(',')}]},"next_openid":"${last}"}` };
		},
	},

	'/cgi-bin/user/info/batchget': {
		post: true,
		auth: true,
		only: 'officialAccount',
		handler(sim, { body, app }) {
			const list = body.user_list;
			if (!Array.isArray(list)) return sim._err(47001);
			if (list.length === 0 || list.length > BATCH) return sim._err(40032);
			const out = new Array(list.length);
			for (let k = 0; k < list.length; k++) {
				const openid = list[k] && list[k].openid;
				const i = sim._decode(app, openid);
				if (i < 0) return sim._err(40003);
				out[k] = sim._userInfoJson(i, openid);
			}
			return { raw: `{"user_info_list":[${out.join(',')}]}` };
		},
	},

	'/cgi-bin/user/info': {
		auth: true,
		only: 'officialAccount',
		handler(sim, { q, app }) {
			const openid = q.get('openid') || '';
			const i = sim._decode(app, openid);
			if (i < 0) return sim._err(40003);
			return { json: sim._userInfo(app, i, openid) };
		},
	},

	'/cgi-bin/message/template/send': {
		post: true,
		auth: true,
		only: 'officialAccount',
		handler(sim, { body, app }) {
			const touser = body.touser;
			const i = sim._decode(app, touser);
			if (i < 0) return sim._err(40003);
			const tpl = app.templates.get(body.template_id);
			if (!tpl) return sim._err(40037);
			const data = body.data && typeof body.data === 'object' ? body.data : {};
			for (const k of tpl.keywords) {
				if (k === 'first' || k === 'remark') continue; // legacy decoration fields: optional
				const v = data[k] && typeof data[k] === 'object' ? data[k].value : undefined;
				if (v === undefined || v === null || v === '') return sim._err(47003, `argument invalid! data.${k}.value is empty`);
			}
			if (body.miniprogram !== undefined && (typeof body.miniprogram !== 'object' || !body.miniprogram || !body.miniprogram.appid)) {
				return sim._err(47001);
			}
			if (i >= sim._followers) return sim._err(43004);
			const now = sim.now();
			const cmid = body.client_msg_id;
			let key;
			if (cmid !== undefined && cmid !== null && cmid !== '') {
				key = app.appId + '|' + touser + '|' + cmid;
				const seen = sim._dedup.get(key);
				if (seen && now - seen.at < DEDUP_MS) return { json: { errcode: 0, errmsg: 'ok', msgid: seen.msgid } };
			}
			const msgid = ++sim._msgId;
			if (key) sim._dedup.set(key, { msgid, at: now });
			sim._templateDeliveries.push({
				touser,
				template_id: body.template_id,
				data: body.data,
				url: body.url,
				miniprogram: body.miniprogram,
				client_msg_id: cmid,
				msgid,
			});
			return { json: { errcode: 0, errmsg: 'ok', msgid } };
		},
	},

	'/cgi-bin/template/get_all_private_template': {
		auth: true,
		only: 'officialAccount',
		handler(sim, { app }) {
			return { json: { template_list: [...app.templates.values()].map((t) => t.listing) } };
		},
	},

	'/cgi-bin/message/subscribe/send': {
		post: true,
		auth: true,
		only: 'miniProgram',
		handler(sim, { body, app }) {
			const touser = body.touser;
			if (sim._decode(app, touser) < 0) return sim._err(40003);
			const tpl = app.templates.get(body.template_id);
			if (!tpl) return sim._err(40037);
			const data = body.data && typeof body.data === 'object' ? body.data : {};
			for (const k of tpl.keywords) {
				const v = data[k] && typeof data[k] === 'object' ? data[k].value : undefined;
				const problem = validate(k, v);
				if (problem) return sim._err(47003, `argument invalid! data.${k}.value ${problem}`);
			}
			if (body.page !== undefined && body.page !== '' && app.pages) {
				const p = String(body.page).split('?')[0].replace(/^\//, '');
				if (!app.pages.has(p)) return sim._err(41030);
			}
			if (body.miniprogram_state !== undefined && !STATES.has(body.miniprogram_state)) return sim._err(47001);
			if (body.lang !== undefined && !LANGS.has(body.lang)) return sim._err(47001);
			const key = app.appId + '|' + touser + '|' + body.template_id;
			const left = sim._quota.get(key) || 0;
			if (left <= 0) return sim._err(43101);
			sim._quota.set(key, left - 1);
			const msgid = ++sim._msgId;
			sim._subscribeDeliveries.push({
				touser,
				template_id: body.template_id,
				data: body.data,
				page: body.page,
				miniprogram_state: body.miniprogram_state,
				lang: body.lang,
			});
			return { json: { errcode: 0, errmsg: 'ok', msgid } };
		},
	},

	'/wxaapi/newtmpl/gettemplate': {
		auth: true,
		handler(sim, { app }) {
			const data = app.type === 'miniProgram' ? [...app.templates.values()].map((t) => t.listing) : [];
			return { json: { errcode: 0, errmsg: 'ok', data } };
		},
	},

	'/cgi-bin/ticket/getticket': {
		auth: true,
		only: 'officialAccount',
		handler(sim, { q, app }) {
			const type = q.get('type');
			if (type !== 'jsapi' && type !== 'wx_card') return sim._err(40097);
			const ticket = crypto.randomBytes(64).toString('base64url').slice(0, 86);
			if (type === 'jsapi') app.ticket = ticket;
			return { json: { errcode: 0, errmsg: 'ok', ticket, expires_in: 7200 } };
		},
	},

	'/sns/jscode2session': {
		handler(sim, { q }) {
			const appid = q.get('appid');
			const secret = q.get('secret');
			if (!appid) return sim._err(41002);
			const app = sim.apps.get(appid);
			if (!app || app.type !== 'miniProgram') return sim._err(40013);
			if (!secret) return sim._err(41004);
			if (app.secret !== secret) return sim._err(40125);
			const grant = q.get('grant_type');
			if (grant !== null && grant !== 'authorization_code') return sim._err(40002);
			const code = q.get('js_code');
			if (!code) return sim._err(41008);
			const rec = sim._codes.get(code);
			if (!rec || rec.appId !== appid) return sim._err(40029);
			if (rec.used) return sim._err(40163);
			if (sim.now() >= rec.expiresAt) return sim._err(40029);
			rec.used = true;
			/** @type {Record<string, string>} */
			const out = { session_key: crypto.randomBytes(16).toString('base64'), openid: sim.openIdOf(appid, rec.index) };
			const unionid = sim.unionIdOf(rec.index);
			if (unionid) out.unionid = unionid;
			return { json: out };
		},
	},

	'/cgi-bin/get_api_domain_ip': {
		auth: true,
		handler() {
			return { json: { ip_list: ['101.89.47.18', '101.91.34.103', '101.91.37.22', '109.244.145.169', '109.244.194.29', '111.30.185.70'] } };
		},
	},

	'/cgi-bin/getcallbackip': {
		auth: true,
		handler() {
			return { json: { ip_list: ['101.226.103.0/25', '101.226.233.128/25', '58.247.206.128/25', '182.254.86.128/25'] } };
		},
	},
};

/**
 * Start a simulator on 127.0.0.1.
 * @param {{ port?: number, tokenTtlSeconds?: number, classicOverlapSeconds?: number, latencyMs?: number, stableForceIntervalSeconds?: number, stableForceDailyLimit?: number }} [options]
 * @returns {Promise<Simulator>}
 */
async function startSimulator(options = {}) {
	const sim = new Simulator(options);
	await sim.listen(options.port ?? 0);
	return sim;
}

module.exports = { startSimulator, Simulator, DEFAULT_APPS, ERRMSG, wxcrypto, xml, sendCallback, verifyUrl, decryptReply };
