/**
 * WeChat callback cryptography: signatures, the AES message envelope ("safe mode") and JS-SDK signing.
 *
 * Format reference: WeChat's official WXBizMsgCrypt samples and the 消息加解密说明 page
 * (see shared/test-vectors/official.json, which the unit tests run through every function here).
 */
import { createCipheriv, createDecipheriv, createHash, hash, randomBytes } from 'crypto';
import type { Decipher } from 'crypto';

export type WeChatCryptoErrorCode =
	| 'AES_KEY'
	| 'SIGNATURE'
	| 'BASE64'
	| 'BLOCK_SIZE'
	| 'DECRYPT'
	| 'PADDING'
	| 'LENGTH'
	| 'APP_ID';

/** A refused callback or key. Messages are short, plain English and never contain key material. */
export class WeChatCryptoError extends Error {
	readonly code: WeChatCryptoErrorCode;

	constructor(code: WeChatCryptoErrorCode, message: string) {
		super(message);
		this.name = 'WeChatCryptoError';
		this.code = code;
	}
}

/** WeChat pads to 32-byte blocks (not AES's 16), so a pad byte may legitimately be anything in 1..32. */
const PAD_BLOCK = 32;
const AES_BLOCK = 16;
const RANDOM_PREFIX = 16;
/** 16 random bytes + 4-byte message length come before the message. */
const HEADER = RANDOM_PREFIX + 4;

/**
 * SHA-1 of UTF-8 text, 40 hex characters. Node's one-shot crypto.hash (Node 20.12+, every Node n8n runs on)
 * skips the Hash object and is about twice as fast for a callback's few hundred bytes; createHash otherwise.
 */
export function sha1Hex(text: string): string {
	if (typeof hash === 'function') return hash('sha1', text, 'hex');
	return createHash('sha1').update(text, 'utf8').digest('hex');
}

/**
 * sha1 hex of the parts sorted and concatenated. WeChat's samples sort plain strings (Java
 * Arrays.sort / Python sorted); JavaScript's default sort gives the same order for the ASCII values
 * WeChat sends, so no locale-aware compare here (that would reorder digits and letters differently).
 */
export function sortedSha1(...parts: string[]): string {
	// `parts` is a fresh array (rest parameter): sorting it in place changes nothing the caller sees.
	return sha1Hex(parts.sort().join(''));
}

/** The `signature` query parameter on every callback (GET verify and POST). */
export function callbackSignature(token: string, timestamp: string, nonce: string): string {
	return sortedSha1(token, timestamp, nonce);
}

/** The `msg_signature` of safe mode; `encrypt` must be exactly as received (no trimming, no re-encoding). */
export function messageSignature(
	token: string,
	timestamp: string,
	nonce: string,
	encrypt: string,
): string {
	return sortedSha1(token, timestamp, nonce, encrypt);
}

/**
 * Constant-time string compare, so a forger cannot learn a signature byte by byte from response times.
 * Every character is visited and folded into one difference (no early exit on the first mismatch); only the
 * lengths (public: a signature is 40 hex characters) decide without looking at the content. No Buffer
 * allocation per call: this runs twice per callback.
 */
export function safeEqual(a: string, b: string): boolean {
	const left = String(a);
	const right = String(b);
	const length = left.length;
	let difference = length ^ right.length;
	// Same number of steps whether or not the lengths match, comparing against itself when they do not.
	const other = difference === 0 ? right : left;
	for (let i = 0; i < length; i++) difference |= left.charCodeAt(i) ^ other.charCodeAt(i);
	return difference === 0;
}

const AES_KEY_SHAPE = /^[A-Za-z0-9+/]{43}$/;
const BAD_AES_KEY = 'EncodingAESKey must be 43 letters and digits (as shown in the WeChat console)';
const BAD_PADDING = 'Decrypted message has invalid padding (wrong EncodingAESKey?)';

/**
 * The 32-byte AES key behind a 43-character EncodingAESKey. The official sample keys (e.g. ending in
 * "G") leave non-zero bits in the last character, which strict base64 decoders refuse; WeChat's own
 * samples decode leniently, so we check the shape ourselves and let Node's lenient decoder do the rest.
 */
export function decodeAesKey(encodingAesKey: string): Buffer {
	if (typeof encodingAesKey !== 'string' || !AES_KEY_SHAPE.test(encodingAesKey)) {
		throw new WeChatCryptoError('AES_KEY', BAD_AES_KEY);
	}
	const key = Buffer.from(encodingAesKey + '=', 'base64');
	if (key.length !== 32) {
		throw new WeChatCryptoError('AES_KEY', BAD_AES_KEY);
	}
	return key;
}

