'use strict';
/** Mini Program login: wx.login codes (5 minutes, once) and `/sns/jscode2session`. */
const crypto = require('crypto');
const { DEFAULT_APPS } = require('../state');

const CODE_MS = 5 * 60 * 1000;

/** @type {import('./index').ApiFamily} */
module.exports = {
	name: 'wxa',
	init(sim) {
		/** @type {Map<string, { index: number, appId: string, expiresAt: number, used: boolean }>} */
		sim._codes = new Map();
	},
	reset(sim) {
		sim._codes.clear();
	},
	control: {
		'POST /__sim/login-code'(sim, { body }) {
			return { code: sim.issueLoginCode(Number(body.i), body.appId) };
		},
	},
	methods: {
		/** A wx.login code for person i (5 minutes, once). @param {number} i @param {string} [appId] an MP appId */
		issueLoginCode(i, appId = DEFAULT_APPS.mp.appId) {
			const app = this._app(appId);
			if (app.type !== 'miniProgram') throw new Error('login codes are issued by a Mini Program');
			const code = crypto.randomBytes(24).toString('base64url');
			this._codes.set(code, { index: i, appId, expiresAt: this.now() + CODE_MS, used: false });
			return code;
		},
	},
	routes: {
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
	},
};
