'use strict';
/**
 * Subscriptions (订阅消息 / 订阅通知): credits per user and template (a popup "accept" adds one, a one-time
 * send spends one, a long-term template (type 3) is not spent, reject/ban removes them), the popup/change/sent
 * events pushed to a Trigger URL, the Official Account's subscribe notifications (`message/subscribe/bizsend`),
 * and the subscribe template library (`/wxaapi/newtmpl/*`) with daily call limits. The Mini Program's
 * `message/subscribe/send` (message.js) spends the same credits.
 */
const { validate } = require('../values');
const { DEFAULT_APPS } = require('../state');

const DAY_MS = 24 * 3600 * 1000;

/** WeChat's public library (a small, fixed part of it): categories and the public templates in them. */
const CATEGORIES = [
	{ id: 307, name: '快递、物流 (Express, logistics)' },
	{ id: 616, name: '软件服务提供商 (Software services)' },
	{ id: 863, name: '公共服务 (Public services)' },
];
const kw = (kid, name, rule, example) => ({ kid, name, rule, example });
const PUBLIC_TEMPLATES = [
	{ tid: 1001, title: 'Order shipped', type: 2, categoryId: 307, keywords: [kw(1, 'Item', 'thing', 'Coffee beans'), kw(2, 'Order no.', 'character_string', 'SO-10001'), kw(3, 'Shipped at', 'time', '2024-05-01 10:00'), kw(4, 'Carrier', 'thing', 'SF Express')] },
	{ tid: 1002, title: 'Parcel delivered', type: 2, categoryId: 307, keywords: [kw(1, 'Item', 'thing', 'Coffee beans'), kw(2, 'Delivered at', 'time', '2024-05-02 15:00'), kw(3, 'Pick-up code', 'number', '4021')] },
	{ tid: 1101, title: 'Payment received', type: 2, categoryId: 616, keywords: [kw(1, 'Item', 'thing', 'Pro plan'), kw(2, 'Amount', 'amount', '¥128.00'), kw(3, 'Paid at', 'time', '2024-05-01 10:00'), kw(4, 'Status', 'phrase', '已支付')] },
	{ tid: 1102, title: 'Renewal reminder', type: 2, categoryId: 616, keywords: [kw(1, 'Plan', 'thing', 'Pro plan'), kw(2, 'Expires on', 'date', '2024-06-01'), kw(3, 'Price', 'amount', '¥128.00')] },
	{ tid: 1301, title: 'Appointment reminder', type: 3, categoryId: 863, keywords: [kw(1, 'Service', 'thing', 'Passport renewal'), kw(2, 'Date', 'date', '2024-05-01'), kw(3, 'Name', 'name', '张三')] },
];
/** Calls per app and day before 45009 (the simulator's numbers; WeChat publishes its limits per API in the console). */
const DEFAULT_DAILY_LIMITS = { getcategory: 1000, getpubtemplatetitles: 1000, getpubtemplatekeywords: 1000, addtemplate: 100, gettemplate: 10000, deltemplate: 100 };
/** WeChat's documented limit of templates per account (addtemplate answers 200012 beyond it). */
const MAX_PRIVATE_TEMPLATES = 25;

/** An Official Account starts with one subscribe template (订阅通知). */
const OA_SUBSCRIBE_TEMPLATE = { priTmplId: 'OA_SUB_ORDER', title: 'Order status', content: 'Item:{{thing1.DATA}}\nOrder no.:{{character_string2.DATA}}\nUpdated:{{time3.DATA}}\n', example: 'Item:Coffee beans\nOrder no.:SO-10001\nUpdated:2024-05-01 10:00\n', type: 2 };

/** The subscribe templates of an app: a Mini Program's templates, an Official Account's own list. */
function subscribeTemplatesOf(app) {
	if (app.type === 'miniProgram') return app.templates;
	if (!app.subscribeTemplates) {
		app.subscribeTemplates = new Map();
		const t = OA_SUBSCRIBE_TEMPLATE;
		app.subscribeTemplates.set(t.priTmplId, { id: t.priTmplId, keywords: ['thing1', 'character_string2', 'time3'], listing: { ...t } });
	}
	return app.subscribeTemplates;
}
const creditKey = (appId, openid, templateId) => appId + '|' + openid + '|' + templateId;

/** A list WeChat sends as one object when it holds one entry. */
const listOf = (v) => (Array.isArray(v) ? v : v && typeof v === 'object' ? [v] : []);

