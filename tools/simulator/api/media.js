'use strict';
/**
 * Temporary media (临时素材): `POST /cgi-bin/media/upload?type=` (multipart/form-data, the file in the part
 * `media`) and `GET /cgi-bin/media/get?media_id=`, with WeChat's checks: media type (40004; a Mini Program
 * takes image only), no file extension (40113), file type of the media type (40005), size (40006: empty or
 * over the limit), unknown/foreign/expired media_id (40007). Every upload keeps its bytes
 * (`sim.uploadedMedia`) so tests can compare them with what was sent. A video answers `{ video_url }` on
 * get, served by `GET /cgi-bin/media/video-download?media_id=` (no token, like WeChat's CDN URL).
 */
const crypto = require('crypto');

const MB = 1024 * 1024;
/** WeChat's documented limits for temporary media (README "Media"). */
const LIMITS = {
	image: { max: 10 * MB, extensions: ['bmp', 'png', 'jpeg', 'jpg', 'gif'] },
	voice: { max: 2 * MB, extensions: ['amr', 'mp3'] },
	video: { max: 10 * MB, extensions: ['mp4'] },
	thumb: { max: 64 * 1024, extensions: ['jpg', 'jpeg'] },
};
const LIFETIME_SECONDS = 3 * 24 * 3600;
const ERRMSG = {
	40004: 'invalid media type',
	40005: 'invalid file type',
	40006: 'invalid meida size',
	40007: 'invalid media_id',
	40113: 'unsupported file type',
	41005: 'media data missing',
};
const CONTENT_TYPES = { bmp: 'image/bmp', png: 'image/png', jpeg: 'image/jpeg', jpg: 'image/jpeg', gif: 'image/gif', amr: 'audio/amr', mp3: 'audio/mpeg', mp4: 'video/mp4' };

/** @type {import('./index').ApiFamily} */
module.exports = {
	name: 'media',
	init(sim) {
		/** @type {Map<string, { appId: string, mediaId: string, type: string, fileName: string, contentType: string, data: Buffer, createdAt: number }>} */
		sim._media = new Map();
	},
	reset(sim) {
		sim._media.clear();
	},
	stats(sim) {
		return { mediaUploads: sim._media.size };
	},
	control: {
		'GET /__sim/media'(sim) {
			return { media: sim.uploadedMedia.map((m) => ({ ...m, data: m.data.toString('base64') })) };
		},
	},
	methods: {
		/** Every accepted upload, oldest first: { appId, mediaId, type, fileName, contentType, data: Buffer, createdAt (s) }. */
		get uploadedMedia() {
			return [...this._media.values()];
		},
		/** The stored media of an app, or undefined when unknown, foreign or expired (40007). @param {string} appId @param {string} mediaId */
		mediaOf(appId, mediaId) {
			const m = this._media.get(String(mediaId));
			if (!m || m.appId !== appId || this.now() / 1000 > m.createdAt + LIFETIME_SECONDS) return undefined;
			return m;
		},
	},
	routes: {
		'/cgi-bin/media/upload': {
			multipart: true,
			auth: true,
			handler(sim, { q, body, app }) {
				const type = q.get('type') || '';
				if (!Object.hasOwn(LIMITS, type) || (app.type === 'miniProgram' && type !== 'image')) return sim._err(40004, ERRMSG[40004]);
				const file = body.files && body.files.media;
				if (!file) return sim._err(41005, ERRMSG[41005]);
				const dot = file.fileName.lastIndexOf('.');
				if (dot <= 0) return sim._err(40113, ERRMSG[40113]);
				const limit = LIMITS[/** @type {keyof typeof LIMITS} */ (type)];
				if (!limit.extensions.includes(file.fileName.slice(dot + 1).toLowerCase())) return sim._err(40005, ERRMSG[40005]);
				if (file.data.length === 0 || file.data.length > limit.max) return sim._err(40006, ERRMSG[40006]);
				const mediaId = crypto.randomBytes(24).toString('base64url');
				const createdAt = Math.floor(sim.now() / 1000);
				sim._media.set(mediaId, { appId: app.appId, mediaId, type, fileName: file.fileName, contentType: file.contentType, data: file.data, createdAt });
				return { json: type === 'thumb' ? { type, thumb_media_id: mediaId, created_at: createdAt } : { type, media_id: mediaId, created_at: createdAt } };
			},
		},
		'/cgi-bin/media/get': {
			auth: true,
			handler(sim, { q, app }) {
				const m = sim.mediaOf(app.appId, q.get('media_id') || '');
				if (!m) return sim._err(40007, ERRMSG[40007]);
				if (m.type === 'video') return { json: { video_url: `${sim.url}/cgi-bin/media/video-download?media_id=${encodeURIComponent(m.mediaId)}` } };
				const ext = m.fileName.slice(m.fileName.lastIndexOf('.') + 1).toLowerCase();
				return {
					bytes: m.data,
					contentType: /** @type {any} */ (CONTENT_TYPES)[ext] || 'application/octet-stream',
					headers: { 'Content-Disposition': `attachment; filename="${m.mediaId}.${ext}"` },
				};
			},
		},
		'/cgi-bin/media/video-download': {
			handler(sim, { q }) {
				const m = sim._media.get(q.get('media_id') || '');
				if (!m || m.type !== 'video') return { status: 404, raw: 'Not Found', contentType: 'text/plain' };
				return { bytes: m.data, contentType: 'video/mp4' };
			},
		},
	},
};
