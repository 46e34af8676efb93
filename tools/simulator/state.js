'use strict';
/**
 * The simulated WeChat world every API family shares: apps (accounts, with their templates, pages, tokens),
 * people (followers computed from their index, openids and unionids), the clock, and WeChat's error answers.
 * `methods` are mixed into Simulator (simulator.js).
 */
const crypto = require('crypto');
const { defaultTemplates } = require('./api/template');

/** @typedef {'officialAccount'|'miniProgram'} AppType */

const DEFAULT_APPS = Object.freeze({
	oa: Object.freeze({ appId: 'wxsimoa0000000001', secret: 'sim-oa-secret-0123456789abcdef01', type: /** @type {AppType} */ ('officialAccount'), originalId: 'gh_5140a0000001' }),
	mp: Object.freeze({ appId: 'wxsimmp0000000001', secret: 'sim-mp-secret-0123456789abcdef01', type: /** @type {AppType} */ ('miniProgram'), originalId: 'gh_514060000001' }),
});

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

const OPENID_BODY_RE = /^[0-9a-z]{25}$/;

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
 */

/** @param {number} n */
const hex8 = (n) => (n >>> 0).toString(16).padStart(8, '0');

/** Creates the shared state on a new simulator (before the families' init). */
function init(sim) {
	/** @type {Map<string, App>} */
	sim.apps = new Map();
	sim._prefixSeq = 0;
	sim._followers = 0;
	sim._unionIdEvery = 1;
	sim._clockOffset = 0;
	sim._ridSeq = crypto.randomInt(0, 0x7fffffff);
}

const methods = {
	/** Number of seeded followers. */
	get followerCount() {
		return this._followers;
	},

	/** Simulated now (ms): real time plus advanceTime() offsets. */
	now() {
		return Date.now() + this._clockOffset;
	},
	/** Move the simulated clock forward (token expiry, overlap, code lifetime, dedup window, force-refresh gap). @param {number} seconds */
	advanceTime(seconds) {
		this._clockOffset += seconds * 1000;
	},

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
			for (const t of spec.templates || defaultTemplates(spec.type)) this.addTemplate(spec.appId, t);
		}
		return { appId: app.appId, secret: app.secret, type: app.type, originalId: app.originalId, openIdPrefix: app.prefix };
	},

	/** Restrict subscribe-message `page` to these paths (41030 otherwise); null allows any. @param {string} appId @param {string[]|null} pages */
	setPages(appId, pages) {
		this._app(appId).pages = pages ? new Set(pages.map((p) => p.replace(/^\//, ''))) : null;
	},

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
	},

	/** openid of person i in an app. @param {string} appId @param {number} i */
	openIdOf(appId, i) {
		return this._app(appId).prefix + i.toString(36).padStart(25, '0');
	},
	/** @param {number} i */
	unionIdOf(i) {
		return this._unionIdEvery > 0 && i % this._unionIdEvery === 0 ? 'oUN' + i.toString(36).padStart(25, '0') : undefined;
	},
	/** Person index of an openid of the given app, or -1 when it is not a well-formed openid of that app. @param {string} appId @param {string} openid */
	indexOf(appId, openid) {
		return this._decode(this._app(appId), openid);
	},

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
	},

	/** @param {string} appId */
	_app(appId) {
		const app = this.apps.get(appId);
		if (!app) throw new Error(`unknown app ${appId}`);
		return app;
	},

	/** @param {App} app @param {unknown} openid @returns {number} index or -1 */
	_decode(app, openid) {
		if (typeof openid !== 'string' || openid.length !== 28 || !openid.startsWith(app.prefix)) return -1;
		const body = openid.slice(3);
		if (!OPENID_BODY_RE.test(body)) return -1;
		const n = parseInt(body, 36);
		return Number.isSafeInteger(n) ? n : -1;
	},

	_rid() {
		this._ridSeq = (this._ridSeq + 1) >>> 0;
		return hex8(Math.floor(this.now() / 1000)) + '-' + hex8(this._ridSeq) + '-' + hex8(Math.imul(this._ridSeq, 2654435761));
	},

	/** WeChat's error answer. @param {number} code @param {string} [msg] */
	_err(code, msg) {
		return { json: { errcode: code, errmsg: `${msg ?? ERRMSG[/** @type {keyof typeof ERRMSG} */ (code)] ?? 'error'} rid: ${this._rid()}` } };
	},
};

module.exports = { DEFAULT_APPS, ERRMSG, init, methods };
