'use strict';
/**
 * Official Account QR codes with a scene: `/cgi-bin/qrcode/create` (temporary up to 30 days, permanent up
 * to 100,000 per account; number or text scene), the picture at `/cgi-bin/showqrcode?ticket=` (WeChat
 * serves it from mp.weixin.qq.com; here from the simulator's own address), and a scan: the follow
 * (subscribe, EventKey qrscene_<scene>) or SCAN event pushed to a Trigger URL, as WeChat does.
 */
const crypto = require('crypto');
const { DEFAULT_APPS } = require('../state');
const { patternPng } = require('../png');

const MAX_EXPIRE = 2592000;
const PERMANENT_CAP = 100000;

/** @typedef {{ ticket: string, appId: string, scene: string|number, permanent: boolean, expiresAt: number, url: string }} QrTicket */

/** @type {import('./index').ApiFamily} */
module.exports = {
	name: 'qrcode',
	init(sim) {
		/** @type {Map<string, QrTicket>} */
		sim._qrTickets = new Map();
		sim._permanentQrCap = PERMANENT_CAP;
	},
	reset(sim) {
		sim._qrTickets.clear();
		sim._permanentQrCap = PERMANENT_CAP;
	},
	stats(sim) {
		return { qrCodes: sim._qrTickets.size };
	},
	control: {
		async 'POST /__sim/scan-qrcode'(sim, { body }) {
			const res = await sim.scanQrCode(body.url, body);
			return { status: res.status, body: res.body };
		},
	},
	methods: {
		/** At most this many permanent codes per account (WeChat: 100,000), until reset. @param {number} n */
		setPermanentQrCap(n) {
			this._permanentQrCap = n;
		},
		/** Every QR code created for an app, oldest first. @param {string} [appId] @returns {QrTicket[]} */
		qrCodes(appId = DEFAULT_APPS.oa.appId) {
			return [...this._qrTickets.values()].filter((t) => t.appId === appId);
		},
		/**
		 * Person i scans the code of `ticket`: WeChat pushes a follow event with EventKey "qrscene_<scene>" when i
		 * does not follow the account yet, a SCAN event with the scene when i does. Signed (and encrypted) as the
		 * callback options say; answers what the webhook answered.
		 * @param {string} url @param {{ ticket: string, i: number, token: string, encodingAesKey?: string, mode?: 'plain'|'compat'|'safe', format?: 'xml'|'json' }} opts
		 */
		async scanQrCode(url, opts) {
			const rec = this._qrTickets.get(opts.ticket);
			if (!rec) throw new Error('no such QR code ticket');
			if (this.now() >= rec.expiresAt) throw new Error('the QR code has expired: WeChat shows the user an error and pushes nothing');
			const app = this._app(rec.appId);
			const follower = this.person(opts.i).follower;
			// Following through the code makes the next person a follower (followers are 0..n-1 here).
			if (!follower && opts.i === this._followers) this._followers++;
			const message = {
				ToUserName: app.originalId,
				FromUserName: this.openIdOf(rec.appId, opts.i),
				CreateTime: Math.floor(this.now() / 1000),
				MsgType: 'event',
				Event: follower ? 'SCAN' : 'subscribe',
				EventKey: follower ? String(rec.scene) : `qrscene_${rec.scene}`,
				Ticket: rec.ticket,
			};
			return await this.sendCallback(url, { token: opts.token, encodingAesKey: opts.encodingAesKey, appId: rec.appId, mode: opts.mode || 'plain', format: opts.format || 'xml', message, timeoutMs: 15000 });
		},
	},
	routes: {
		'/cgi-bin/qrcode/create': {
			post: true,
			auth: true,
			only: 'officialAccount',
			handler(sim, { body, app }) {
				const kinds = { QR_SCENE: [false, 'id'], QR_STR_SCENE: [false, 'str'], QR_LIMIT_SCENE: [true, 'id'], QR_LIMIT_STR_SCENE: [true, 'str'] };
				const kind = kinds[/** @type {keyof typeof kinds} */ (body.action_name)];
				if (!kind) return sim._err(40097);
				const [permanent, sceneKind] = kind;
				const info = (body.action_info && body.action_info.scene) || {};
				let scene;
				if (sceneKind === 'id') {
					scene = info.scene_id;
					if (!Number.isInteger(scene) || scene < 1 || scene > (permanent ? 100000 : 4294967295)) return sim._err(40053, 'invalid action info');
				} else {
					scene = info.scene_str;
					if (typeof scene !== 'string' || scene.length < 1 || scene.length > 64) return sim._err(40053, 'invalid action info');
				}
				let expire = 0;
				if (!permanent) {
					expire = body.expire_seconds === undefined ? 60 : Number(body.expire_seconds);
					if (!Number.isFinite(expire) || expire <= 0) return sim._err(40097);
					expire = Math.min(expire, MAX_EXPIRE);
				} else {
					const same = [...sim._qrTickets.values()].find((t) => t.appId === app.appId && t.permanent && t.scene === scene);
					if (same) return { json: { ticket: same.ticket, url: same.url } };
					if (sim.qrCodes(app.appId).filter((t) => t.permanent).length >= sim._permanentQrCap) return sim._err(45029, 'qrcode count out of limit');
				}
				const ticket = 'gQ' + crypto.randomBytes(48).toString('base64');
				const url = `http://weixin.qq.com/q/${crypto.randomBytes(16).toString('base64url')}`;
				sim._qrTickets.set(ticket, { ticket, appId: app.appId, scene, permanent, expiresAt: permanent ? Infinity : sim.now() + expire * 1000, url });
				return { json: permanent ? { ticket, url } : { ticket, expire_seconds: expire, url } };
			},
		},
		'/cgi-bin/showqrcode': {
			handler(sim, { q }) {
				const rec = sim._qrTickets.get(q.get('ticket') || '');
				if (!rec || sim.now() >= rec.expiresAt) return { status: 404, raw: '<html><body>404 Not Found</body></html>', contentType: 'text/html' };
				return { bytes: patternPng(rec.ticket), contentType: 'image/jpg' };
			},
		},
	},
};
