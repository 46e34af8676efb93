/**
 * Everything between the raw HTTP request and a trusted WeChat message: signatures, replay window, body
 * shape, decryption and the AppID check. Pure functions (no n8n context), so every refusal is unit-tested.
 */
import {
	callbackSignature,
	decryptAndCheckAppId,
	messageSignature,
	safeEqual,
	WeChatCryptoError,
} from '../codec/crypto';
import { parseXml, XmlError } from '../codec/xml';
import type { XmlObject } from '../codec/xml';

/** WeChat messages are a few KB; 1 MiB leaves room for long texts without buffering anything abusive. */
export const MAX_BODY_BYTES = 1024 * 1024;

export type CallbackMode = 'plain' | 'compat' | 'safe';
export type CallbackFormat = 'xml' | 'json';
export type WeChatMessage = Record<string, unknown>;

/**
 * A request that did not come from WeChat for this account, or cannot be read. `reason` is the short
 * public answer; `detail` goes to the n8n log only. Neither ever contains the token or a key.
 */
export class CallbackRefusal extends Error {
	constructor(
		readonly status: 400 | 401 | 413,
		readonly reason: string,
		readonly detail: string = reason,
	) {
		super(reason);
		this.name = 'CallbackRefusal';
	}
}

export interface VerifySettings {
	token: string;
	appId: string;
	/** Current EncodingAESKey first, then the previous one. Only needed for encrypted callbacks. */
	aesKeys: Buffer[];
	/** Refuse callbacks whose timestamp is further than this from now; 0 turns the check off. */
	maxTimestampSkewSeconds: number;
	/** Refuse plaintext callbacks (the account is in safe mode). */
	requireEncryption: boolean;
	/** Date.now() of the request. */
	now: number;
	maxBodyBytes?: number;
}

export interface OpenedCallback {
	message: WeChatMessage;
	mode: CallbackMode;
	format: CallbackFormat;
	timestamp: string;
	nonce: string;
	/** 0: the current EncodingAESKey decrypted it; 1: the previous one. Undefined in plaintext mode. */
	keyIndex?: number;
}

type Query = Record<string, unknown>;

/** A single query value; anything else (missing, repeated, an object) counts as absent. */
function param(query: Query, name: string): string | undefined {
	const value = query[name];
	return typeof value === 'string' && value !== '' ? value : undefined;
}

function checkSignature(query: Query, settings: VerifySettings): { timestamp: string; nonce: string } {
	const signature = param(query, 'signature');
	const timestamp = param(query, 'timestamp');
	const nonce = param(query, 'nonce');
	if (!signature || !timestamp || !nonce) {
		throw new CallbackRefusal(401, 'Missing signature, timestamp or nonce');
	}
	if (!safeEqual(callbackSignature(settings.token, timestamp, nonce), signature.toLowerCase())) {
		throw new CallbackRefusal(
			401,
			'Invalid signature',
			'Invalid signature: the Token in the credential does not match the one in the WeChat console, or the request is not from WeChat',
		);
	}
	// The replay window is checked after the signature, so an attacker cannot probe our clock for free.
	if (settings.maxTimestampSkewSeconds > 0) {
		const seconds = /^[0-9]{1,12}$/.test(timestamp) ? Number(timestamp) : NaN;
		const skew = Math.abs(settings.now / 1000 - seconds);
		if (!(skew <= settings.maxTimestampSkewSeconds)) {
			throw new CallbackRefusal(
				401,
				'Stale timestamp',
				`Timestamp ${timestamp.slice(0, 20)} is more than ${settings.maxTimestampSkewSeconds} s from this server's clock (a replayed request, or the server clock is wrong)`,
			);
		}
	}
	return { timestamp, nonce };
}

/** GET URL verification: returns the echostr to send back as-is. */
export function verifyUrlRequest(query: Query, settings: VerifySettings): string {
	checkSignature(query, settings);
	const echostr = query.echostr;
	if (typeof echostr !== 'string' || echostr === '') {
		throw new CallbackRefusal(400, 'Missing echostr');
	}
	return echostr;
}

function bodyText(rawBody: Buffer | string | undefined, maxBytes: number): string {
	const size = rawBody === undefined ? 0 : Buffer.isBuffer(rawBody) ? rawBody.length : Buffer.byteLength(rawBody, 'utf8');
	if (size > maxBytes) {
		throw new CallbackRefusal(413, 'Body too large', `Body of ${size} bytes is larger than the ${maxBytes}-byte limit`);
	}
	const text = rawBody === undefined ? '' : Buffer.isBuffer(rawBody) ? rawBody.toString('utf8') : rawBody;
	return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** WeChat sends XML (`<xml>`) or, for Mini Programs set to JSON, a JSON object. The first character decides. */
export function detectFormat(text: string): CallbackFormat | undefined {
	const first = text.charCodeAt(firstNonBlank(text));
	if (first === 0x3c /* < */) return 'xml';
	if (first === 0x7b /* { */) return 'json';
	return undefined;
}

/** Index of the first character that is not a space, tab, CR or LF (the length if there is none). */
function firstNonBlank(text: string): number {
	let i = 0;
	for (let code = text.charCodeAt(0); code === 0x20 || code === 0x09 || code === 0x0d || code === 0x0a; ) {
		code = text.charCodeAt(++i);
	}
	return i;
}

function parseJsonObject(text: string): WeChatMessage {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		value = undefined;
	}
	if (value === undefined) throw new CallbackRefusal(400, 'Malformed JSON');
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		throw new CallbackRefusal(400, 'Malformed JSON', 'JSON body is not an object');
	}
	return value as WeChatMessage;
}

