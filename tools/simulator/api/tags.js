'use strict';
/**
 * Follower tags, the blacklist and remarks of an Official Account: `tags/create|get|update|delete`,
 * `tags/members/batchtagging|batchuntagging` (1..50 OpenIDs, else 40032), `user/tag/get` (pages of 10,000 by
 * next_openid), `tags/members/getblacklist|batchblacklist|batchunblacklist` (1..20, else 40032),
 * `user/info/updateremark`, with WeChat's limits: 100 tags per account (45056), names unique (45157) and at
 * most 30 bytes (45158), system tags 0/1/2 unchangeable (45058), unknown tag 45159, at most 20 tags per
 * follower (45059), a tag with more than 100,000 followers cannot be deleted (45057); an OpenID of another
 * app 49003, a malformed one or a non-follower 40003 (the whole call is refused, nothing changes).
 * User info (api/user.js) shows the tags and remark set here.
 */
const PAGE = 10000;
const TAGGING_MAX = 50;
const BLACKLIST_MAX = 20;
const LIMITS = Object.freeze({ tagsPerAccount: 100, tagsPerFollower: 20, nameBytes: 30, deletableFollowers: 100000 });
const ERRMSG = {
	45056: 'too many tags now, no need to add new',
	45057: 'can not delete the tag that has too many fans',
	45058: 'can not modify the system tag',
	45059: 'the fans has too many tags',
	45157: 'invalid tag name',
	45158: 'tag name too long',
	45159: 'invalid tag id',
	49003: 'not match openid with appid',
};
const SYSTEM = [
	{ id: 0, name: '黑名单' },
	{ id: 1, name: '屏蔽组' },
	{ id: 2, name: '星标组' },
];

/** @param {any} sim @param {import('../state').App} app */
function stateOf(sim, app) {
	let s = sim._tagState.get(app.appId);
	if (!s) {
		/** tags: id -> { id, name, members: Set<index> }; blocked: Set<index>; remarks: index -> text */
		s = { nextId: 100, tags: new Map(), blocked: new Set(), remarks: new Map(), perFollower: new Map() };
		sim._tagState.set(app.appId, s);
	}
	return s;
}

/** Index of a follower of this app, or an error answer (49003 another app's OpenID, 40003 otherwise). */
function follower(sim, app, openid) {
	const i = sim._decode(app, openid);
	if (i >= 0 && i < sim._followers) return { i };
	for (const other of sim.apps.values()) if (other !== app && sim._decode(other, openid) >= 0) return { error: sim._err(49003, ERRMSG[49003]) };
	return { error: sim._err(40003) };
}

/** Indexes of a list of OpenIDs, or an error answer. */
function followers(sim, app, list, max) {
	if (!Array.isArray(list) || list.length === 0 || list.length > max) return { error: sim._err(40032) };
	const out = [];
	for (const openid of list) {
		const f = follower(sim, app, openid);
		if (f.error) return f;
		out.push(f.i);
	}
	return { indexes: out };
}

/** A page of OpenIDs of sorted indexes after `next` (an OpenID, '' from the start). */
function page(sim, app, sortedIndexes, next) {
	let start = 0;
	if (next) {
		const i = sim._decode(app, next);
		if (i < 0) return sim._err(40003);
		start = sortedIndexes.findIndex((k) => k > i);
		if (start < 0) start = sortedIndexes.length;
	}
	const ids = sortedIndexes.slice(start, start + PAGE).map((k) => sim.openIdOf(app.appId, k));
	if (ids.length === 0) return { json: { total: sortedIndexes.length, count: 0, next_openid: '' } };
	return { json: { total: sortedIndexes.length, count: ids.length, data: { openid: ids }, next_openid: ids[ids.length - 1] } };
}

const sorted = (set) => [...set].sort((a, b) => a - b);
const tagErr = (sim, code) => sim._err(code, ERRMSG[code]);

