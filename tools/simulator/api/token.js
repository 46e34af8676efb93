'use strict';
/**
 * Access tokens: classic `/cgi-bin/token` (a new token per call, the previous one valid for an overlap) and
 * `/cgi-bin/stable_token` (the same token while valid; force_refresh limits), token checks of every
 * token-taking call (_auth), invalidation.
 */
const crypto = require('crypto');
const { DEFAULT_APPS } = require('../state');

const TOKEN_RE = /^\d{1,4}_[A-Za-z0-9_-]{32,}$/;

/** @type {import('./index').ApiFamily} */
module.exports = {
	name: 'token',
	init(sim) {
		/** @type {Map<string, import('../state').TokenRecord>} */
		sim._tokens = new Map();
		sim._tokenSerial = 0;
		sim._invalidBefore = 0;
	},
	reset(sim) {
		for (const app of sim.apps.values()) app.force = { last: -Infinity, day: -1, count: 0 };
	},
	stats(sim) {
		return { tokenFetches: sim.tokenFetches() };
	},
	control: {
		'POST /__sim/invalidate-tokens'(sim) {
			sim.invalidateTokens();
			return { ok: true };
		},
	},
	methods: {
		/** Calls to /cgi-bin/token plus /cgi-bin/stable_token. */
		tokenFetches() {
			return (this._calls['/cgi-bin/token'] || 0) + (this._calls['/cgi-bin/stable_token'] || 0);
		},

		/** The current stable token of an app (or null), to let a test play "the other system". @param {string} [appId] */
		currentStableToken(appId = DEFAULT_APPS.oa.appId) {
			const r = this._app(appId).stable;
			return r && this._tokenState(r) === 0 ? r.token : null;
		},

		/** Every token issued so far becomes invalid (40001), as when another system force-refreshes. */
		invalidateTokens() {
			this._invalidBefore = this._tokenSerial + 1;
			for (const app of this.apps.values()) {
				app.classic = null;
				app.stable = null;
			}
		},

		/** @param {import('../state').App} app @param {'classic'|'stable'} kind */
		_issueToken(app, kind) {
			const now = this.now();
			/** @type {import('../state').TokenRecord} */
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
		},

		/** 0 valid, 40001 invalidated, 42001 expired. @param {import('../state').TokenRecord} rec */
		_tokenState(rec) {
			const now = this.now();
			if (rec.serial < this._invalidBefore || now >= rec.invalidAt) return 40001;
			if (now >= rec.expiresAt) return 42001;
			return 0;
		},

		/** The app of a token-taking call. @param {URLSearchParams} q @returns {{ app: import('../state').App } | { error: any }} */
		_auth(q) {
			const t = q.get('access_token');
			if (!t) return { error: this._err(41001) };
			if (!TOKEN_RE.test(t)) return { error: this._err(40014) };
			const rec = this._tokens.get(t);
			if (!rec) return { error: this._err(40001) };
			const state = this._tokenState(rec);
			if (state) return { error: this._err(state) };
			return { app: this._app(rec.appId) };
		},

		/** Common appid/secret checks for the token endpoints. @param {any} appid @param {any} secret */
		_credentials(appid, secret) {
			if (!appid) return { error: this._err(41002) };
			if (!secret) return { error: this._err(41004) };
			const app = this.apps.get(String(appid));
			if (!app) return { error: this._err(40013) };
			if (app.secret !== String(secret)) return { error: this._err(40125) };
			return { app };
		},
	},
	routes: {
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
	},
};
