'use strict';
/**
 * Customer-service messages (客服消息): `message/custom/send` and `message/custom/typing`, for Official
 * Accounts and Mini Programs alike, with WeChat's window semantics. A user's interaction opens a window: a
 * message one of `messageQuota` sends over `messageWindowSeconds` (WeChat since 2023-06-12: 5 over 48 hours),
 * a follow, QR scan or menu tap one of `eventQuota` over `eventWindowSeconds` (3 over 1 minute); an unfollow
 * closes every window. No open window: 45015; windows open but their quota used up: 45047.
 *
 * Interactions come from `sim.userInteraction(appId, openid, kind)`, or from the callbacks the simulator
 * sends (sim.sendCallback: text/image/... messages, subscribe, SCAN, CLICK, scancode_*, unsubscribe).
 * Records every accepted send (sim.customServiceDeliveries) and typing command (sim.typingCommands).
 */
const { DEFAULT_APPS } = require('../state');

const DEFAULT_RULES = Object.freeze({ messageQuota: 5, messageWindowSeconds: 48 * 3600, eventQuota: 3, eventWindowSeconds: 60 });
const TYPES = {
	officialAccount: new Set(['text', 'image', 'voice', 'video', 'music', 'news', 'mpnews', 'mpnewsarticle', 'msgmenu', 'wxcard', 'miniprogrampage']),
	miniProgram: new Set(['text', 'image', 'link', 'miniprogrampage']),
};
/** WeChat's errmsg for the errcodes only this family answers. */
const ERRMSG = { 40007: 'invalid media_id', 40008: 'invalid message type', 44004: 'empty content', 45002: 'content size out of limit', 45008: 'article size out of limit' };
const KINDS = new Set(['message', 'follow', 'scan', 'menu', 'unfollow']);
const MENU_EVENTS = new Set(['CLICK', 'scancode_push', 'scancode_waitmsg']);

/** @param {any} v */
const filled = (v) => typeof v === 'string' && v.trim() !== '';

/**
 * What WeChat checks in a body of the given type, or [errcode] when it refuses it (a media_id must be one
 * this app uploaded and still alive: api/media.js).
 * @param {any} sim @param {string} appId @param {string} type @param {any} body @param {'officialAccount'|'miniProgram'} appType
 * @returns {[number] | null}
 */
function refusal(sim, appId, type, body, appType) {
	const part = body[type];
	if (!part || typeof part !== 'object') return [47001];
	switch (type) {
		case 'text':
			if (!filled(part.content)) return [44004];
			if (Buffer.byteLength(part.content, 'utf8') > 2048) return [45002];
			return null;
		case 'image':
		case 'voice':
		case 'video':
			return filled(part.media_id) && sim.mediaOf(appId, part.media_id) ? null : [40007];
		case 'news': {
			const a = part.articles;
			if (!Array.isArray(a) || a.length === 0) return [47001];
			return a.length > 1 ? [45008] : null;
		}
		case 'link':
			return ['title', 'description', 'url', 'thumb_url'].every((k) => filled(part[k])) ? null : [47001];
		case 'miniprogrampage':
			if (!filled(part.pagepath) || !filled(part.thumb_media_id)) return [47001];
			return appType === 'officialAccount' && !filled(part.appid) ? [47001] : null;
		case 'msgmenu':
			return Array.isArray(part.list) && part.list.length > 0 && part.list.every((i) => filled(i.id) && filled(i.content)) ? null : [47001];
		default:
			return null;
	}
}