function checkKey(aesKey: Buffer): void {
	if (!Buffer.isBuffer(aesKey) || aesKey.length !== 32) {
		throw new WeChatCryptoError('AES_KEY', 'AES key must be 32 bytes (use decodeAesKey)');
	}
}

/**
 * One AES-256-ECB decipher per key, made once: creating a cipher object (key schedule included) costs more
 * than decrypting a callback. ECB without padding keeps no state between whole blocks, so it can serve every
 * message; CBC is then one XOR per byte with the previous ciphertext block (the IV for the first). Keyed by
 * the key's bytes (the trigger decodes its credential per request, so the Buffer is new each time); a few
 * keys per process at most (current and previous, per account), cleared past a bound.
 */
const BLOCK_DECIPHERS = new Map<string, Decipher>();
const MAX_BLOCK_DECIPHERS = 64;

/** Raw AES-256-CBC with WeChat's IV (the first 16 key bytes); undefined if OpenSSL refuses. */
function aesCbcDecrypt(ciphertext: Buffer, aesKey: Buffer): Buffer | undefined {
	if (ciphertext.length % AES_BLOCK !== 0) return undefined;
	const id = aesKey.toString('latin1');
	try {
		let blocks = BLOCK_DECIPHERS.get(id);
		if (!blocks) {
			if (BLOCK_DECIPHERS.size >= MAX_BLOCK_DECIPHERS) BLOCK_DECIPHERS.clear();
			blocks = createDecipheriv('aes-256-ecb', aesKey, null);
			blocks.setAutoPadding(false);
			BLOCK_DECIPHERS.set(id, blocks);
		}
		const plain = blocks.update(ciphertext);
		// Whole blocks in, whole blocks out; anything else would mean state left behind: never reuse it then.
		if (plain.length !== ciphertext.length) {
			BLOCK_DECIPHERS.delete(id);
			return undefined;
		}
		for (let i = plain.length - 1; i >= AES_BLOCK; i--) plain[i] ^= ciphertext[i - AES_BLOCK];
		for (let i = 0; i < AES_BLOCK; i++) plain[i] ^= aesKey[i];
		return plain;
	} catch {
		BLOCK_DECIPHERS.delete(id);
		return undefined;
	}
}

/**
 * Standard alphabet, padded, no whitespace: what WeChat sends. Anything else is not a WeChat message.
 * Node's base64 decoder silently skips invalid characters and accepts the URL-safe alphabet, so the decoded
 * bytes are encoded again and must give back exactly the text received: that refuses every character outside
 * the standard alphabet, whitespace, missing or misplaced '=' and non-zero unused bits (which no encoder
 * writes), at a fraction of the cost of a regular expression over the whole text.
 */
function strictBase64(encrypt: unknown): Buffer | undefined {
	if (typeof encrypt !== 'string' || encrypt.length % 4 !== 0) return undefined;
	const bytes = Buffer.from(encrypt, 'base64');
	return bytes.toString('base64') === encrypt ? bytes : undefined;
}

/** Decrypt a safe-mode `Encrypt` value. Checks every layer so that garbage never reaches a workflow. */
export function decryptMessage(encrypt: string, aesKey: Buffer): { message: string; appId: string } {
	checkKey(aesKey);
	const ciphertext = strictBase64(encrypt);
	if (!ciphertext) {
		throw new WeChatCryptoError('BASE64', 'Encrypted message is not valid base64');
	}
	if (ciphertext.length === 0 || ciphertext.length % AES_BLOCK !== 0) {
		throw new WeChatCryptoError(
			'BLOCK_SIZE',
			'Encrypted message length is not a multiple of the AES block size',
		);
	}

	const plain = aesCbcDecrypt(ciphertext, aesKey);
	if (!plain) throw new WeChatCryptoError('DECRYPT', 'Message could not be decrypted');

	// Checking every pad byte (not just the last) catches a wrong key or tampering early and cheaply.
	const pad = plain[plain.length - 1];
	if (pad < 1 || pad > PAD_BLOCK || pad > plain.length) {
		throw new WeChatCryptoError('PADDING', BAD_PADDING);
	}
	for (let i = plain.length - pad; i < plain.length; i++) {
		if (plain[i] !== pad) {
			throw new WeChatCryptoError('PADDING', BAD_PADDING);
		}
	}

	const content = plain.subarray(0, plain.length - pad);
	if (content.length < HEADER) {
		throw new WeChatCryptoError('LENGTH', 'Decrypted message is too short');
	}
	// The length counts UTF-8 bytes, not characters: slice bytes before decoding text.
	const messageLength = content.readUInt32BE(RANDOM_PREFIX);
	if (messageLength > content.length - HEADER) {
		throw new WeChatCryptoError('LENGTH', 'Decrypted message length does not fit the message');
	}
	return {
		message: content.subarray(HEADER, HEADER + messageLength).toString('utf8'),
		appId: content.subarray(HEADER + messageLength).toString('utf8'),
	};
}