/** @type {import('./index').ApiFamily} */
module.exports = {
	name: 'tags',
	init(sim) {
		/** @type {Map<string, any>} appId -> tag state */
		sim._tagState = new Map();
	},
	reset(sim) {
		sim._tagState.clear();
	},
	stats(sim) {
		const out = {};
		for (const [appId, s] of sim._tagState) out[appId] = { tags: s.tags.size, blocked: s.blocked.size };
		return { tags: out };
	},
	control: {
		'GET /__sim/tags'(sim, { q }) {
			const app = sim._app(q.get('appId') || [...sim.apps.values()][0].appId);
			const s = stateOf(sim, app);
			return { tags: [...s.tags.values()].map((t) => ({ id: t.id, name: t.name, count: t.members.size })), blocked: s.blocked.size };
		},
	},
	methods: {
		/** Create a tag as tags/create would (no limits checked); returns its id. @param {string} appId @param {string} name */
		addTag(appId, name) {
			const s = stateOf(this, this._app(appId));
			const tag = { id: s.nextId++, name, members: new Set() };
			s.tags.set(tag.id, tag);
			return tag.id;
		},
		/** The account's tags (system ones aside) with their member OpenIDs. @param {string} appId */
		tagsOf(appId) {
			const app = this._app(appId);
			return [...stateOf(this, app).tags.values()].map((t) => ({ id: t.id, name: t.name, openids: sorted(t.members).map((i) => this.openIdOf(appId, i)) }));
		},
		/** Indexes of a tag's members (undefined: no such tag). @param {string} appId @param {number} tagId */
		_tagMembers(appId, tagId) {
			const t = stateOf(this, this._app(appId)).tags.get(Number(tagId));
			return t ? t.members : undefined;
		},
		/** Whether person i is on the app's blacklist. @param {string} appId @param {number} i */
		isBlocked(appId, i) {
			const s = this._tagState.get(appId);
			return !!s && s.blocked.has(i);
		},
		/** User info fields this family owns (tagid_list, remark), or null when the app has no tag state. @param {import('../state').App} app @param {number} i */
		_tagFields(app, i) {
			const s = this._tagState.get(app.appId);
			if (!s) return null;
			const ids = i % 10 === 0 ? [2] : [];
			for (const t of s.tags.values()) if (t.members.has(i)) ids.push(t.id);
			return { tagid_list: ids, remark: s.remarks.get(i) || '' };
		},
	},
	routes: {
		'/cgi-bin/tags/create': {
			post: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { body, app }) {
				const name = body.tag && typeof body.tag.name === 'string' ? body.tag.name : '';
				const s = stateOf(sim, app);
				if (!name.trim()) return tagErr(sim, 45157);
				if (Buffer.byteLength(name, 'utf8') > LIMITS.nameBytes) return tagErr(sim, 45158);
				if ([...s.tags.values(), ...SYSTEM].some((t) => t.name === name)) return tagErr(sim, 45157);
				if (s.tags.size >= LIMITS.tagsPerAccount) return tagErr(sim, 45056);
				const tag = { id: s.nextId++, name, members: new Set() };
				s.tags.set(tag.id, tag);
				return { json: { tag: { id: tag.id, name } } };
			},
		},
		'/cgi-bin/tags/get': {
			auth: true,
			only: 'officialAccount',
			handler(sim, { app }) {
				const s = stateOf(sim, app);
				const tags = [
					{ id: 2, name: '星标组', count: Math.ceil(sim._followers / 10) },
					...[...s.tags.values()].map((t) => ({ id: t.id, name: t.name, count: t.members.size })),
				];
				return { json: { tags } };
			},
		},
		'/cgi-bin/tags/update': {
			post: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { body, app }) {
				const id = Number(body.tag && body.tag.id);
				const name = body.tag && typeof body.tag.name === 'string' ? body.tag.name : '';
				const s = stateOf(sim, app);
				if (id <= 2) return tagErr(sim, 45058);
				const tag = s.tags.get(id);
				if (!tag) return tagErr(sim, 45159);
				if (!name.trim()) return tagErr(sim, 45157);
				if (Buffer.byteLength(name, 'utf8') > LIMITS.nameBytes) return tagErr(sim, 45158);
				if ([...s.tags.values(), ...SYSTEM].some((t) => t.name === name && t.id !== id)) return tagErr(sim, 45157);
				tag.name = name;
				return { json: { errcode: 0, errmsg: 'ok' } };
			},
		},
		'/cgi-bin/tags/delete': {
			post: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { body, app }) {
				const id = Number(body.tag && body.tag.id);
				const s = stateOf(sim, app);
				if (id <= 2) return tagErr(sim, 45058);
				const tag = s.tags.get(id);
				if (!tag) return tagErr(sim, 45159);
				if (tag.members.size > LIMITS.deletableFollowers) return tagErr(sim, 45057);
				for (const i of tag.members) s.perFollower.set(i, (s.perFollower.get(i) || 1) - 1);
				s.tags.delete(id);
				return { json: { errcode: 0, errmsg: 'ok' } };
			},
		},
		'/cgi-bin/tags/members/batchtagging': {
			post: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { body, app }) {
				const s = stateOf(sim, app);
				const id = Number(body.tagid);
				if (id <= 2) return tagErr(sim, 45058);
				const tag = s.tags.get(id);
				if (!tag) return tagErr(sim, 45159);
				const f = followers(sim, app, body.openid_list, TAGGING_MAX);
				if (f.error) return f.error;
				const fresh = f.indexes.filter((i) => !tag.members.has(i));
				if (fresh.some((i) => (s.perFollower.get(i) || 0) >= LIMITS.tagsPerFollower)) return tagErr(sim, 45059);
				for (const i of fresh) {
					tag.members.add(i);
					s.perFollower.set(i, (s.perFollower.get(i) || 0) + 1);
				}
				return { json: { errcode: 0, errmsg: 'ok' } };
			},
		},
		'/cgi-bin/tags/members/batchuntagging': {
			post: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { body, app }) {
				const s = stateOf(sim, app);
				const id = Number(body.tagid);
				if (id <= 2) return tagErr(sim, 45058);
				const tag = s.tags.get(id);
				if (!tag) return tagErr(sim, 45159);
				const f = followers(sim, app, body.openid_list, TAGGING_MAX);
				if (f.error) return f.error;
				for (const i of f.indexes) if (tag.members.delete(i)) s.perFollower.set(i, (s.perFollower.get(i) || 1) - 1);
				return { json: { errcode: 0, errmsg: 'ok' } };
			},
		},
		'/cgi-bin/user/tag/get': {
			post: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { body, app }) {
				const tag = stateOf(sim, app).tags.get(Number(body.tagid));
				if (!tag) return tagErr(sim, 45159);
				const answer = page(sim, app, sorted(tag.members), body.next_openid || '');
				if (answer.json) delete answer.json.total; // user/tag/get gives no total
				return answer;
			},
		},
		'/cgi-bin/tags/members/getblacklist': {
			post: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { body, app }) {
				return page(sim, app, sorted(stateOf(sim, app).blocked), body.begin_openid || '');
			},
		},
		'/cgi-bin/tags/members/batchblacklist': {
			post: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { body, app }) {
				const f = followers(sim, app, body.openid_list, BLACKLIST_MAX);
				if (f.error) return f.error;
				for (const i of f.indexes) stateOf(sim, app).blocked.add(i);
				return { json: { errcode: 0, errmsg: 'ok' } };
			},
		},
		'/cgi-bin/tags/members/batchunblacklist': {
			post: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { body, app }) {
				const f = followers(sim, app, body.openid_list, BLACKLIST_MAX);
				if (f.error) return f.error;
				for (const i of f.indexes) stateOf(sim, app).blocked.delete(i);
				return { json: { errcode: 0, errmsg: 'ok' } };
			},
		},
		'/cgi-bin/user/info/updateremark': {
			post: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { body, app }) {
				const f = follower(sim, app, body.openid);
				if (f.error) return f.error;
				const remark = typeof body.remark === 'string' ? body.remark : '';
				if ([...remark].length > 30) return sim._err(47001, 'remark too long');
				stateOf(sim, app).remarks.set(f.i, remark);
				return { json: { errcode: 0, errmsg: 'ok' } };
			},
		},
	},
};
