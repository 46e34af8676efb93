'use strict';
/**
 * Mass send (群发) of an Official Account: `message/mass/sendall` (a tag, or everyone with is_to_all),
 * `message/mass/send` (an OpenID list of 2..10,000: 40130 below, 40032 above), `mass/preview`, `mass/get`,
 * `mass/delete`, with WeChat's rules:
 * - clientmsgid: a second send with the same one within `dedupSeconds` (24 h) answers 45065 with the
 *   msg_id of the first and delivers nothing; over 64 bytes 45067;
 * - quota: each follower receives at most `perUserMonthly` mass sends per calendar month (service accounts: 4;
 *   the rest are filtered, as WeChat does); `jobsPerDay` (subscription accounts: 1; null = no limit) mass
 *   sends per day per account, then 45028; blocked followers (api/tags.js) receive nothing;
 * - content: text 1..600 characters (44004 / 45002), media_id / card_id present (40007 / 47001);
 * - an unknown tag 45159; an OpenID of another app 40003 (nothing sent).
 * After `jobDelayMs` the job finishes: status SEND_SUCCESS and, when `massSendCallback({ url, token, ... })`
 * is set, the MASSSENDJOBFINISH event pushed there (plain/compat/safe like sendCallback) with TotalCount,
 * FilterCount (= to be sent after filtering), SentCount (= deliveries), ErrorCount.
 * Records: sim.massDeliveries [{ appId, msgId, touser, msgtype }], sim.massJobs, sim.massPreviews,
 * sim.massSendEvents (each push and the trigger's answer status).
 */
const DEFAULT_RULES = Object.freeze({ perUserMonthly: 4, jobsPerDay: null, dedupSeconds: 24 * 3600, jobDelayMs: 50 });
const ERRMSG = {
	40007: 'invalid media_id',
	40130: 'invalid openid list size, at least two openid',
	44004: 'empty content',
	45002: 'content size out of limit',
	45028: 'has no masssend quota',
	45065: 'clientmsgid exist',
	45067: 'clientmsgid size out of limit',
	45159: 'invalid tag id',
};
const TYPES = new Set(['text', 'image', 'voice', 'mpvideo', 'mpnews', 'wxcard']);
const LIST_MAX = 10000;

const err = (sim, code) => sim._err(code, ERRMSG[code]);
const filled = (v) => typeof v === 'string' && v.trim() !== '';

/** Why WeChat refuses the content, or null. */
function contentError(sim, body, preview) {
	const type = body.msgtype;
	if (!TYPES.has(type)) return sim._err(40008, 'invalid message type');
	if (type === 'text') {
		const content = body.text && body.text.content;
		if (!filled(content)) return err(sim, 44004);
		return [...content].length > 600 ? err(sim, 45002) : null;
	}
	if (type === 'image') {
		const ids = preview ? [body.image && body.image.media_id] : body.images && body.images.media_ids;
		return Array.isArray(ids) && ids.length > 0 && ids.every(filled) ? null : err(sim, 40007);
	}
	if (type === 'wxcard') return body.wxcard && filled(body.wxcard.card_id) ? null : sim._err(47001);
	return body[type] && filled(body[type].media_id) ? null : err(sim, 40007);
}

const monthOf = (ms) => new Date(ms).toISOString().slice(0, 7);
const dayOf = (ms) => new Date(ms).toISOString().slice(0, 10);