/** Parses a message body (outer envelope or decrypted inner message). */
export function parseBody(text: string, maxBytes: number, what: string): { message: WeChatMessage; format: CallbackFormat } {
	const format = detectFormat(text);
	if (!format) {
		throw new CallbackRefusal(400, `Malformed ${what}`, `${what} is neither XML nor JSON`);
	}
	if (format === 'json') return { message: parseJsonObject(text), format };
	let failure: unknown;
	try {
		return { message: parseXml(text, { maxBytes }) as XmlObject as WeChatMessage, format };
	} catch (error) {
		failure = error;
	}
	if (failure instanceof XmlError) {
		throw new CallbackRefusal(400, `Malformed ${what}`, `${what}: ${failure.message}`);
	}
	throw failure;
}

function refusalFor(error: unknown): unknown {
	if (!(error instanceof WeChatCryptoError)) return error;
	switch (error.code) {
		case 'BASE64':
		case 'BLOCK_SIZE':
			return new CallbackRefusal(400, 'Malformed Encrypt', error.message);
		case 'APP_ID':
			return new CallbackRefusal(
				401,
				'Wrong AppID',
				'The message was encrypted for another AppID: check the AppID in the credential',
			);
		case 'AES_KEY':
			return new CallbackRefusal(401, 'Cannot decrypt', error.message);
		default:
			return new CallbackRefusal(
				401,
				'Cannot decrypt',
				`${error.message}: check the EncodingAESKey in the credential (and Previous EncodingAESKey after a key change)`,
			);
	}
}

/**
 * POST callback: checks `signature` (always) and the replay window, reads the body from the exact raw
 * bytes, and in compatible/safe mode checks `msg_signature` over Encrypt as received, decrypts and checks
 * the AppID. In compatible mode only the decrypted copy is used: the plaintext copy beside it is unsigned.
 */
export function openCallback(
	query: Query,
	rawBody: Buffer | string | undefined,
	settings: VerifySettings,
): OpenedCallback {
	const maxBytes = settings.maxBodyBytes ?? MAX_BODY_BYTES;
	// Cheap checks first: size, then signature, before any parsing of untrusted text.
	const text = bodyText(rawBody, maxBytes);
	const { timestamp, nonce } = checkSignature(query, settings);
	if (firstNonBlank(text) === text.length) throw new CallbackRefusal(400, 'Empty body');

	const outer = parseBody(text, maxBytes, 'body');
	const encrypt = outer.message.Encrypt;
	const encrypted = param(query, 'encrypt_type') === 'aes' || encrypt !== undefined;
	if (!encrypted) {
		if (settings.requireEncryption) {
			throw new CallbackRefusal(
				400,
				'Plaintext refused',
				'A plaintext callback arrived but Security Mode is "Require Safe Mode": set Message Encryption Method to Safe Mode in the WeChat console, or change Security Mode',
			);
		}
		return { message: outer.message, mode: 'plain', format: outer.format, timestamp, nonce };
	}

	if (typeof encrypt !== 'string' || encrypt === '') {
		throw new CallbackRefusal(400, 'Missing Encrypt', 'encrypt_type=aes but the body has no Encrypt field');
	}
	const msgSignature = param(query, 'msg_signature');
	if (!msgSignature) throw new CallbackRefusal(401, 'Missing msg_signature');
	if (!safeEqual(messageSignature(settings.token, timestamp, nonce, encrypt), msgSignature.toLowerCase())) {
		throw new CallbackRefusal(401, 'Invalid msg_signature');
	}
	if (settings.aesKeys.length === 0) {
		throw new CallbackRefusal(
			401,
			'Cannot decrypt',
			'An encrypted callback arrived but the credential has no EncodingAESKey: add it',
		);
	}
	let decrypted: { message: string; keyIndex: number } | undefined;
	let failure: unknown;
	try {
		decrypted = decryptAndCheckAppId(encrypt, settings.aesKeys, settings.appId);
	} catch (error) {
		failure = refusalFor(error);
	}
	if (!decrypted) throw failure;
	const inner = parseBody(decrypted.message, maxBytes, 'decrypted message');
	let compat = false;
	for (const key in outer.message) if (key !== 'ToUserName' && key !== 'Encrypt') compat = true;
	return {
		message: inner.message,
		mode: compat ? 'compat' : 'safe',
		format: inner.format,
		timestamp,
		nonce,
		keyIndex: decrypted.keyIndex,
	};
}
