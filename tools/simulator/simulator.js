'use strict';
/**
 * The Simulator: an HTTP server on 127.0.0.1 answering WeChat's API paths. This file holds the server and
 * the request path (control API, faults, routing to the API families); the rest is mixed in: state.js
 * (apps, people, clock, errors), faults.js, control.js, and every family of api/ (api/index.js).
 */
const http = require('http');
const { URLSearchParams } = require('url');
const { sendCallback, verifyUrl, decryptReply } = require('./callback');
const state = require('./state');
const faults = require('./faults');
const control = require('./control');
const { FAMILIES, ROUTES } = require('./api');
const { parseMultipart } = require('./multipart');

class Simulator {
	/** @param {{ tokenTtlSeconds?: number, classicOverlapSeconds?: number, latencyMs?: number, stableForceIntervalSeconds?: number, stableForceDailyLimit?: number }} [options] */
	constructor(options = {}) {
		this.options = {
			tokenTtlSeconds: options.tokenTtlSeconds ?? 7200,
			classicOverlapSeconds: options.classicOverlapSeconds ?? 300,
			latencyMs: options.latencyMs ?? 0,
			stableForceIntervalSeconds: options.stableForceIntervalSeconds ?? 30,
			stableForceDailyLimit: options.stableForceDailyLimit ?? 20,
		};
		/** @type {string} */
		this.url = '';
		/** @type {Record<string, number>} */
		this._calls = {};
		/** @type {Set<NodeJS.Timeout>} */
		this._timers = new Set();
		state.init(this);
		faults.init(this);
		for (const family of FAMILIES) if (family.init) family.init(this);
		this.addApp({ ...state.DEFAULT_APPS.oa, openIdPrefix: 'oOA' });
		this.addApp({ ...state.DEFAULT_APPS.mp, openIdPrefix: 'oMP' });
		this.server = http.createServer((req, res) => {
			this._handle(req, res).catch((e) => {
				if (!res.headersSent && !res.destroyed) {
					res.writeHead(500, { 'Content-Type': 'text/plain' });
					res.end(String(e && e.stack));
				}
			});
		});
		this.server.keepAliveTimeout = 65000;
		this.server.headersTimeout = 66000;
	}

	/** Request counts by path (every request, including failed and faulted ones; /__sim/* excluded). */
	get calls() {
		return this._calls;
	}

	/**
	 * Calls, deliveries, faults, client_msg_id memory, subscription quotas, login codes and force-refresh
	 * limits back to empty (each family clears its own). Apps, followers, issued tokens and the clock stay.
	 */
	reset() {
		for (const k of Object.keys(this._calls)) delete this._calls[k];
		this._faults = [];
		for (const family of FAMILIES) if (family.reset) family.reset(this);
	}

	/** Summary used by GET /__sim/stats. */
	stats() {
		const out = { calls: { ...this._calls } };
		for (const family of FAMILIES) if (family.stats) Object.assign(out, family.stats(this));
		return { ...out, followers: this._followers, unionIdEvery: this._unionIdEvery, faults: this._faults.map((f) => ({ ...f })) };
	}

	/** @param {string} targetUrl @param {import('./callback').CallbackOptions} opts */
	sendCallback(targetUrl, opts) {
		for (const family of FAMILIES) if (family.onCallback) family.onCallback(this, opts);
		return sendCallback(targetUrl, opts);
	}
	/** @param {string} targetUrl @param {Parameters<typeof verifyUrl>[1]} opts */
	verifyUrl(targetUrl, opts) {
		return verifyUrl(targetUrl, opts);
	}
	/** @param {string} body @param {Parameters<typeof decryptReply>[1]} opts */
	decryptReply(body, opts) {
		return decryptReply(body, opts);
	}

