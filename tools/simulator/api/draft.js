'use strict';
/**
 * Drafts and publishing (草稿箱, 发布能力): `/cgi-bin/draft/*` (add, get, batchget, update, delete, count) and
 * `/cgi-bin/freepublish/*` (submit, get, batchget, getarticle, delete). Publishing is a job: `submit` answers a
 * publish_id at once; the job finishes after `publishDelayMs` (status 1 "publishing" until then, 0 with the
 * article after), and WeChat pushes PUBLISHJOBFINISH to the URL set with setPublishCallback. Covers must be
 * permanent image materials of the account (40007 otherwise); unverified accounts get 48001 (setVerified).
 */
const crypto = require('crypto');
const { DEFAULT_APPS } = require('../state');

const ARTICLE_FIELDS = ['title', 'author', 'digest', 'content', 'content_source_url', 'thumb_media_id', 'need_open_comment', 'only_fans_can_comment'];

/** @type {import('./index').ApiFamily} */
module.exports = {
	name: 'draft',
	init(sim) {
		/** media_id -> { appId, articles, updateTime } */
		sim._drafts = new Map();
		/** publish_id -> { appId, mediaId, status, articleId?, submittedAt } */
		sim._publishJobs = new Map();
		/** article_id -> { appId, articles, updateTime } */
		sim._published = new Map();
		sim._publishing = { delayMs: 300, callback: null, unverified: new Set() };
	},
	reset(sim) {
		sim._drafts.clear();
		sim._publishJobs.clear();
		sim._published.clear();
		sim._publishing = { delayMs: 300, callback: null, unverified: new Set() };
	},
	stats(sim) {
		return { drafts: sim._drafts.size, publications: sim._published.size };
	},
	methods: {
		/** Drafts of an app: { mediaId, articles }. @param {string} [appId] */
		draftsOf(appId = DEFAULT_APPS.oa.appId) {
			return [...this._drafts].filter(([, d]) => d.appId === appId).map(([mediaId, d]) => ({ mediaId, articles: d.articles }));
		},
		/** Published articles of an app: { articleId, articles }. @param {string} [appId] */
		publishedOf(appId = DEFAULT_APPS.oa.appId) {
			return [...this._published].filter(([, p]) => p.appId === appId).map(([articleId, p]) => ({ articleId, articles: p.articles }));
		},
		/** Where WeChat pushes PUBLISHJOBFINISH: { url, token, encodingAesKey?, mode? } or null. */
		setPublishCallback(callback) {
			this._publishing.callback = callback;
		},
		/** How long a publish job takes. @param {number} ms */
		setPublishDelay(ms) {
			this._publishing.delayMs = ms;
		},
		/** Unverified accounts may not publish (48001 since 2025). @param {string} appId @param {boolean} verified */
		setVerified(appId, verified) {
			if (verified) this._publishing.unverified.delete(appId);
			else this._publishing.unverified.add(appId);
		},
		/** @param {any} app @param {any} articles @returns {any} error answer or null */
		_articlesProblem(app, articles) {
			if (!Array.isArray(articles) || articles.length === 0 || articles.length > 8) return this._err(47001);
			for (const a of articles) {
				if (!a || typeof a.title !== 'string' || !a.title || typeof a.content !== 'string' || !a.content) return this._err(44003, 'empty news data');
				if ([...a.title].length > 64) return this._err(45003, 'title size out of limit');
				if (a.digest && [...a.digest].length > 120) return this._err(45004, 'description size out of limit');
				const cover = this._material.get(a.thumb_media_id);
				if (!cover || cover.appId !== app.appId || (cover.type !== 'image' && cover.type !== 'thumb')) return this._err(40007, 'invalid media_id');
				if (/<img[^>]+src=["'](?!https?:\/\/mmbiz\.qpic\.cn)/i.test(a.content)) return this._err(45166, 'invalid content');
			}
			return null;
		},
		/** @param {string} publishId */
		async _runPublishJob(publishId) {
			const job = this._publishJobs.get(publishId);
			await this._sleep(this._publishing.delayMs);
			const draft = this._drafts.get(job.mediaId);
			if (!draft) {
				job.status = 3;
			} else {
				job.status = 0;
				job.articleId = crypto.randomBytes(20).toString('base64url');
				this._published.set(job.articleId, { appId: job.appId, articles: draft.articles.map((a, i) => ({ ...a, url: `https://mp.weixin.qq.com/s/${job.articleId}-${i}` })), updateTime: Math.floor(this.now() / 1000) });
				this._drafts.delete(job.mediaId);
			}
			const cb = this._publishing.callback;
			if (!cb) return;
			const app = this._app(job.appId);
			const result = { publish_id: publishId, publish_status: job.status };
			if (job.articleId) Object.assign(result, { article_id: job.articleId, article_detail: { count: 1, item: this._published.get(job.articleId).articles.map((a, i) => ({ idx: i + 1, article_url: a.url })) } });
			const message = { ToUserName: app.originalId, FromUserName: 'oFS7Fjl0WsZ9AMZqrI80nbIq8xrA', CreateTime: Math.floor(this.now() / 1000), MsgType: 'event', Event: 'PUBLISHJOBFINISH', PublishEventInfo: result };
			job.callback = await this.sendCallback(cb.url, { token: cb.token, encodingAesKey: cb.encodingAesKey, appId: job.appId, mode: cb.mode || 'plain', format: 'xml', message, timeoutMs: 15000 });
		},
	},
	routes: {
		'/cgi-bin/draft/add': {
			post: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { body, app }) {
				const problem = sim._articlesProblem(app, body.articles);
				if (problem) return problem;
				const mediaId = crypto.randomBytes(24).toString('base64url');
				sim._drafts.set(mediaId, { appId: app.appId, articles: body.articles.map(pick), updateTime: Math.floor(sim.now() / 1000) });
				return { json: { media_id: mediaId } };
			},
		},
		'/cgi-bin/draft/get': {
			post: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { body, app }) {
				const d = sim._drafts.get(body.media_id);
				if (!d || d.appId !== app.appId) return sim._err(40007, 'invalid media_id');
				return { json: { news_item: d.articles } };
			},
		},
		'/cgi-bin/draft/batchget': {
			post: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { body, app }) {
				const count = Number(body.count);
				if (!Number.isInteger(count) || count < 1 || count > 20) return sim._err(40097);
				const all = sim.draftsOf(app.appId);
				const page = all.slice(Number(body.offset) || 0, (Number(body.offset) || 0) + count);
				const item = page.map((d) => ({ media_id: d.mediaId, content: { news_item: body.no_content ? d.articles.map(({ content, ...rest }) => rest) : d.articles }, update_time: sim._drafts.get(d.mediaId).updateTime }));
				return { json: { total_count: all.length, item_count: item.length, item } };
			},
		},
		'/cgi-bin/draft/update': {
			post: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { body, app }) {
				const d = sim._drafts.get(body.media_id);
				if (!d || d.appId !== app.appId) return sim._err(40007, 'invalid media_id');
				const index = Number(body.index);
				if (!Number.isInteger(index) || index < 0 || index >= d.articles.length) return sim._err(40114, 'invalid index value');
				const problem = sim._articlesProblem(app, [body.articles]);
				if (problem) return problem;
				d.articles[index] = pick(body.articles);
				d.updateTime = Math.floor(sim.now() / 1000);
				return { json: { errcode: 0, errmsg: 'ok' } };
			},
		},
		'/cgi-bin/draft/delete': {
			post: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { body, app }) {
				const d = sim._drafts.get(body.media_id);
				if (!d || d.appId !== app.appId) return sim._err(40007, 'invalid media_id');
				sim._drafts.delete(body.media_id);
				return { json: { errcode: 0, errmsg: 'ok' } };
			},
		},
		'/cgi-bin/draft/count': {
			auth: true,
			only: 'officialAccount',
			handler(sim, { app }) {
				return { json: { total_count: sim.draftsOf(app.appId).length } };
			},
		},
		'/cgi-bin/freepublish/submit': {
			post: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { body, app }) {
				if (sim._publishing.unverified.has(app.appId)) return sim._err(48001);
				const d = sim._drafts.get(body.media_id);
				if (!d || d.appId !== app.appId) return sim._err(40007, 'invalid media_id');
				const publishId = String(2247483647 + sim._publishJobs.size + 1);
				sim._publishJobs.set(publishId, { appId: app.appId, mediaId: body.media_id, status: 1, submittedAt: sim.now() });
				sim._runPublishJob(publishId).catch(() => undefined);
				return { json: { errcode: 0, errmsg: 'ok', publish_id: publishId, msg_data_id: Number(publishId) + 1 } };
			},
		},
		'/cgi-bin/freepublish/get': {
			post: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { body, app }) {
				const job = sim._publishJobs.get(String(body.publish_id));
				if (!job || job.appId !== app.appId) return sim._err(53600, 'Article ID 无效');
				const out = { publish_id: String(body.publish_id), publish_status: job.status };
				if (job.articleId) {
					const p = sim._published.get(job.articleId);
					Object.assign(out, { article_id: job.articleId, article_detail: { count: p ? p.articles.length : 0, item: p ? p.articles.map((a, i) => ({ idx: i + 1, article_url: a.url })) : [] } });
				}
				return { json: out };
			},
		},
		'/cgi-bin/freepublish/batchget': {
			post: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { body, app }) {
				const count = Number(body.count);
				if (!Number.isInteger(count) || count < 1 || count > 20) return sim._err(40097);
				const all = sim.publishedOf(app.appId);
				const offset = Number(body.offset) || 0;
				const item = all.slice(offset, offset + count).map((p) => ({ article_id: p.articleId, content: { news_item: body.no_content ? p.articles.map(({ content, ...rest }) => rest) : p.articles }, update_time: sim._published.get(p.articleId).updateTime }));
				return { json: { total_count: all.length, item_count: item.length, item } };
			},
		},
		'/cgi-bin/freepublish/getarticle': {
			post: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { body, app }) {
				const p = sim._published.get(body.article_id);
				if (!p || p.appId !== app.appId) return sim._err(53600, 'Article ID 无效');
				return { json: { news_item: p.articles } };
			},
		},
		'/cgi-bin/freepublish/delete': {
			post: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { body, app }) {
				const p = sim._published.get(body.article_id);
				if (!p || p.appId !== app.appId) return sim._err(53600, 'Article ID 无效');
				sim._published.delete(body.article_id);
				return { json: { errcode: 0, errmsg: 'ok' } };
			},
		},
	},
};

/** The article fields WeChat keeps. @param {any} a */
function pick(a) {
	return Object.fromEntries(ARTICLE_FIELDS.filter((k) => a[k] !== undefined).map((k) => [k, a[k]]));
}