/**
 * Decrypt with the current key, then with older ones: after an EncodingAESKey change WeChat may
 * still deliver messages encrypted under the previous key. The appId inside must match exactly,
 * otherwise a message for another account (same key reused) would be accepted.
 */
export function decryptAndCheckAppId(
	encrypt: string,
	aesKeys: Buffer[],
	expectedAppId: string,
): { message: string; keyIndex: number } {
	if (aesKeys.length === 0) {
		throw new WeChatCryptoError('AES_KEY', 'No EncodingAESKey configured');
	}
	let firstError: unknown;
	for (let keyIndex = 0; keyIndex < aesKeys.length; keyIndex++) {
		try {
			const { message, appId } = decryptMessage(encrypt, aesKeys[keyIndex]);
			if (appId !== expectedAppId) {
				throw new WeChatCryptoError(
					'APP_ID',
					'Message was encrypted for a different AppID than the one configured',
				);
			}
			return { message, keyIndex };
		} catch (error) {
			// Report the current key's failure: it says what is wrong with the normal path.
			if (keyIndex === 0) firstError = error;
		}
	}
	throw firstError;
}

/** Encrypt a reply in WeChat's envelope. `random` is only for reproducing official vectors. */
export function encryptMessage(
	message: string,
	aesKey: Buffer,
	appId: string,
	random: Buffer = randomBytes(RANDOM_PREFIX),
): string {
	checkKey(aesKey);
	if (!Buffer.isBuffer(random) || random.length !== RANDOM_PREFIX) {
		throw new WeChatCryptoError('LENGTH', 'Random prefix must be 16 bytes');
	}
	const body = Buffer.from(message, 'utf8');
	const length = Buffer.alloc(4);
	length.writeUInt32BE(body.length, 0);
	const unpadded = RANDOM_PREFIX + 4 + body.length + Buffer.byteLength(appId, 'utf8');
	// Always at least one pad byte, a whole block when already aligned (PKCS#7).
	const pad = PAD_BLOCK - (unpadded % PAD_BLOCK);
	const plain = Buffer.concat([
		random,
		length,
		body,
		Buffer.from(appId, 'utf8'),
		Buffer.alloc(pad, pad),
	]);
	const cipher = createCipheriv('aes-256-cbc', aesKey, aesKey.subarray(0, AES_BLOCK));
	cipher.setAutoPadding(false);
	return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

/**
 * JS-SDK config signature. Keys in this fixed order and values raw (not URL-encoded), as WeChat
 * computes it; the fragment is never sent to the server, so WeChat signs the URL without it.
 */
export function jsSdkSignature(ticket: string, nonceStr: string, timestamp: string | number, url: string): string {
	const hash = url.indexOf('#');
	const signedUrl = hash === -1 ? url : url.slice(0, hash);
	return sha1Hex(`jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${String(timestamp)}&url=${signedUrl}`);
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Largest multiple of 62 below 256: bytes at or above it are dropped so every character is equally likely. */
const UNBIASED_LIMIT = 256 - (256 % ALPHANUMERIC.length);

/** A crypto-random alphanumeric nonce (JS-SDK noncestr, reply nonces). */
export function randomNonce(length = 16): string {
	if (!Number.isInteger(length) || length < 1 || length > 1024) {
		throw new RangeError('Nonce length must be an integer from 1 to 1024');
	}
	let out = '';
	while (out.length < length) {
		for (const byte of randomBytes(length * 2)) {
			if (byte < UNBIASED_LIMIT) out += ALPHANUMERIC[byte % ALPHANUMERIC.length];
			if (out.length === length) break;
		}
	}
	return out;
}
