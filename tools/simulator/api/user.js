'use strict';
/**
 * Users of an Official Account: the follower list (`user/get`, pages of 10,000), user info one by one
 * (`user/info`) and in batches of up to 100 (`user/info/batchget`). Followers are computed from their index
 * (state.js seedFollowers), never stored.
 */
const PAGE = 10000;
const BATCH = 100;
const SCENES = ['ADD_SCENE_SEARCH', 'ADD_SCENE_QR_CODE', 'ADD_SCENE_PROFILE_CARD', 'ADD_SCENE_ACCOUNT_MIGRATION', 'ADD_SCENE_OTHERS'];

/** @type {import('./index').ApiFamily} */
module.exports = {
	name: 'user',
	methods: {
		/** @param {import('../state').App} app @param {number} i @param {string} openid */
		_userInfo(app, i, openid) {
			if (i >= this._followers) return { subscribe: 0, openid, tagid_list: [] };
			/** @type {Record<string, any>} */
			const u = { subscribe: 1, openid, language: 'zh_CN', subscribe_time: 1700000000 - (i % 94608000) };
			const unionid = this.unionIdOf(i);
			if (unionid) u.unionid = unionid;
			u.remark = '';
			u.groupid = 0;
			u.tagid_list = i % 10 === 0 ? [2] : [];
			Object.assign(u, this._tagFields(app, i)); // tags and remark set through api/tags.js
			u.subscribe_scene = SCENES[i % SCENES.length];
			u.qr_scene = 0;
			u.qr_scene_str = '';
			return u;
		},

		/** _userInfo as JSON text, built directly (the hot path of a follower sync). openid is [0-9a-zA-Z] only. @param {number} i @param {string} openid @param {import('../state').App} [app] */
		_userInfoJson(i, openid, app) {
			if (i >= this._followers) return `{"subscribe":0,"openid":"${openid}","tagid_list":[]}`;
			if (app && this._tagState.has(app.appId)) return JSON.stringify(this._userInfo(app, i, openid)); // tags set: the slow path
			const unionid = this.unionIdOf(i);
			return (
				`{"subscribe":1,"openid":"${openid}","language":"zh_CN","subscribe_time":${1700000000 - (i % 94608000)},` +
				(unionid ? `"unionid":"${unionid}",` : '') +
				`"remark":"","groupid":0,"tagid_list":${i % 10 === 0 ? '[2]' : '[]'},"subscribe_scene":"${SCENES[i % SCENES.length]}","qr_scene":0,"qr_scene_str":""}`
			);
		},
	},
	routes: {
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
					out[k] = sim._userInfoJson(i, openid, app);
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
	},
};
