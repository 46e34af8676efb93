'use strict';
/**
 * Messages: Official Account template messages (`message/template/send`, client_msg_id dedup for 10
 * minutes) and Mini Program subscribe messages (`message/subscribe/send`, keyword value rules of values.js,
 * pages, one quota per send). Records every accepted send (sim.templateDeliveries / subscribeDeliveries).
 */
const { validate, keywordType, RULES } = require('../values');
const { DEFAULT_APPS } = require('../state');

const DEDUP_MS = 10 * 60 * 1000;
const STATES = new Set(['developer', 'trial', 'formal']);
const LANGS = new Set(['zh_CN', 'en_US', 'zh_HK', 'zh_TW']);

/** @type {import('./index').ApiFamily} */
module.exports = {
	name: 'message',
	init(sim) {
		sim._msgId = 3000000000;
		/** @type {any[]} */
		sim._templateDeliveries = [];
		/** @type {any[]} */
		sim._subscribeDeliveries = [];
		/** @type {Map<string, { msgid: number, at: number }>} */
		sim._dedup = new Map();
		/** @type {Map<string, number>} */
		sim._quota = new Map();
	},
	reset(sim) {
		sim._templateDeliveries.length = 0;
		sim._subscribeDeliveries.length = 0;
		sim._dedup.clear();
		sim._quota.clear();
	},
	stats(sim) {
		return { templateDeliveries: sim._templateDeliveries.length, subscribeDeliveries: sim._subscribeDeliveries.length };
	},
	control: {
		'GET /__sim/deliveries'(sim) {
			return { template: sim._templateDeliveries, subscribe: sim._subscribeDeliveries };
		},
		'POST /__sim/grant'(sim, { body }) {
			sim.grantSubscription(body.openid, body.templateId, body.count ?? 1, body.appId);
			return { ok: true };
		},
	},
	methods: {
		/** One entry per accepted template send (a client_msg_id duplicate adds nothing). */
		get templateDeliveries() {
			return this._templateDeliveries;
		},
		/** One entry per accepted subscribe send. */
		get subscribeDeliveries() {
			return this._subscribeDeliveries;
		},

		/**
		 * Give a user `count` subscribe-message sends of a template (what wx.requestSubscribeMessage grants).
		 * @param {string} mpOpenId @param {string} templateId @param {number} [count] @param {string} [appId]
		 */
		grantSubscription(mpOpenId, templateId, count = 1, appId = DEFAULT_APPS.mp.appId) {
			const key = appId + '|' + mpOpenId + '|' + templateId;
			this._quota.set(key, (this._quota.get(key) || 0) + count);
		},
		/** Remaining quota. @param {string} mpOpenId @param {string} templateId @param {string} [appId] */
		subscriptionQuota(mpOpenId, templateId, appId = DEFAULT_APPS.mp.appId) {
			return this._quota.get(appId + '|' + mpOpenId + '|' + templateId) || 0;
		},
	},
	routes: {
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
					// Category templates (since 2023) type their keywords like subscribe messages; legacy keywordN are free text.
					const problem = RULES[keywordType(k)] ? validate(k, v) : null;
					if (problem) return sim._err(47003, `argument invalid! data.${k}.value ${problem}`);
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
					appId: app.appId,
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
				// One credit per send (subscription.js; a long-term acceptance is not spent).
				if (!sim._spendCredit(app.appId, touser, body.template_id)) return sim._err(43101);
				const msgid = ++sim._msgId;
				sim._subscribeDeliveries.push({
					appId: app.appId,
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
	},
};