function limited(name, handler) {
	return (sim, ctx) => {
		const key = ctx.app.appId + '|' + name + '|' + Math.floor(sim.now() / DAY_MS);
		const used = (sim._newtmplCalls.get(key) || 0) + 1;
		sim._newtmplCalls.set(key, used);
		if (used > (sim._newtmplLimits[name] ?? Infinity)) return sim._err(45009);
		return handler(sim, ctx);
	};
}

function checkValues(sim, tpl, data) {
	for (const k of tpl.keywords) {
		const v = data[k] && typeof data[k] === 'object' ? data[k].value : undefined;
		const problem = validate(k, v);
		if (problem) return sim._err(47003, `argument invalid! data.${k}.value ${problem}`);
	}
	return null;
}

/** @type {import('./index').ApiFamily} */
module.exports = {
	name: 'subscription',
	subscribeTemplatesOf,
	init(sim) {
		/** @type {Set<string>} long-term acceptances (not spent by a send) */
		sim._longTerm = new Set();
		/** @type {any[]} */
		sim._bizsendDeliveries = [];
		/** @type {any[]} every decision applied: { appId, openid, templateId, status, event } */
		sim._decisions = [];
		sim._newtmplCalls = new Map();
		sim._newtmplLimits = { ...DEFAULT_DAILY_LIMITS };
		sim._priTmplSeq = 0;
		/** @type {Set<number>} public templates WeChat has banned (addtemplate answers 200013) */
		sim._bannedTids = new Set();
	},
	reset(sim) {
		sim._longTerm.clear();
		sim._bizsendDeliveries.length = 0;
		sim._decisions.length = 0;
		sim._newtmplCalls.clear();
		sim._bannedTids.clear();
	},
	stats(sim) {
		return { bizsendDeliveries: sim._bizsendDeliveries.length, subscriptionDecisions: sim._decisions.length };
	},
	onCallback(sim, opts) {
		const m = opts.message || {};
		const appId = opts.appId;
		if (!appId || !sim.apps.has(appId)) return;
		const event = String(m.Event || '');
		const holder = event === 'subscribe_msg_popup_event' ? m.SubscribeMsgPopupEvent : event === 'subscribe_msg_change_event' ? m.SubscribeMsgChangeEvent : undefined;
		if (event !== 'subscribe_msg_popup_event' && event !== 'subscribe_msg_change_event') return;
		for (const entry of listOf(holder ? holder.List : m.List)) {
			sim.applySubscriptionDecision(appId, String(m.FromUserName), String(entry.TemplateId), String(entry.SubscribeStatusString), event);
		}
	},
	control: {
		'GET /__sim/subscriptions'(sim) {
			return { credits: Object.fromEntries(sim._quota), longTerm: [...sim._longTerm], decisions: sim._decisions.length, bizsend: sim._bizsendDeliveries };
		},
		'POST /__sim/subscription/push'(sim, { body }) {
			return sim.pushSubscriptionEvents(body.url, body);
		},
		'POST /__sim/newtmpl/limits'(sim, { body }) {
			Object.assign(sim._newtmplLimits, body);
			return sim._newtmplLimits;
		},
		'POST /__sim/newtmpl/ban'(sim, { body }) {
			sim._bannedTids.add(Number(body.tid));
			return { banned: [...sim._bannedTids] };
		},
	},
	methods: {
		/** One entry per accepted bizsend: { appId, touser, template_id, data, page, miniprogram }. */
		get bizsendDeliveries() {
			return this._bizsendDeliveries;
		},
		/** Every popup/change decision applied (from callbacks sent through the simulator). */
		get subscriptionDecisions() {
			return this._decisions;
		},
		/**
		 * A user's decision on a template: accept adds one credit (long-term templates, type 3: a standing
		 * permission), reject and ban remove every credit and the long-term permission.
		 */
		applySubscriptionDecision(appId, openid, templateId, status, event = 'subscribe_msg_popup_event') {
			const app = this._app(appId);
			const key = creditKey(appId, openid, templateId);
			this._decisions.push({ appId, openid, templateId, status, event });
			if (status === 'accept') {
				const tpl = subscribeTemplatesOf(app).get(templateId);
				if (tpl && Number(tpl.listing.type) === 3) this._longTerm.add(key);
				else this._quota.set(key, (this._quota.get(key) || 0) + 1);
			} else if (status === 'reject' || status === 'ban') {
				this._quota.delete(key);
				this._longTerm.delete(key);
			}
		},
		/** Spends one credit (none for a long-term acceptance); false when there is none (43101). */
		_spendCredit(appId, openid, templateId) {
			const key = creditKey(appId, openid, templateId);
			if (this._longTerm.has(key)) return true;
			const left = this._quota.get(key) || 0;
			if (left <= 0) return false;
			this._quota.set(key, left - 1);
			return true;
		},
		/** Credits left (Infinity for a long-term acceptance). */
		subscriptionCredits(openid, templateId, appId = DEFAULT_APPS.mp.appId) {
			const key = creditKey(appId, openid, templateId);
			return this._longTerm.has(key) ? Infinity : this._quota.get(key) || 0;
		},
		/** Adds a subscribe template to an app (an Official Account's own list): { priTmplId, title, content, type? }. */
		addSubscribeTemplate(appId, t) {
			const app = this._app(appId);
			const keywords = [];
			const re = /\{\{\s*([A-Za-z0-9_]+)\.DATA\s*\}\}/g;
			let m;
			while ((m = re.exec(t.content))) if (!keywords.includes(m[1])) keywords.push(m[1]);
			subscribeTemplatesOf(app).set(t.priTmplId, { id: t.priTmplId, keywords, listing: { priTmplId: t.priTmplId, title: t.title || t.priTmplId, content: t.content, example: t.example || '', type: t.type || 2 } });
		},
		/**
		 * WeChat pushing subscription events to a Trigger URL: one callback per user holding that user's
		 * templates. `decisions` [{ openid, templateId, status }] (status accept/reject/ban; for `event: 'sent'`
		 * { openid, templateId, msgId?, errorCode? }). Credits change as each callback is sent.
		 * @param {string} url
		 * @param {{ appId?: string, token: string, encodingAesKey?: string, mode?: 'plain'|'compat'|'safe', format?: 'xml'|'json', event?: 'popup'|'change'|'sent', decisions: any[], concurrency?: number, timeoutMs?: number }} opts
		 */
		async pushSubscriptionEvents(url, opts) {
			const appId = opts.appId || DEFAULT_APPS.mp.appId;
			const app = this._app(appId);
			const kind = opts.event || 'popup';
			const event = { popup: 'subscribe_msg_popup_event', change: 'subscribe_msg_change_event', sent: 'subscribe_msg_sent_event' }[kind];
			const holder = { popup: 'SubscribeMsgPopupEvent', change: 'SubscribeMsgChangeEvent', sent: 'SubscribeMsgSentEvent' }[kind];
			const byUser = new Map();
			for (const d of opts.decisions || []) {
				const entry =
					kind === 'sent'
						? { TemplateId: d.templateId, MsgID: String(d.msgId ?? ''), ErrorCode: String(d.errorCode ?? 0), ErrorStatus: d.errorCode ? 'fail' : 'success' }
						: kind === 'popup'
							? { TemplateId: d.templateId, SubscribeStatusString: d.status, PopupScene: '0' }
							: { TemplateId: d.templateId, SubscribeStatusString: d.status };
				if (!byUser.has(d.openid)) byUser.set(d.openid, []);
				byUser.get(d.openid).push(entry);
			}
			const users = [...byUser.entries()];
			const format = opts.format || (app.type === 'miniProgram' ? 'json' : 'xml');
			const result = { callbacks: users.length, ok: 0, failed: 0, statuses: /** @type {Record<string, number>} */ ({}) };
			let next = 0;
			const worker = async () => {
				while (next < users.length) {
					const [openid, list] = users[next++];
					const base = { ToUserName: app.originalId, FromUserName: openid, CreateTime: Math.floor(this.now() / 1000), MsgType: 'event', Event: event };
					const message = format === 'json' ? { ...base, List: list } : { ...base, [holder]: { List: list } };
					const res = await this.sendCallback(url, { token: opts.token, encodingAesKey: opts.encodingAesKey, appId, mode: opts.mode || 'plain', format, message, timeoutMs: opts.timeoutMs ?? 15000 });
					result.statuses[res.status] = (result.statuses[res.status] || 0) + 1;
					if (res.status === 200) result.ok++;
					else result.failed++;
				}
			};
			await Promise.all(Array.from({ length: Math.max(1, opts.concurrency || 10) }, worker));
			return result;
		},
	},
	routes: {
		'/cgi-bin/message/subscribe/bizsend': {
			post: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { body, app }) {
				const touser = body.touser;
				if (sim._decode(app, touser) < 0) return sim._err(40003);
				const tpl = subscribeTemplatesOf(app).get(body.template_id);
				if (!tpl) return sim._err(40037);
				const bad = checkValues(sim, tpl, body.data && typeof body.data === 'object' ? body.data : {});
				if (bad) return bad;
				if (body.miniprogram !== undefined && (typeof body.miniprogram !== 'object' || !body.miniprogram || !body.miniprogram.appid)) return sim._err(47001);
				if (!sim._spendCredit(app.appId, touser, body.template_id)) return sim._err(43101);
				sim._bizsendDeliveries.push({ appId: app.appId, touser, template_id: body.template_id, data: body.data, page: body.page, miniprogram: body.miniprogram });
				return { json: { errcode: 0, errmsg: 'ok' } };
			},
		},
		'/wxaapi/newtmpl/getcategory': {
			auth: true,
			handler: limited('getcategory', () => ({ json: { errcode: 0, errmsg: 'ok', data: CATEGORIES } })),
		},
		'/wxaapi/newtmpl/getpubtemplatetitles': {
			auth: true,
			handler: limited('getpubtemplatetitles', (sim, { q }) => {
				const ids = String(q.get('ids') || '').split(',').filter((s) => s.trim() !== '').map(Number).filter((n) => Number.isInteger(n) && n > 0);
				const start = Number(q.get('start') ?? 0);
				const limit = Number(q.get('limit') ?? 0);
				const rawIds = String(q.get('ids') || '').split(',').filter((s) => s.trim() !== '');
				if (!rawIds.length) return sim._err(200018, 'missing ids');
				if (ids.length !== rawIds.length || ids.some((id) => !CATEGORIES.some((c) => c.id === id))) return sim._err(200019, 'invalid ids');
				if (!Number.isInteger(start) || start < 0) return sim._err(200016, 'invalid start');
				if (!Number.isInteger(limit) || limit < 1 || limit > 30) return sim._err(200017, 'invalid limit');
				const all = PUBLIC_TEMPLATES.filter((t) => ids.includes(t.categoryId));
				const data = all.slice(start, start + limit).map(({ tid, title, type, categoryId }) => ({ tid, title, type, categoryId: String(categoryId) }));
				return { json: { errcode: 0, errmsg: 'ok', count: all.length, data } };
			}),
		},
		'/wxaapi/newtmpl/getpubtemplatekeywords': {
			auth: true,
			handler: limited('getpubtemplatekeywords', (sim, { q }) => {
				const t = PUBLIC_TEMPLATES.find((p) => p.tid === Number(q.get('tid')));
				if (!t) return sim._err(200014, 'invalid tid');
				return { json: { errcode: 0, errmsg: 'ok', count: t.keywords.length, data: t.keywords } };
			}),
		},
		'/wxaapi/newtmpl/addtemplate': {
			post: true,
			auth: true,
			handler: limited('addtemplate', (sim, { body, app }) => {
				const t = PUBLIC_TEMPLATES.find((p) => p.tid === Number(body.tid));
				if (!t) return sim._err(200014, 'invalid tid');
				if (sim._bannedTids.has(t.tid)) return sim._err(200013, 'template banned');
				const kids = Array.isArray(body.kidList) ? body.kidList.map(Number) : [];
				const chosen = kids.map((kid) => t.keywords.find((k) => k.kid === kid));
				if (kids.length < 2 || kids.length > 5 || chosen.some((k) => !k) || new Set(kids).size !== kids.length) return sim._err(200020, 'invalid kidList');
				if (body.sceneDesc !== undefined && Array.from(String(body.sceneDesc)).length > 15) return sim._err(200021, 'invalid sceneDesc');
				const list = subscribeTemplatesOf(app);
				if (list.size >= MAX_PRIVATE_TEMPLATES) return sim._err(200012, 'private template count reach max');
				const priTmplId = `SUB_${t.tid}_${(++sim._priTmplSeq).toString(36).toUpperCase().padStart(4, '0')}`;
				const content = chosen.map((k) => `${k.name}:{{${k.rule}${k.kid}.DATA}}\n`).join('');
				const example = chosen.map((k) => `${k.name}:${k.example}\n`).join('');
				sim.addSubscribeTemplate(app.appId, { priTmplId, title: t.title, content, example, type: t.type });
				return { json: { errcode: 0, errmsg: 'ok', priTmplId } };
			}),
		},
		'/wxaapi/newtmpl/gettemplate': {
			auth: true,
			handler: limited('gettemplate', (sim, { app }) => ({
				json: { errcode: 0, errmsg: 'ok', data: [...subscribeTemplatesOf(app).values()].map((t) => t.listing) },
			})),
		},
		'/wxaapi/newtmpl/deltemplate': {
			post: true,
			auth: true,
			handler: limited('deltemplate', (sim, { body, app }) => {
				if (!subscribeTemplatesOf(app).delete(String(body.priTmplId ?? ''))) return sim._err(40037);
				return { json: { errcode: 0, errmsg: 'ok' } };
			}),
		},
	},
};