	/** @param {number} port */
	listen(port) {
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, '127.0.0.1', () => {
				this.server.off('error', reject);
				const addr = /** @type {import('net').AddressInfo} */ (this.server.address());
				this.port = addr.port;
				this.url = `http://127.0.0.1:${addr.port}`;
				resolve(this);
			});
		});
	}

	stop() {
		for (const t of this._timers) clearTimeout(t);
		this._timers.clear();
		return new Promise((resolve) => {
			this.server.close(() => resolve(undefined));
			this.server.closeAllConnections();
		});
	}

	/** @param {number} ms */
	_sleep(ms) {
		return new Promise((resolve) => {
			const t = setTimeout(() => {
				this._timers.delete(t);
				resolve(undefined);
			}, ms);
			this._timers.add(t);
		});
	}

	/** @param {http.IncomingMessage} req @returns {Promise<Buffer>} */
	_readBody(req) {
		return new Promise((resolve, reject) => {
			/** @type {Buffer[]} */
			const chunks = [];
			let size = 0;
			req.on('data', (c) => {
				size += c.length;
				if (size > 24 * 1024 * 1024) {
					reject(new Error('body too large'));
					req.destroy();
					return;
				}
				chunks.push(c);
			});
			req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
			req.on('error', reject);
		});
	}

	/** @param {http.ServerResponse} res @param {import('./api/index').Result} result */
	_write(res, result) {
		if (res.destroyed || res.writableEnded) return;
		const payload = result.bytes || (result.raw !== undefined ? result.raw : JSON.stringify(result.json));
		res.writeHead(result.status || 200, {
			...(result.headers || {}),
			'Content-Type': result.contentType || 'application/json; encoding=utf-8',
			'Content-Length': Buffer.byteLength(payload),
		});
		res.end(payload);
	}

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
	async _handle(req, res) {
		const url = req.url || '/';
		const qi = url.indexOf('?');
		const path = qi < 0 ? url : url.slice(0, qi);
		const query = new URLSearchParams(qi < 0 ? '' : url.slice(qi + 1));
		const bodyBytes = req.method === 'GET' || req.method === 'HEAD' ? (req.resume(), Buffer.alloc(0)) : await this._readBody(req);
		const bodyText = bodyBytes.toString('utf8');
		if (path.startsWith('/__sim/')) return this._write(res, await this._control(req.method || 'GET', path, query, bodyText));

		this._calls[path] = (this._calls[path] || 0) + 1;
		const outcome = await this._applyFaults(path, req, res);
		if (outcome === 'answered') return;
		const result = this._route(req.method || 'GET', path, query, bodyText, { bytes: bodyBytes, contentType: String(req.headers['content-type'] || '') });
		if (outcome === 'dropAfter') return void req.socket.destroy();
		this._write(res, result);
	}

	/**
	 * @param {string} method @param {string} path @param {URLSearchParams} q @param {string} bodyText
	 * @param {{ bytes: Buffer, contentType: string }} [raw] the body as sent (multipart routes parse it)
	 * @returns {import('./api/index').Result}
	 */
	_route(method, path, q, bodyText, raw) {
		const route = ROUTES[path];
		if (!route) return { status: 404, raw: 'Not Found', contentType: 'text/plain' };
		if (route.post && method !== 'POST') return this._err(43002);
		/** @type {import('./state').App|undefined} */
		let app;
		if (route.auth) {
			const a = this._auth(q);
			if ('error' in a) return a.error;
			app = a.app;
			if (route.only && app.type !== route.only) return this._err(48001);
			// An authorized account's token (platform.js) reaches only the permission sets the merchant granted.
			const refused = this._permissionRefusal(q, path);
			if (refused) return refused;
		}
		let body;
		if (route.multipart) {
			if (method !== 'POST') return this._err(43002);
			body = parseMultipart(raw ? raw.bytes : Buffer.alloc(0), raw ? raw.contentType : '');
		} else if (route.post) {
			try {
				body = JSON.parse(bodyText);
			} catch {
				return this._err(47001);
			}
			if (!body || typeof body !== 'object' || Array.isArray(body)) return this._err(47001);
		}
		return route.handler(this, { q, body, app: /** @type {import('./state').App} */ (app) });
	}
}

for (const [part, source] of [
	['state.js', state.methods],
	['faults.js', faults.methods],
	['control.js', control.methods],
	...FAMILIES.map((f) => [`api/${f.name}.js`, f.methods || {}]),
]) {
	for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(source))) {
		if (name in Simulator.prototype) throw new Error(`Simulator.${name} is defined twice (${part})`);
		Object.defineProperty(Simulator.prototype, name, { ...descriptor, enumerable: false });
	}
}

module.exports = { Simulator };
