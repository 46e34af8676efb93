'use strict';
/**
 * Mini Program growth APIs: phone numbers from getPhoneNumber button codes (5 minutes, once, each success
 * counted as charged), URL Links, URL Schemes, Short Links (with WeChat's limits: 1-30 days, 500,000 a day
 * for links and schemes together, 100,000 permanent short links) and Mini Program codes as pictures
 * (getwxacode: 100,000 per Mini Program; getwxacodeunlimit: 32-character scene).
 */
const crypto = require('crypto');
const { DEFAULT_APPS } = require('../state');
const { patternPng } = require('../png');

const CODE_MS = 5 * 60 * 1000;
const SCENE_RE = /^[A-Za-z0-9!#$&'()*+,/:;=?@\-._~]{1,32}$/;
const ENVS = new Set(['release', 'trial', 'develop']);

/** @type {import('./index').ApiFamily} */
module.exports = {
	name: 'wxaGrowth',
	init(sim) {
		/** @type {Map<string, { index: number, appId: string, expiresAt: number, used: boolean }>} */
		sim._phoneCodes = new Map();
		sim._growth = { phoneCharged: 0, links: [], codes: [], linkDay: '', linksToday: 0, dailyLinkLimit: 500000, permanentShortLinkCap: 100000, limitedCodeCap: 100000 };
	},
	reset(sim) {
		sim._phoneCodes.clear();
		Object.assign(sim._growth, { phoneCharged: 0, links: [], codes: [], linkDay: '', linksToday: 0 });
	},
	stats(sim) {
		return { phoneNumbersCharged: sim._growth.phoneCharged, links: sim._growth.links.length, wxaCodes: sim._growth.codes.length };
	},
	control: {
		'POST /__sim/phone-code'(sim, { body }) {
			return { code: sim.issuePhoneCode(Number(body.i), body.appId) };
		},
	},
	methods: {
		/** A getPhoneNumber button code for person i (5 minutes, once). @param {number} i @param {string} [appId] */
		issuePhoneCode(i, appId = DEFAULT_APPS.mp.appId) {
			if (this._app(appId).type !== 'miniProgram') throw new Error('phone codes come from a Mini Program');
			const code = crypto.randomBytes(32).toString('hex');
			this._phoneCodes.set(code, { index: i, appId, expiresAt: this.now() + CODE_MS, used: false });
			return code;
		},
		/** Person i's phone number (mainland China). @param {number} i */
		phoneOf(i) {
			return `139${String(i).padStart(8, '0')}`;
		},
		/** Successful phone verifications (WeChat charges each). */
		get phoneNumbersCharged() {
			return this._growth.phoneCharged;
		},
		/** Links created: { kind, body, link }. */
		get linksCreated() {
			return this._growth.links;
		},
		/** Mini Program codes drawn: { kind, body, seed }. */
		get wxaCodes() {
			return this._growth.codes;
		},
		/** Limits for tests: { dailyLinkLimit?, permanentShortLinkCap?, limitedCodeCap? }. @param {object} limits */
		setGrowthLimits(limits) {
			Object.assign(this._growth, limits);
		},
		/** A link counts against the day's 500,000 (URL Link + URL Scheme); 85400 when spent. */
		_countLink() {
			const day = new Date(this.now()).toISOString().slice(0, 10);
			if (this._growth.linkDay !== day) Object.assign(this._growth, { linkDay: day, linksToday: 0 });
			if (this._growth.linksToday >= this._growth.dailyLinkLimit) return false;
			this._growth.linksToday++;
			return true;
		},
		/** Page and query checks shared by links and codes: 41030/40165 pages, 40212 query. */
		_pageError(app, page, code) {
			if (typeof page !== 'string' || page.startsWith('/') || page.includes('?')) return this._err(code, 'invalid page');
			if (page && app.pages && !app.pages.has(page)) return this._err(code, 'invalid page');
			return null;
		},
	},
	routes: {
		'/wxa/business/getuserphonenumber': {
			post: true,
			auth: true,
			only: 'miniProgram',
			handler(sim, { body, app }) {
				if (!body.code) return sim._err(47001);
				const rec = sim._phoneCodes.get(body.code);
				// Used, expired or another Mini Program's: WeChat answers "invalid code" for all of them.
				if (!rec || rec.appId !== app.appId || rec.used || sim.now() >= rec.expiresAt) return sim._err(40029);
				rec.used = true;
				sim._growth.phoneCharged++;
				const pure = sim.phoneOf(rec.index);
				return { json: { errcode: 0, errmsg: 'ok', phone_info: { phoneNumber: pure, purePhoneNumber: pure, countryCode: '86', watermark: { timestamp: Math.floor(sim.now() / 1000), appid: app.appId } } } };
			},
		},
		'/wxa/generate_urllink': {
			post: true,
			auth: true,
			only: 'miniProgram',
			handler(sim, { body, app }) {
				return link(sim, app, 'urlLink', body, body, () => ({ url_link: `https://wxaurl.cn/${crypto.randomBytes(6).toString('base64url')}` }));
			},
		},
		'/wxa/generatescheme': {
			post: true,
			auth: true,
			only: 'miniProgram',
			handler(sim, { body, app }) {
				return link(sim, app, 'urlScheme', body, body.jump_wxa || {}, () => ({ openlink: `weixin://dl/business/?t=${crypto.randomBytes(8).toString('base64url')}` }));
			},
		},
		'/wxa/genwxashortlink': {
			post: true,
			auth: true,
			only: 'miniProgram',
			handler(sim, { body, app }) {
				const [page] = String(body.page_url || '').split('?');
				if (!page) return sim._err(40066, 'invalid url');
				const bad = sim._pageError(app, page, 40066);
				if (bad) return bad;
				if (body.is_permanent === true && sim._growth.links.filter((l) => l.kind === 'shortLink' && l.body.is_permanent === true).length >= sim._growth.permanentShortLinkCap) return sim._err(85400, 'long-term link count reach limit');
				const out = { link: `#小程序://Sim/${crypto.randomBytes(6).toString('base64url')}` };
				sim._growth.links.push({ kind: 'shortLink', body, link: out.link });
				return { json: { errcode: 0, errmsg: 'ok', ...out } };
			},
		},
		'/wxa/getwxacode': {
			post: true,
			auth: true,
			only: 'miniProgram',
			handler(sim, { body, app }) {
				const path = String(body.path || '');
				if (path.length > 1024) return sim._err(40097);
				const bad = sim._pageError(app, path.split('?')[0], 41030);
				if (bad) return bad;
				if (sim._growth.codes.filter((c) => c.kind === 'limited').length >= sim._growth.limitedCodeCap) return sim._err(45029, 'qrcode count out of limit');
				return picture(sim, 'limited', body, `${app.appId}|${path}`);
			},
		},
		'/wxa/getwxacodeunlimit': {
			post: true,
			auth: true,
			only: 'miniProgram',
			handler(sim, { body, app }) {
				if (typeof body.scene !== 'string' || !SCENE_RE.test(body.scene)) return sim._err(40169, 'invalid length for scene, or the data is not json string');
				if (body.page !== undefined && body.check_path !== false) {
					const bad = sim._pageError(app, String(body.page), 41030);
					if (bad) return bad;
				}
				return picture(sim, 'unlimited', body, `${app.appId}|${body.page || ''}|${body.scene}`);
			},
		},
	},
};

/** @param {any} sim @param {any} app @param {'urlLink'|'urlScheme'} kind @param {any} body @param {any} target @param {() => object} make */
function link(sim, app, kind, body, target, make) {
	if (target.env_version !== undefined && !ENVS.has(target.env_version)) return sim._err(85402, 'invalid env_version');
	const bad = sim._pageError(app, String(target.path || ''), 40165);
	if (bad) return bad;
	if (String(target.query || '').length > 1024) return sim._err(40212, 'invalid query');
	const days = Number(body.expire_interval);
	if (body.expire_type === 1 && (!Number.isInteger(days) || days < 1 || days > 30)) return sim._err(85401, 'time limit between 1min and 30days');
	if (!sim._countLink()) return sim._err(85400, 'long-term link count reach limit');
	const out = make();
	sim._growth.links.push({ kind, body, link: Object.values(out)[0] });
	return { json: { errcode: 0, errmsg: 'ok', ...out } };
}

/** @param {any} sim @param {'limited'|'unlimited'} kind @param {any} body @param {string} seed */
function picture(sim, kind, body, seed) {
	const width = body.width === undefined ? 430 : Number(body.width);
	if (!Number.isFinite(width) || width < 280 || width > 1280) return sim._err(40097);
	sim._growth.codes.push({ kind, body, seed });
	return { bytes: patternPng(seed, { modules: 21, scale: 4 }), contentType: body.is_hyaline ? 'image/png' : 'image/jpeg' };
}
