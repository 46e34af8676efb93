'use strict';
/**
 * WeChat's server acting as the caller of our webhook: URL verification (GET with echostr), message push
 * (POST, plain / compat / safe mode, XML or JSON), and checking the passive reply that comes back.
 */
const http = require('http');
const crypto = require('crypto');
const { URL } = require('url');
const wx = require('./wxcrypto');
const { buildXml, parseXml } = require('./xml');

/** @returns {string} */
function randomNonce() {
	return String(100000000 + crypto.randomInt(0, 900000000));
}

/**
 * @param {string} method @param {string} target full URL @param {Record<string, string>} query
 * @param {string|null} body @param {Record<string, string>} headers @param {number} timeoutMs
 * @returns {Promise<{ status: number, headers: Record<string, any>, body: string, timedOut?: boolean, error?: string, elapsedMs: number }>}
 */
function request(method, target, query, body, headers, timeoutMs) {
	const u = new URL(target);
	for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) u.searchParams.set(k, String(v));
	const started = Date.now();
	return new Promise((resolve) => {
		const payload = body === null ? undefined : Buffer.from(body, 'utf8');
		const req = http.request(
			u,
			{
				method,
				headers: { 'User-Agent': 'Mozilla/4.0', Accept: '*/*', ...headers, ...(payload ? { 'Content-Length': payload.length } : {}) },
				agent: false,
			},
			(res) => {
				/** @type {Buffer[]} */
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () =>
					resolve({ status: res.statusCode || 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), elapsedMs: Date.now() - started }),
				);
				res.on('error', (e) => resolve({ status: 0, headers: {}, body: '', error: e.message, elapsedMs: Date.now() - started }));
			},
		);
		req.setTimeout(timeoutMs, () => {
			req.destroy();
			resolve({ status: 0, headers: {}, body: '', timedOut: true, error: 'timeout', elapsedMs: Date.now() - started });
		});
		req.on('error', (e) => resolve({ status: 0, headers: {}, body: '', error: e.message, elapsedMs: Date.now() - started }));
		if (payload) req.write(payload);
		req.end();
	});
}

/**
 * @typedef {object} CallbackOptions
 * @property {string} token
 * @property {string} [encodingAesKey] required for compat and safe modes
 * @property {string} appId
 * @property {'plain'|'compat'|'safe'} [mode] default 'plain'
 * @property {'xml'|'json'} [format] default 'xml'
 * @property {Record<string, any>} message
 * @property {string|number} [timestamp] default now (seconds)
 * @property {string|number} [nonce] default random digits
 * @property {string} [openid] default message.FromUserName
 * @property {string} [cipherAppId] appId written inside the ciphertext (default appId): to test appId checks
 * @property {string|Buffer} [random] the 16 random bytes (default random)
 * @property {Record<string, string|null>} [query] override / add (null removes) query parameters after signing
 * @property {string} [rawBody] send exactly this body instead of building one (signatures still computed from it for plain mode)
 * @property {Record<string, string>} [headers] extra request headers
 * @property {number} [timeoutMs] WeChat waits 5000 ms
 */

/**
 * Sign (and in compat/safe mode encrypt) a message and POST it as WeChat does.
 * @param {string} targetUrl
 * @param {CallbackOptions} opts
 */
async function sendCallback(targetUrl, opts) {
	const mode = opts.mode || 'plain';
	const format = opts.format || 'xml';
	if (!['plain', 'compat', 'safe'].includes(mode)) throw new Error(`unknown mode ${mode}`);
	if (!['xml', 'json'].includes(format)) throw new Error(`unknown format ${format}`);
	const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
	const nonce = String(opts.nonce ?? randomNonce());
	const message = opts.message || {};
	const plainText = format === 'xml' ? buildXml(message) : JSON.stringify(message);
	/** @type {Record<string, string>} */
	const query = { signature: wx.signature(opts.token, timestamp, nonce), timestamp, nonce };
	const openid = opts.openid ?? message.FromUserName;
	if (openid !== undefined) query.openid = String(openid);
	let body = plainText;
	let encrypted;
	if (mode !== 'plain') {
		if (!opts.encodingAesKey) throw new Error('encodingAesKey is required in compat and safe modes');
		encrypted = wx.encrypt(plainText, opts.cipherAppId ?? opts.appId, opts.encodingAesKey, opts.random);
		query.encrypt_type = 'aes';
		query.msg_signature = wx.signature(opts.token, timestamp, nonce, encrypted);
		if (format === 'xml') {
			body = mode === 'safe' ? buildXml({ ToUserName: message.ToUserName, Encrypt: encrypted }) : buildXml({ ...message, Encrypt: encrypted });
		} else {
			body = JSON.stringify(mode === 'safe' ? { ToUserName: message.ToUserName, Encrypt: encrypted } : { ...message, Encrypt: encrypted });
		}
	}
	if (opts.rawBody !== undefined) body = opts.rawBody;
	for (const [k, v] of Object.entries(opts.query || {})) {
		if (v === null) delete query[k];
		else query[k] = v;
	}
	const contentType = format === 'xml' ? 'text/xml' : 'application/json';
	const res = await request('POST', targetUrl, query, body, { 'Content-Type': contentType, ...(opts.headers || {}) }, opts.timeoutMs ?? 5000);
	return { ...res, query, requestBody: body, plainText, encrypt: encrypted };
}

