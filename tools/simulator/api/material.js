'use strict';
/**
 * Permanent material (永久素材) of an Official Account and article images, with WeChat's checks:
 * - `POST /cgi-bin/material/add_material?type=` (multipart: the file in `media`; a video also needs the
 *   `description` field, JSON `{title, introduction}`): type not image/voice/video/thumb 40004, no file 41005,
 *   file name without extension 40113, extension not of the type 40005, empty or over the limit 45001, a
 *   video without a description holding a title 47001 (the simulator's choice: WeChat documents no code).
 *   Answers `{media_id, url}` (url for images only, served by `/sim-cdn/image`).
 * - `POST /cgi-bin/material/get_material {media_id}`: image/voice/thumb bytes; video `{title, description,
 *   down_url}` (served by `/sim-cdn/video`); news `{news_item}`; unknown or another account's 40007.
 * - `POST /cgi-bin/material/del_material {media_id}`: 40007 as above.
 * - `GET /cgi-bin/material/get_materialcount`: `{voice_count, video_count, image_count, news_count}`
 *   (thumbs count as images, as they sit in the image library).
 * - `POST /cgi-bin/material/batchget_material {type, offset, count}`: type image/voice/video/news else 40004,
 *   offset < 0 or count not 1..20 47001; newest first; `{total_count, item_count, item}`.
 * - `POST /cgi-bin/media/uploadimg` (multipart `media`): jpg/png only (40005), under 1 MB (45001), no
 *   extension 40113; answers `{url}` served by `/sim-cdn/image`; not in the library.
 * All OA only (48001 for a Mini Program). `sim.materials`, `sim.articleImages` keep the bytes.
 */
const crypto = require('crypto');

const MB = 1024 * 1024;
const IMAGE = ['bmp', 'png', 'jpeg', 'jpg', 'gif'];
/** WeChat's documented limits for permanent material (README "Media"). */
const LIMITS = {
	image: { max: 10 * MB, extensions: IMAGE },
	voice: { max: 2 * MB, extensions: ['mp3', 'wma', 'wav', 'amr'] },
	video: { max: 10 * MB, extensions: ['mp4'] },
	thumb: { max: 64 * 1024, extensions: ['jpg', 'jpeg'] },
};
const ARTICLE_IMAGE = { max: MB - 1, extensions: ['jpg', 'jpeg', 'png'] };
const LIST_TYPES = ['image', 'voice', 'video', 'news'];
const ERRMSG = {
	40004: 'invalid media type',
	40005: 'invalid file type',
	40007: 'invalid media_id',
	40113: 'unsupported file type',
	41005: 'media data missing',
	45001: 'media size out of limit',
	47001: 'data format error',
};
const CONTENT_TYPES = { bmp: 'image/bmp', png: 'image/png', jpeg: 'image/jpeg', jpg: 'image/jpeg', gif: 'image/gif', amr: 'audio/amr', mp3: 'audio/mpeg', wma: 'audio/x-ms-wma', wav: 'audio/wav', mp4: 'video/mp4' };
const listTypeOf = (type) => (type === 'thumb' ? 'image' : type);
const extensionOf = (fileName) => fileName.slice(fileName.lastIndexOf('.') + 1).toLowerCase();

/** The multipart file checked against `limit`: an errcode, or null. */
function fileProblem(file, limit) {
	if (!file) return 41005;
	if (file.fileName.lastIndexOf('.') <= 0) return 40113;
	if (!limit.extensions.includes(extensionOf(file.fileName))) return 40005;
	if (file.data.length === 0 || file.data.length > limit.max) return 45001;
	return null;
}