/** Accepts a job: dedup, quota, delivery per recipient (index list), the finish event later. */
function accept(sim, app, body, target, indexes) {
	const now = sim.now();
	const cmid = body.clientmsgid;
	if (cmid !== undefined && Buffer.byteLength(String(cmid), 'utf8') > 64) return err(sim, 45067);
	const key = cmid !== undefined && cmid !== '' ? app.appId + '|' + cmid : null;
	if (key) {
		const seen = sim._massDedup.get(key);
		if (seen && now - seen.at < sim._massRules.dedupSeconds * 1000) return { json: { ...err(sim, 45065).json, msg_id: seen.msgId } };
	}
	const rules = sim._massRules;
	if (rules.jobsPerDay !== null && rules.jobsPerDay !== undefined) {
		const day = app.appId + '|' + dayOf(now);
		if ((sim._massJobsPerDay.get(day) || 0) >= rules.jobsPerDay) return err(sim, 45028);
		sim._massJobsPerDay.set(day, (sim._massJobsPerDay.get(day) || 0) + 1);
	}
	const msgId = ++sim._massMsgId;
	if (key) sim._massDedup.set(key, { msgId, at: now });
	const month = monthOf(now);
	let sent = 0;
	for (const i of indexes) {
		if (i >= sim._followers || sim.isBlocked(app.appId, i)) continue;
		const quotaKey = app.appId + '|' + month + '|' + i;
		const used = sim._massQuota.get(quotaKey) || 0;
		if (used >= rules.perUserMonthly) continue;
		sim._massQuota.set(quotaKey, used + 1);
		sim._massDeliveries.push({ appId: app.appId, msgId, touser: sim.openIdOf(app.appId, i), msgtype: body.msgtype });
		sent++;
	}
	const job = { appId: app.appId, msgId, target, msgtype: body.msgtype, clientmsgid: cmid, status: 'SENDING', totalCount: indexes.length, filterCount: sent, sentCount: sent, errorCount: 0, at: now };
	sim._massJobs.push(job);
	sim._sleep(rules.jobDelayMs).then(() => finish(sim, app, job));
	return { json: { errcode: 0, errmsg: 'send job submission success', msg_id: msgId, msg_data_id: body.msgtype === 'mpnews' ? 2247483000 + msgId : undefined } };
}

async function finish(sim, app, job) {
	if (job.status === 'SENDING') job.status = 'SEND_SUCCESS';
	const cb = sim._massCallback;
	if (!cb || (cb.appId && cb.appId !== app.appId)) return;
	const message = {
		ToUserName: app.originalId,
		FromUserName: sim.openIdOf(app.appId, 0),
		CreateTime: Math.floor(sim.now() / 1000),
		MsgType: 'event',
		Event: 'MASSSENDJOBFINISH',
		MsgID: job.msgId,
		Status: 'send success',
		TotalCount: job.totalCount,
		FilterCount: job.filterCount,
		SentCount: job.sentCount,
		ErrorCount: job.errorCount,
	};
	const res = await sim.sendCallback(cb.url, { token: cb.token, encodingAesKey: cb.encodingAesKey, appId: app.appId, mode: cb.mode || 'plain', format: 'xml', message, timeoutMs: 15000 });
	sim._massEvents.push({ msgId: job.msgId, message, status: res.status, body: res.body });
}