/**
 * The console's GET URL verification.
 * @param {string} targetUrl
 * @param {{ token: string, timestamp?: string|number, nonce?: string|number, echostr?: string, signature?: string, timeoutMs?: number }} opts
 */
async function verifyUrl(targetUrl, opts) {
	const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
	const nonce = String(opts.nonce ?? randomNonce());
	const echostr = opts.echostr ?? String(crypto.randomInt(1, 2 ** 47)) + String(crypto.randomInt(0, 10000));
	const query = { signature: opts.signature ?? wx.signature(opts.token, timestamp, nonce), echostr, timestamp, nonce };
	const res = await request('GET', targetUrl, query, null, {}, opts.timeoutMs ?? 5000);
	return { status: res.status, body: res.body, echostr, ok: res.status === 200 && res.body === echostr, headers: res.headers, query };
}

/**
 * Parse an encrypted passive reply (XML `<xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml>` or JSON
 * `{Encrypt, MsgSignature, TimeStamp, Nonce}`), verify MsgSignature, decrypt and check the appId.
 * `message` is the parsed inner reply (object) or null; `valid` means signature AND appId AND decryption ok.
 * @param {string} body
 * @param {{ token: string, encodingAesKey: string, appId: string, format?: 'xml'|'json' }} opts
 */
function decryptReply(body, opts) {
	const text = String(body ?? '').trim();
	const format = opts.format || (text.startsWith('{') ? 'json' : 'xml');
	/** @type {{ message: any, valid: boolean, signatureValid: boolean, appIdValid: boolean, appId?: string, plainText?: string, error?: string, envelope?: any }} */
	const out = { message: null, valid: false, signatureValid: false, appIdValid: false };
	let env;
	try {
		env = format === 'json' ? JSON.parse(text) : parseXml(text);
	} catch (e) {
		out.error = `unparseable reply: ${/** @type {Error} */ (e).message}`;
		return out;
	}
	out.envelope = env;
	const { Encrypt, MsgSignature, TimeStamp, Nonce } = env || {};
	if (typeof Encrypt !== 'string' || !MsgSignature || TimeStamp === undefined || Nonce === undefined) {
		out.error = 'reply is missing Encrypt, MsgSignature, TimeStamp or Nonce';
		return out;
	}
	out.signatureValid = wx.safeEqual(wx.signature(opts.token, String(TimeStamp), String(Nonce), Encrypt), String(MsgSignature));
	let inner;
	try {
		inner = wx.decrypt(Encrypt, opts.encodingAesKey);
	} catch (e) {
		out.error = `cannot decrypt: ${/** @type {Error} */ (e).message}`;
		return out;
	}
	out.appId = inner.appId;
	out.plainText = inner.message;
	out.appIdValid = inner.appId === opts.appId;
	try {
		const t = inner.message.trim();
		out.message = t.startsWith('{') ? JSON.parse(t) : parseXml(t);
	} catch (e) {
		out.error = `decrypted reply is not XML or JSON: ${/** @type {Error} */ (e).message}`;
		return out;
	}
	out.valid = out.signatureValid && out.appIdValid;
	if (!out.signatureValid) out.error = 'MsgSignature mismatch';
	else if (!out.appIdValid) out.error = `appId in ciphertext is ${inner.appId}`;
	return out;
}

module.exports = { sendCallback, verifyUrl, decryptReply };
