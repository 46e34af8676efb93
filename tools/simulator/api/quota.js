'use strict';
/**
 * API call quotas: `/cgi-bin/openapi/quota/get` (daily limit, used, remain per API path and app, counted from
 * the calls the simulator received) and `/cgi-bin/clear_quota` (10 clears per account per month: 48006 after).
 */
const DEFAULT_DAILY_LIMIT = 100000;
const CLEARS_PER_MONTH = 10;

/** @type {import('./index').ApiFamily} */
module.exports = {
	name: 'quota',
	init(sim) {
		/** appId -> path -> calls counted before the last clear @type {Map<string, Record<string, number>>} */
		sim._quotaBaseline = new Map();
		/** appId -> clears this month @type {Map<string, { month: string, count: number }>} */
		sim._quotaClears = new Map();
		/** path -> daily limit @type {Record<string, number>} */
		sim._dailyLimits = { '/cgi-bin/message/custom/send': 500000, '/cgi-bin/qrcode/create': 100000, '/wxa/getwxacode': 100000 };
	},
	reset(sim) {
		sim._quotaBaseline.clear();
		sim._quotaClears.clear();
	},
	stats(sim) {
		return { quotaClears: Object.fromEntries([...sim._quotaClears].map(([appId, c]) => [appId, c.count])) };
	},
	methods: {
		/** How many times an app cleared its quota this month. @param {string} appId */
		quotaClears(appId) {
			const rec = this._quotaClears.get(appId);
			return rec && rec.month === new Date(this.now()).toISOString().slice(0, 7) ? rec.count : 0;
		},
	},
	routes: {
		'/cgi-bin/openapi/quota/get': {
			post: true,
			auth: true,
			handler(sim, { body, app }) {
				const path = body.cgi_path;
				if (typeof path !== 'string' || !path.startsWith('/') || /^https?:/.test(path)) return sim._err(76003, 'invalid cgi_path');
				if (path.startsWith('/sns/')) return sim._err(76022, 'could not use this cgi_path,no permission');
				// Required here: api/index.js requires this file.
				if (!require('./index').ROUTES[path]) return sim._err(76021, 'cgi_path not found, please check');
				const limit = sim._dailyLimits[path] || DEFAULT_DAILY_LIMIT;
				const baseline = (sim._quotaBaseline.get(app.appId) || {})[path] || 0;
				const used = Math.max(0, (sim.calls[path] || 0) - baseline);
				return { json: { errcode: 0, errmsg: 'ok', quota: { daily_limit: limit, used, remain: Math.max(0, limit - used) } } };
			},
		},
		'/cgi-bin/clear_quota': {
			post: true,
			auth: true,
			handler(sim, { body, app }) {
				if (!body.appid) return sim._err(41002);
				if (body.appid !== app.appId) return sim._err(40013);
				const month = new Date(sim.now()).toISOString().slice(0, 7);
				const rec = sim._quotaClears.get(app.appId);
				const count = rec && rec.month === month ? rec.count : 0;
				if (count >= CLEARS_PER_MONTH) return sim._err(48006, 'forbid to clear quota because of reaching the limit');
				sim._quotaClears.set(app.appId, { month, count: count + 1 });
				sim._quotaBaseline.set(app.appId, { ...sim.calls });
				return { json: { errcode: 0, errmsg: 'ok' } };
			},
		},
	},
};