/** @type {import('./index').ApiFamily} */
module.exports = {
	name: 'massSend',
	init(sim) {
		sim._massMsgId = 1000000000;
		sim._massRules = { ...DEFAULT_RULES };
		sim._massCallback = null;
		sim._massDeliveries = [];
		sim._massJobs = [];
		sim._massPreviews = [];
		sim._massEvents = [];
		sim._massDedup = new Map();
		sim._massQuota = new Map();
		sim._massJobsPerDay = new Map();
	},
	reset(sim) {
		for (const k of ['_massDeliveries', '_massJobs', '_massPreviews', '_massEvents']) sim[k].length = 0;
		for (const k of ['_massDedup', '_massQuota', '_massJobsPerDay']) sim[k].clear();
	},
	stats(sim) {
		return { massDeliveries: sim._massDeliveries.length, massJobs: sim._massJobs.length, massSendEvents: sim._massEvents.length };
	},
	control: {
		'GET /__sim/mass'(sim) {
			return { jobs: sim._massJobs, events: sim._massEvents, deliveries: sim._massDeliveries.length };
		},
		'POST /__sim/mass/rules'(sim, { body }) {
			return sim.massSendRules(body);
		},
		'POST /__sim/mass/callback'(sim, { body }) {
			sim.massSendCallback(body.url ? body : null);
			return { ok: true };
		},
	},
	methods: {
		/** One entry per follower a mass send reached. */
		get massDeliveries() {
			return this._massDeliveries;
		},
		/** Accepted jobs: { appId, msgId, target, msgtype, clientmsgid, status, totalCount, filterCount, sentCount, errorCount }. */
		get massJobs() {
			return this._massJobs;
		},
		get massPreviews() {
			return this._massPreviews;
		},
		/** Every MASSSENDJOBFINISH pushed: { msgId, message, status, body }. */
		get massSendEvents() {
			return this._massEvents;
		},
		/** Change (and return) the rules: { perUserMonthly, jobsPerDay, dedupSeconds, jobDelayMs }. Kept by reset(). */
		massSendRules(rules = {}) {
			Object.assign(this._massRules, rules);
			return { ...this._massRules };
		},
		/** Where MASSSENDJOBFINISH goes: { url, token, encodingAesKey?, mode?, appId? }, or null. Kept by reset(). */
		massSendCallback(target) {
			this._massCallback = target;
		},
		/** Resolves when every job has finished and its event (if any) was answered. */
		async massSendSettled(timeoutMs = 10000) {
			const until = Date.now() + timeoutMs;
			const pending = () => this._massJobs.some((j) => j.status === 'SENDING') || (this._massCallback && this._massEvents.length < this._massJobs.length);
			while (pending() && Date.now() < until) await this._sleep(20);
		},
	},
	routes: {
		'/cgi-bin/message/mass/sendall': {
			post: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { body, app }) {
				const filter = body.filter || {};
				const bad = contentError(sim, body, false);
				if (bad) return bad;
				if (filter.is_to_all === true) {
					return accept(sim, app, body, { all: true }, Array.from({ length: sim._followers }, (_, i) => i));
				}
				const members = sim._tagMembers(app.appId, filter.tag_id);
				if (!members) return err(sim, 45159);
				return accept(sim, app, body, { tagId: Number(filter.tag_id) }, [...members].sort((a, b) => a - b));
			},
		},
		'/cgi-bin/message/mass/send': {
			post: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { body, app }) {
				const list = body.touser;
				if (!Array.isArray(list) || list.length < 2) return err(sim, 40130);
				if (list.length > LIST_MAX) return sim._err(40032);
				const bad = contentError(sim, body, false);
				if (bad) return bad;
				const indexes = [];
				for (const openid of new Set(list)) {
					const i = sim._decode(app, openid);
					if (i < 0) return sim._err(40003);
					indexes.push(i);
				}
				return accept(sim, app, body, { openids: list.length }, indexes);
			},
		},
		'/cgi-bin/message/mass/preview': {
			post: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { body, app }) {
				if (body.touser !== undefined && sim._decode(app, body.touser) < 0) return sim._err(40003);
				if (body.touser === undefined && !filled(body.towxname)) return sim._err(40003);
				const bad = contentError(sim, body, true);
				if (bad) return bad;
				sim._massPreviews.push({ appId: app.appId, touser: body.touser, towxname: body.towxname, msgtype: body.msgtype, body });
				return { json: { errcode: 0, errmsg: 'preview success', msg_id: ++sim._massMsgId } };
			},
		},
		'/cgi-bin/message/mass/get': {
			post: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { body, app }) {
				const job = sim._massJobs.find((j) => j.appId === app.appId && j.msgId === Number(body.msg_id));
				if (!job) return sim._err(47001, 'invalid msg_id');
				return { json: { msg_id: job.msgId, msg_status: job.status } };
			},
		},
		'/cgi-bin/message/mass/delete': {
			post: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { body, app }) {
				const job = sim._massJobs.find((j) => j.appId === app.appId && j.msgId === Number(body.msg_id));
				if (!job) return sim._err(47001, 'invalid msg_id');
				if (job.msgtype !== 'mpnews' && job.msgtype !== 'mpvideo') return sim._err(47001, 'only mpnews and mpvideo can be deleted');
				job.status = 'DELETE';
				return { json: { errcode: 0, errmsg: 'ok' } };
			},
		},
	},
};
