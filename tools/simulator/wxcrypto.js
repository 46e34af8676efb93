'use strict';
/**
 * WeChat's side of the callback crypto, written independently of the package's own code so that tests
 * compare two implementations: plain and message signatures, and the AES-256-CBC message envelope.
 */
const crypto = require('crypto');

const AES_KEY_RE = /^[A-Za-z0-9+/]{43}$/;
const BLOCK = 32;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** @param {string} s */
function sha1(s) {
	return crypto.createHash('sha1').update(s, 'utf8').digest('hex');
}

/**
 * signature = sha1(sorted([token, timestamp, nonce, ...extra]).join('')). With `encrypt` this is msg_signature.
 * @param {string} token @param {string|number} timestamp @param {string|number} nonce @param {string} [encrypt]
 */
function signature(token, timestamp, nonce, encrypt) {
	const parts = [String(token), String(timestamp), String(nonce)];
	if (encrypt !== undefined) parts.push(String(encrypt));
	return sha1(parts.sort().join(''));
}

/**
 * EncodingAESKey (43 chars) -> 32-byte key. The official sample keys are not canonical base64, so the
 * decode is lenient once the shape has been checked.
 * @param {string} encodingAesKey
 * @returns {Buffer}
 */
function aesKey(encodingAesKey) {
	if (typeof encodingAesKey !== 'string' || !AES_KEY_RE.test(encodingAesKey)) {
		throw new Error('EncodingAESKey must be 43 characters of [A-Za-z0-9+/] (-40004 IllegalAesKey)');
	}
	const key = Buffer.from(encodingAesKey + '=', 'base64');
	if (key.length !== 32) throw new Error('EncodingAESKey does not decode to 32 bytes (-40004 IllegalAesKey)');
	return key;
}

/** 16 random alphanumerics, as WeChat's own samples generate. */
function randomPrefix() {
	const bytes = crypto.randomBytes(16);
	let s = '';
	for (let i = 0; i < 16; i++) s += ALNUM[bytes[i] % ALNUM.length];
	return Buffer.from(s, 'latin1');
}

/**
 * Encrypt a message the way WeChat does: base64(AES-256-CBC(random16 + len32BE + msg + appId, PKCS#7/32)).
 * @param {string} msg @param {string} appId @param {string} encodingAesKey
 * @param {Buffer|string} [random] 16 bytes; random when omitted
 */
function encrypt(msg, appId, encodingAesKey, random) {
	const key = aesKey(encodingAesKey);
	const rnd = random === undefined ? randomPrefix() : Buffer.isBuffer(random) ? random : Buffer.from(random, 'utf8');
	if (rnd.length !== 16) throw new Error('random must be 16 bytes');
	const body = Buffer.from(String(msg), 'utf8');
	const len = Buffer.alloc(4);
	len.writeUInt32BE(body.length, 0);
	const plain = Buffer.concat([rnd, len, body, Buffer.from(String(appId), 'utf8')]);
	const pad = BLOCK - (plain.length % BLOCK);
	const padded = Buffer.concat([plain, Buffer.alloc(pad, pad)]);
	const cipher = crypto.createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
	cipher.setAutoPadding(false);
	return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

/**
 * Decrypt and unpack; throws on bad padding or a malformed envelope.
 * @param {string} encrypted base64 @param {string} encodingAesKey
 * @returns {{ random: Buffer, message: string, appId: string }}
 */
function decrypt(encrypted, encodingAesKey) {
	const key = aesKey(encodingAesKey);
	const data = Buffer.from(String(encrypted), 'base64');
	if (data.length === 0 || data.length % 16 !== 0) throw new Error('ciphertext length is not a multiple of 16');
	const decipher = crypto.createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
	decipher.setAutoPadding(false);
	const plain = Buffer.concat([decipher.update(data), decipher.final()]);
	const pad = plain[plain.length - 1];
	if (pad < 1 || pad > BLOCK || pad > plain.length) throw new Error('bad padding');
	for (let i = plain.length - pad; i < plain.length; i++) if (plain[i] !== pad) throw new Error('bad padding');
	const content = plain.subarray(0, plain.length - pad);
	if (content.length < 20) throw new Error('plaintext too short');
	const msgLen = content.readUInt32BE(16);
	if (20 + msgLen > content.length) throw new Error('message length out of range');
	return {
		random: content.subarray(0, 16),
		message: content.subarray(20, 20 + msgLen).toString('utf8'),
		appId: content.subarray(20 + msgLen).toString('utf8'),
	};
}

/** @param {string} a @param {string} b */
function safeEqual(a, b) {
	const x = Buffer.from(String(a));
	const y = Buffer.from(String(b));
	return x.length === y.length && crypto.timingSafeEqual(x, y);
}

module.exports = { sha1, signature, aesKey, encrypt, decrypt, safeEqual, randomPrefix };