/** @type {import('./index').ApiFamily} */
module.exports = {
	name: 'material',
	init(sim) {
		/** @type {Map<string, any>} media_id -> { appId, mediaId, type, fileName, contentType, data?, title?, introduction?, newsItem?, url?, updateTime } */
		sim._material = new Map();
		/** @type {Map<string, { appId: string, id: string, fileName: string, contentType: string, data: Buffer, url: string }>} */
		sim._articleImages = new Map();
	},
	reset(sim) {
		sim._material.clear();
		sim._articleImages.clear();
	},
	stats(sim) {
		return { materials: sim._material.size, articleImages: sim._articleImages.size };
	},
	control: {
		'GET /__sim/material'(sim) {
			const b64 = (m) => ({ ...m, ...(m.data ? { data: m.data.toString('base64') } : {}) });
			return { materials: sim.materials.map(b64), articleImages: sim.articleImages.map(b64) };
		},
	},
	methods: {
		/** Every permanent material, oldest first (bytes as Buffers). */
		get materials() {
			return [...this._material.values()];
		},
		/** Every article image uploaded (uploadimg), oldest first. */
		get articleImages() {
			return [...this._articleImages.values()];
		},
		/** Counts per list type for an app, as get_materialcount answers. @param {string} appId */
		materialCount(appId) {
			const counts = { voice_count: 0, video_count: 0, image_count: 0, news_count: 0 };
			for (const m of this._material.values()) if (m.appId === appId) counts[`${listTypeOf(m.type)}_count`]++;
			return counts;
		},
		/** Seeds a news material (WeChat's add_news is retired; drafts replace it). @returns {string} media_id */
		addNewsMaterial(appId, newsItem) {
			const mediaId = crypto.randomBytes(24).toString('base64url');
			this._material.set(mediaId, { appId, mediaId, type: 'news', newsItem, updateTime: Math.floor(this.now() / 1000) });
			return mediaId;
		},
	},
	routes: {
		'/cgi-bin/material/add_material': {
			multipart: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { q, body, app }) {
				const type = q.get('type') || '';
				if (!Object.hasOwn(LIMITS, type)) return sim._err(40004, ERRMSG[40004]);
				const file = body.files && body.files.media;
				const problem = fileProblem(file, LIMITS[/** @type {keyof typeof LIMITS} */ (type)]);
				if (problem) return sim._err(problem, ERRMSG[problem]);
				let description = {};
				if (type === 'video') {
					try {
						description = JSON.parse(body.fields.description || 'null');
					} catch {
						description = null;
					}
					if (!description || typeof description !== 'object' || !description.title) return sim._err(47001, ERRMSG[47001]);
				}
				const mediaId = crypto.randomBytes(24).toString('base64url');
				const url = type === 'image' ? `${sim.url}/sim-cdn/image?id=${mediaId}` : undefined;
				sim._material.set(mediaId, {
					appId: app.appId,
					mediaId,
					type,
					fileName: file.fileName,
					contentType: file.contentType,
					data: file.data,
					...(type === 'video' ? { title: String(description.title), introduction: String(description.introduction ?? '') } : {}),
					...(url ? { url } : {}),
					updateTime: Math.floor(sim.now() / 1000),
				});
				return { json: url ? { media_id: mediaId, url } : { media_id: mediaId } };
			},
		},
		'/cgi-bin/material/get_material': {
			post: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { body, app }) {
				const m = sim._material.get(String(body.media_id || ''));
				if (!m || m.appId !== app.appId) return sim._err(40007, ERRMSG[40007]);
				if (m.type === 'news') return { json: { news_item: m.newsItem } };
				if (m.type === 'video') return { json: { title: m.title, description: m.introduction, down_url: `${sim.url}/sim-cdn/video?id=${m.mediaId}` } };
				const ext = extensionOf(m.fileName);
				return { bytes: m.data, contentType: CONTENT_TYPES[ext] || 'application/octet-stream', headers: { 'Content-Disposition': `attachment; filename="${m.mediaId}.${ext}"` } };
			},
		},
		'/cgi-bin/material/del_material': {
			post: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { body, app }) {
				const m = sim._material.get(String(body.media_id || ''));
				if (!m || m.appId !== app.appId) return sim._err(40007, ERRMSG[40007]);
				sim._material.delete(m.mediaId);
				return { json: { errcode: 0, errmsg: 'ok' } };
			},
		},
		'/cgi-bin/material/get_materialcount': {
			auth: true,
			only: 'officialAccount',
			handler(sim, { app }) {
				return { json: sim.materialCount(app.appId) };
			},
		},
		'/cgi-bin/material/batchget_material': {
			post: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { body, app }) {
				if (!LIST_TYPES.includes(body.type)) return sim._err(40004, ERRMSG[40004]);
				const offset = Number(body.offset ?? 0);
				const count = Number(body.count);
				if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(count) || count < 1 || count > 20) return sim._err(47001, ERRMSG[47001]);
				const all = sim.materials.filter((m) => m.appId === app.appId && listTypeOf(m.type) === body.type).reverse();
				const item = all.slice(offset, offset + count).map((m) =>
					m.type === 'news'
						? { media_id: m.mediaId, content: { news_item: m.newsItem, create_time: m.updateTime, update_time: m.updateTime }, update_time: m.updateTime }
						: { media_id: m.mediaId, name: m.fileName, update_time: m.updateTime, ...(m.url ? { url: m.url } : {}) },
				);
				return { json: { total_count: all.length, item_count: item.length, item } };
			},
		},
		'/cgi-bin/media/uploadimg': {
			multipart: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { body, app }) {
				const file = body.files && body.files.media;
				const problem = fileProblem(file, ARTICLE_IMAGE);
				if (problem) return sim._err(problem, ERRMSG[problem]);
				const id = crypto.randomBytes(16).toString('hex');
				const url = `${sim.url}/sim-cdn/image?id=${id}`;
				sim._articleImages.set(id, { appId: app.appId, id, fileName: file.fileName, contentType: file.contentType, data: file.data, url });
				return { json: { url } };
			},
		},
		'/sim-cdn/image': {
			handler(sim, { q }) {
				const id = q.get('id') || '';
				const m = sim._articleImages.get(id) || sim._material.get(id);
				if (!m || !m.data) return { status: 404, raw: 'Not Found', contentType: 'text/plain' };
				return { bytes: m.data, contentType: CONTENT_TYPES[extensionOf(m.fileName)] || 'application/octet-stream' };
			},
		},
		'/sim-cdn/video': {
			handler(sim, { q }) {
				const m = sim._material.get(q.get('id') || '');
				if (!m || m.type !== 'video') return { status: 404, raw: 'Not Found', contentType: 'text/plain' };
				return { bytes: m.data, contentType: 'video/mp4' };
			},
		},
	},
};
