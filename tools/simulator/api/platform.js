'use strict';
/**
 * The third-party platform (第三方平台, /cgi-bin/component/*): component_verify_ticket pushes (encrypted with the
 * platform's key, on a timer or on demand), component tokens from the latest tickets, pre-auth codes, a merchant
 * authorizing / changing / revoking (events pushed to the platform's authorization-event URL, a code that works
 * once within its hour), authorizer tokens valid only with the current refresh token, permission sets (61007),
 * the authorizer list and options. Authorizer tokens are ordinary access tokens of the merchant's app, so every
 * other family (template/send ...) serves them and records the merchant's AppID.
 */
const crypto = require('crypto');
const { sendCallback, decryptReply } = require('../callback');

const TICKET_TTL_MS = 12 * 3600 * 1000;
const CODE_TTL_MS = 3600 * 1000;
const COMPONENT_TOKEN_TTL_S = 7200;

/** The permission set (funcscope category) a path needs; paths not listed need none. */
const SET_OF_PATH = [
	[/^\/cgi-bin\/message\/(template|custom|mass)\//, 1],
	[/^\/cgi-bin\/(user|tags)\//, 2],
	[/^\/cgi-bin\/(media|material)\//, 11],
];

const rand = (n) => crypto.randomBytes(n).toString('base64url');

/** @type {import('./index').ApiFamily} */
module.exports = {
	name: 'platform',
	init(sim) {
		/** @type {Map<string, any>} componentAppId -> platform */
		sim._components = new Map();
		sim._platformEvents = [];
	},
	reset(sim) {
		sim._platformEvents = [];
		for (const p of sim._components.values()) p.ticketPushes = [];
	},
	stats(sim) {
		return { componentTokenFetches: sim._calls['/cgi-bin/component/api_component_token'] || 0 };
	},
	control: {
		async 'POST /__sim/platform/authorize'(sim, { body }) {
			return await sim.authorizePlatform(body.componentAppId, body.authorizerAppId, body);
		},
		async 'POST /__sim/platform/revoke'(sim, { body }) {
			return await sim.revokePlatform(body.componentAppId, body.authorizerAppId);
		},
		async 'POST /__sim/platform/push-ticket'(sim, { body }) {
			return await sim.pushTicket(body.componentAppId);
		},
	},
	methods: {
		/** A platform: { appId, secret, token, encodingAesKey, eventUrl? }. */
		addComponent(spec) {
			if (!spec || !spec.appId || !spec.secret || !spec.token || !spec.encodingAesKey) throw new Error('addComponent needs appId, secret, token, encodingAesKey');
			const p = { ...spec, tickets: [], tokens: new Map(), preAuthCodes: new Map(), codes: new Map(), authorizers: new Map(), ticketPushes: [], timer: null };
			this._components.set(spec.appId, p);
			return p;
		},
		_component(appId) {
			const p = this._components.get(String(appId));
			if (!p) throw new Error(`unknown component ${appId}`);
			return p;
		},
		/** Where WeChat pushes tickets and authorization events. */
		setPlatformEventUrl(componentAppId, url) {
			this._component(componentAppId).eventUrl = url;
		},
		/** The platform's message and event URL, with $APPID$ where WeChat puts the authorized account's AppID. */
		setPlatformMessageUrl(componentAppId, url) {
			this._component(componentAppId).messageUrl = url;
		},
		/**
		 * A user's message to an authorized account, as WeChat sends it: to the message URL with the account's
		 * AppID in place of $APPID$, safe mode, sealed with the platform's Token/key (its AppID inside; `token`,
		 * `encodingAesKey` override them to play a forger). A passive reply is verified with the platform's key:
		 * { status, body, reply: decryptReply's answer or null for "success"/empty }.
		 */
		async pushAuthorizerMessage(componentAppId, authorizerAppId, message, { token, encodingAesKey } = {}) {
			const p = this._component(componentAppId);
			if (!p.messageUrl) throw new Error(`no message URL for ${componentAppId}: setPlatformMessageUrl first`);
			const url = p.messageUrl.split('$APPID$').join(encodeURIComponent(authorizerAppId));
			const res = await sendCallback(url, { token: token ?? p.token, encodingAesKey: encodingAesKey ?? p.encodingAesKey, appId: p.appId, mode: 'safe', message });
			const replied = res.status === 200 && res.body !== '' && res.body !== 'success';
			return { status: res.status, body: res.body, reply: replied ? decryptReply(res.body, { token: p.token, encodingAesKey: p.encodingAesKey, appId: p.appId }) : null };
		},
		/** A new ticket, pushed to the event URL (if any): { ticket, status, body }. */
		async pushTicket(componentAppId, { url } = {}) {
			const p = this._component(componentAppId);
			const ticket = 'ticket@@@' + rand(48);
			p.tickets.push({ ticket, at: this.now() });
			const res = await this._pushPlatformEvent(p, { InfoType: 'component_verify_ticket', ComponentVerifyTicket: ticket }, url);
			p.ticketPushes.push({ ticket, status: res ? res.status : 0, body: res ? res.body : '' });
			return { ticket, status: res ? res.status : 0, body: res ? res.body : '' };
		},
		/** Push a ticket every `intervalMs` (WeChat: 10 minutes). */
		startTicketTimer(componentAppId, intervalMs) {
			const p = this._component(componentAppId);
			this.stopTicketTimer(componentAppId);
			p.timer = setInterval(() => this.pushTicket(componentAppId).catch(() => {}), intervalMs);
			p.timer.unref();
		},
		stopTicketTimer(componentAppId) {
			const p = this._component(componentAppId);
			if (p.timer) clearInterval(p.timer);
			p.timer = null;
		},
		ticketPushes(componentAppId) {
			return this._component(componentAppId).ticketPushes;
		},
		/** Plays a merchant's admin scanning the link: an authorization code, `authorized` (or `updateauthorized`) pushed. */
		async authorizePlatform(componentAppId, authorizerAppId, { permissionSets = [1, 2, 3, 11], url } = {}) {
			const p = this._component(componentAppId);
			if (!this.apps.has(authorizerAppId)) throw new Error(`unknown app ${authorizerAppId}: addApp it first`);
			const previous = p.authorizers.get(authorizerAppId);
			const again = previous && !previous.revoked;
			const code = 'queryauthcode@@@' + rand(32);
			const auth = { refreshToken: 'refreshtoken@@@' + rand(32), sets: permissionSets.map(Number), authTime: Math.floor(this.now() / 1000), revoked: false, options: previous ? previous.options : {} };
			p.authorizers.set(authorizerAppId, auth);
			this._revokeAuthorizerTokens(authorizerAppId);
			p.codes.set(code, { authorizerAppId, expiresAt: this.now() + CODE_TTL_MS, used: false });
			const res = await this._pushPlatformEvent(p, {
				InfoType: again ? 'updateauthorized' : 'authorized',
				AuthorizerAppid: authorizerAppId,
				AuthorizationCode: code,
				AuthorizationCodeExpiredTime: Math.floor((this.now() + CODE_TTL_MS) / 1000),
				PreAuthCode: 'preauthcode@@@' + rand(16),
			}, url);
			return { authorizationCode: code, status: res ? res.status : 0, body: res ? res.body : '' };
		},
		/** The merchant revokes: tokens die, the refresh token stops working, `unauthorized` pushed. */
		async revokePlatform(componentAppId, authorizerAppId, { url } = {}) {
			const p = this._component(componentAppId);
			const auth = p.authorizers.get(authorizerAppId);
			if (auth) auth.revoked = true;
			this._revokeAuthorizerTokens(authorizerAppId);
			const res = await this._pushPlatformEvent(p, { InfoType: 'unauthorized', AuthorizerAppid: authorizerAppId }, url);
			return { status: res ? res.status : 0, body: res ? res.body : '' };
		},
		/** The authorizer's access tokens die early (40001), the authorization stays: as when one is replaced elsewhere. */
		invalidateAuthorizerTokens(authorizerAppId) {
			this._revokeAuthorizerTokens(authorizerAppId);
		},
		_revokeAuthorizerTokens(authorizerAppId) {
			const now = this.now();
			for (const rec of this._tokens.values()) if (rec.kind === 'authorizer' && rec.appId === authorizerAppId && rec.invalidAt > now) rec.invalidAt = now;
		},
		async _pushPlatformEvent(p, fields, url = p.eventUrl) {
			const message = { AppId: p.appId, CreateTime: Math.floor(this.now() / 1000), ...fields };
			this._platformEvents.push(message);
			if (!url) return null;
			return await sendCallback(url, { token: p.token, encodingAesKey: p.encodingAesKey, appId: p.appId, mode: 'safe', message: { ...message, ToUserName: p.appId } });
		},
		/** Authorizer token fetches (api_authorizer_token calls) per authorizer AppID. */
		authorizerTokenFetches(authorizerAppId) {
			return (this._authorizerFetches && this._authorizerFetches[authorizerAppId]) || 0;
		},
		/** 61007 when an authorizer token calls an API of a permission set the merchant did not grant. */
		_permissionRefusal(q, path) {
			const rec = this._tokens.get(q.get('access_token'));
			if (!rec || rec.kind !== 'authorizer') return null;
			const set = (SET_OF_PATH.find(([re]) => re.test(path)) || [])[1];
			if (!set || rec.sets.includes(set)) return null;
			return this._err(61007, `api is unauthorized to component (needs funcscope_category ${set})`);
		},
		_componentAuth(q) {
			const t = q.get('component_access_token');
			if (!t) return { error: this._err(41001) };
			for (const p of this._components.values()) {
				const rec = p.tokens.get(t);
				if (!rec) continue;
				const state = this._tokenState(rec);
				return state ? { error: this._err(state) } : { p };
			}
			return { error: this._err(40001) };
		},
	},
	routes: {
		'/cgi-bin/component/api_component_token': {
			post: true,
			handler(sim, { body }) {
				const p = sim._components.get(String(body.component_appid));
				if (!p) return sim._err(40013);
				if (p.secret !== body.component_appsecret) return sim._err(40125);
				const entry = p.tickets.find((t) => t.ticket === body.component_verify_ticket);
				if (!entry) return sim._err(61006, 'component ticket is invalid');
				if (sim.now() - entry.at > TICKET_TTL_MS) return sim._err(61005, 'component ticket is expired');
				const rec = { token: 'component@@@' + rand(48), serial: ++sim._tokenSerial, expiresAt: sim.now() + COMPONENT_TOKEN_TTL_S * 1000, invalidAt: Infinity };
				p.tokens.set(rec.token, rec);
				return { json: { component_access_token: rec.token, expires_in: COMPONENT_TOKEN_TTL_S } };
			},
		},
		'/cgi-bin/component/api_start_push_ticket': {
			post: true,
			handler(sim, { body }) {
				const p = sim._components.get(String(body.component_appid));
				if (!p) return sim._err(40013);
				if (p.secret !== body.component_secret) return sim._err(40125);
				setTimeout(() => sim.pushTicket(p.appId).catch(() => {}), 50).unref();
				return { json: { errcode: 0, errmsg: 'ok' } };
			},
		},
		...withComponent({
			'/cgi-bin/component/api_create_preauthcode'(sim, p) {
				const code = 'preauthcode@@@' + rand(24);
				p.preAuthCodes.set(code, sim.now() + 1800 * 1000);
				return { json: { pre_auth_code: code, expires_in: 1800 } };
			},
			'/cgi-bin/component/api_query_auth'(sim, p, body) {
				const code = p.codes.get(String(body.authorization_code));
				if (!code || code.used) return sim._err(61009, 'code is invalid');
				if (sim.now() > code.expiresAt) return sim._err(61010, 'code is expired');
				code.used = true;
				const auth = p.authorizers.get(code.authorizerAppId);
				if (!auth || auth.revoked) return sim._err(61003);
				const rec = issueAuthorizerToken(sim, code.authorizerAppId, auth);
				return {
					json: {
						authorization_info: {
							authorizer_appid: code.authorizerAppId,
							authorizer_access_token: rec.token,
							expires_in: sim.options.tokenTtlSeconds,
							authorizer_refresh_token: auth.refreshToken,
							func_info: auth.sets.map((id) => ({ funcscope_category: { id } })),
						},
					},
				};
			},
			'/cgi-bin/component/api_authorizer_token'(sim, p, body) {
				const auth = p.authorizers.get(String(body.authorizer_appid));
				if (!auth || auth.revoked) return sim._err(61003, 'component is not authorized by this account');
				if (auth.refreshToken !== body.authorizer_refresh_token) return sim._err(61023, 'refresh_token is invalid');
				const rec = issueAuthorizerToken(sim, String(body.authorizer_appid), auth);
				return { json: { authorizer_access_token: rec.token, expires_in: sim.options.tokenTtlSeconds, authorizer_refresh_token: auth.refreshToken } };
			},
			'/cgi-bin/component/api_get_authorizer_info'(sim, p, body) {
				const appId = String(body.authorizer_appid);
				const auth = p.authorizers.get(appId);
				if (!auth || auth.revoked) return sim._err(61003, 'component is not authorized by this account');
				const app = sim.apps.get(appId);
				// WeChat tells a Mini Program authorizer by MiniProgramInfo (and service_type_info 0).
				const kind = app.type === 'miniProgram' ? { service_type_info: { id: 0 }, MiniProgramInfo: { network: {}, categories: [], visit_status: 0 } } : { service_type_info: { id: 2 } };
				return {
					json: {
						authorizer_info: { nick_name: `Merchant ${appId.slice(-4)}`, user_name: app.originalId, principal_name: 'Simulated Merchant Ltd.', ...kind, verify_type_info: { id: 0 } },
						authorization_info: { authorizer_appid: appId, authorizer_refresh_token: auth.refreshToken, func_info: auth.sets.map((id) => ({ funcscope_category: { id } })) },
					},
				};
			},
			'/cgi-bin/component/api_get_authorizer_list'(sim, p, body) {
				const offset = Number(body.offset ?? 0);
				const count = Number(body.count ?? 0);
				if (!(offset >= 0) || !(count >= 1 && count <= 500)) return sim._err(47001);
				const all = [...p.authorizers.entries()].filter(([, a]) => !a.revoked);
				const list = all.slice(offset, offset + count).map(([appId, a]) => ({ authorizer_appid: appId, refresh_token: a.refreshToken, auth_time: a.authTime }));
				return { json: { total_count: all.length, list } };
			},
			'/cgi-bin/component/get_authorizer_option'(sim, p, body) {
				const auth = p.authorizers.get(String(body.authorizer_appid));
				if (!auth || auth.revoked) return sim._err(61003);
				return { json: { authorizer_appid: body.authorizer_appid, option_name: body.option_name, option_value: auth.options[body.option_name] ?? '0' } };
			},
			'/cgi-bin/component/set_authorizer_option'(sim, p, body) {
				const auth = p.authorizers.get(String(body.authorizer_appid));
				if (!auth || auth.revoked) return sim._err(61003);
				if (!['location_report', 'voice_recognize', 'customer_service'].includes(body.option_name)) return sim._err(61007);
				auth.options[body.option_name] = String(body.option_value);
				return { json: { errcode: 0, errmsg: 'ok' } };
			},
			'/cgi-bin/component/clear_quota'(sim) {
				return { json: { errcode: 0, errmsg: 'ok' } };
			},
		}),
	},
};

function issueAuthorizerToken(sim, appId, auth) {
	const rec = sim._issueToken(sim.apps.get(appId), 'authorizer');
	rec.sets = auth.sets;
	sim._authorizerFetches = sim._authorizerFetches || {};
	sim._authorizerFetches[appId] = (sim._authorizerFetches[appId] || 0) + 1;
	return rec;
}

/** Routes that take component_access_token and component_appid. */
function withComponent(handlers) {
	const routes = {};
	for (const [path, handler] of Object.entries(handlers)) {
		routes[path] = {
			post: true,
			handler(sim, { q, body }) {
				const a = sim._componentAuth(q);
				if ('error' in a) return a.error;
				if (body.component_appid !== undefined && body.component_appid !== a.p.appId) return sim._err(40013);
				return handler(sim, a.p, body);
			},
		};
	}
	return routes;
}