/** @type {import('./index').ApiFamily} */
module.exports = {
	name: 'customService',
	init(sim) {
		sim._csRules = { ...DEFAULT_RULES };
		/** @type {Map<string, Array<{ kind: string, left: number, until: number }>>} appId|openid -> open windows */
		sim._csWindows = new Map();
		/** @type {any[]} */
		sim._csDeliveries = [];
		/** @type {any[]} */
		sim._csTyping = [];
	},
	onCallback(sim, opts) {
		sim._csObserveCallback(opts);
	},
	reset(sim) {
		sim._csWindows.clear();
		sim._csDeliveries.length = 0;
		sim._csTyping.length = 0;
	},
	stats(sim) {
		return { customServiceDeliveries: sim._csDeliveries.length, typingCommands: sim._csTyping.length };
	},
	control: {
		'GET /__sim/custom-service'(sim) {
			return { deliveries: sim._csDeliveries, typing: sim._csTyping, rules: sim._csRules };
		},
		'POST /__sim/custom-service/rules'(sim, { body }) {
			return sim.customServiceRules(body);
		},
		'POST /__sim/interaction'(sim, { body }) {
			sim.userInteraction(body.appId ?? DEFAULT_APPS.oa.appId, body.openid, body.kind);
			return { ok: true };
		},
	},
	methods: {
		/** One entry per accepted customer-service message: { appId, touser, msgtype, body, at }. */
		get customServiceDeliveries() {
			return this._csDeliveries;
		},
		/** One entry per accepted typing command: { appId, touser, command, at }. */
		get typingCommands() {
			return this._csTyping;
		},
		/**
		 * Change (some of) the window rules; returns them. Windows opened before keep their numbers.
		 * @param {Partial<typeof DEFAULT_RULES>} [rules]
		 */
		customServiceRules(rules = {}) {
			for (const [k, v] of Object.entries(rules)) {
				if (!(k in DEFAULT_RULES)) throw new Error(`unknown rule ${k}`);
				if (!Number.isFinite(v) || v < 0) throw new Error(`${k} must be a number >= 0`);
				this._csRules[k] = v;
			}
			return { ...this._csRules };
		},
		/**
		 * A user did something that opens (or, `unfollow`, closes) their customer-service window.
		 * @param {string} appId @param {string} openid @param {'message'|'follow'|'scan'|'menu'|'unfollow'} kind
		 */
		userInteraction(appId, openid, kind) {
			if (!KINDS.has(kind)) throw new Error(`kind must be one of ${[...KINDS].join(', ')}`);
			this._app(appId);
			const key = appId + '|' + openid;
			if (kind === 'unfollow') return void this._csWindows.delete(key);
			const r = this._csRules;
			const [left, seconds] = kind === 'message' ? [r.messageQuota, r.messageWindowSeconds] : [r.eventQuota, r.eventWindowSeconds];
			const now = this.now();
			const open = (this._csWindows.get(key) || []).filter((w) => w.until > now);
			open.push({ kind, left, until: now + seconds * 1000 });
			this._csWindows.set(key, open);
		},
		/** The open windows of a user: [{ kind, left, until }]. @param {string} appId @param {string} openid */
		customServiceWindows(appId, openid) {
			const now = this.now();
			return (this._csWindows.get(appId + '|' + openid) || []).filter((w) => w.until > now).map((w) => ({ ...w }));
		},
		/** Called for every callback the simulator sends: the user's side of the window. @param {any} opts */
		_csObserveCallback(opts) {
			const m = (opts && opts.message) || {};
			const openid = m.FromUserName;
			if (typeof openid !== 'string' || !opts.appId || !this.apps.has(opts.appId)) return;
			const type = String(m.MsgType || '');
			const event = String(m.Event || '');
			let kind;
			if (type && type !== 'event') kind = 'message';
			else if (event === 'subscribe') kind = String(m.EventKey || '').startsWith('qrscene_') ? 'scan' : 'follow';
			else if (event === 'SCAN') kind = 'scan';
			else if (MENU_EVENTS.has(event)) kind = 'menu';
			else if (event === 'unsubscribe') kind = 'unfollow';
			if (kind) this.userInteraction(opts.appId, openid, /** @type {any} */ (kind));
		},
		/** 0 when the user has an open window with quota left (and takes one when `consume`), else 45015 / 45047. */
		_csWindow(app, openid, consume) {
			const open = this.customServiceWindows(app.appId, openid);
			if (open.length === 0) return 45015;
			const windows = this._csWindows.get(app.appId + '|' + openid) || [];
			const usable = windows.find((w) => w.until > this.now() && w.left > 0);
			if (!usable) return 45047;
			if (consume) usable.left--;
			return 0;
		},
	},
	routes: {
		'/cgi-bin/message/custom/send': {
			post: true,
			auth: true,
			handler(sim, { body, app }) {
				const touser = body.touser;
				if (sim._decode(app, touser) < 0) return sim._err(40003);
				const type = body.msgtype;
				if (typeof type !== 'string' || !TYPES[app.type].has(type)) return sim._err(40008, ERRMSG[40008]);
				const refused = refusal(sim, app.appId, type, body, app.type);
				if (refused) return sim._err(refused[0], /** @type {any} */ (ERRMSG)[refused[0]]);
				if (body.customservice !== undefined && (!body.customservice || !filled(body.customservice.kf_account))) return sim._err(47001);
				const closed = sim._csWindow(app, touser, true);
				if (closed) return sim._err(closed);
				sim._csDeliveries.push({ appId: app.appId, touser, msgtype: type, body, at: sim.now() });
				return { json: { errcode: 0, errmsg: 'ok' } };
			},
		},
		'/cgi-bin/message/custom/typing': {
			post: true,
			auth: true,
			handler(sim, { body, app }) {
				const touser = body.touser;
				if (sim._decode(app, touser) < 0) return sim._err(40003);
				if (body.command !== 'Typing' && body.command !== 'CancelTyping') return sim._err(40097);
				const closed = sim._csWindow(app, touser, false);
				if (closed === 45015) return sim._err(45015);
				sim._csTyping.push({ appId: app.appId, touser, command: body.command, at: sim.now() });
				return { json: { errcode: 0, errmsg: 'ok' } };
			},
		},
	},
};
