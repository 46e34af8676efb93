import { createCipheriv, createDecipheriv, createHash } from 'crypto';
import { readFileSync } from 'fs';
import path from 'path';

import {
	WeChatCryptoError,
	WeChatCryptoErrorCode,
	callbackSignature,
	decodeAesKey,
	decryptAndCheckAppId,
	decryptMessage,
	encryptMessage,
	jsSdkSignature,
	messageSignature,
	randomNonce,
	safeEqual,
	sortedSha1,
} from '../../../../nodes/wechat/codec/crypto';

interface Vector {
	id: string;
	op: string;
	input: Record<string, string>;
	expected: Record<string, unknown>;
}

const vectors: Vector[] = JSON.parse(
	readFileSync(path.join(__dirname, '../../../fixtures/test-vectors/official.json'), 'utf8'),
);

function expectCryptoError(fn: () => unknown, code: WeChatCryptoErrorCode): WeChatCryptoError {
	let caught: unknown;
	try {
		fn();
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeInstanceOf(WeChatCryptoError);
	expect((caught as WeChatCryptoError).code).toBe(code);
	return caught as WeChatCryptoError;
}

const sha1 = (text: string) => createHash('sha1').update(text, 'utf8').digest('hex');

/** Raw AES decrypt with WeChat's IV, to look at fields our API does not return (the random prefix). */
function rawDecrypt(encrypt: string, key: Buffer): Buffer {
	const d = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
	d.setAutoPadding(false);
	return Buffer.concat([d.update(Buffer.from(encrypt, 'base64')), d.final()]);
}

/** Raw AES encrypt of an already padded plaintext, to craft bodies our encryptMessage would never make. */
function rawEncrypt(plain: Buffer, key: Buffer): string {
	const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
	c.setAutoPadding(false);
	return Buffer.concat([c.update(plain), c.final()]).toString('base64');
}

const handlers: Record<string, (v: Vector) => void> = {
	server_verify(v) {
		const { token, timestamp, nonce, signature } = v.input;
		const actual = callbackSignature(token, timestamp, nonce);
		expect(actual).toBe(v.expected.signature);
		expect(actual).toBe(signature);
		expect(safeEqual(actual, signature)).toBe(v.expected.valid);
		if (v.expected.sorted) {
			expect([token, timestamp, nonce].sort()).toEqual(v.expected.sorted);
		}
		if (v.expected.string1) {
			expect(sha1(v.expected.string1 as string)).toBe(actual);
			expect(sortedSha1(token, timestamp, nonce)).toBe(sha1(v.expected.string1 as string));
		}
		if (v.expected.response_body) {
			// GET verification echoes echostr unchanged.
			expect(v.input.echostr).toBe(v.expected.response_body);
		}
	},
	msg_signature(v) {
		const { token, timestamp, nonce, encrypt } = v.input;
		expect(messageSignature(token, timestamp, nonce, encrypt)).toBe(v.expected.msg_signature);
	},
	decrypt(v) {
		const { encoding_aes_key, receive_id, encrypt, token, timestamp, nonce, msg_signature } = v.input;
		const key = decodeAesKey(encoding_aes_key);
		if (msg_signature) {
			expect(messageSignature(token, timestamp, nonce, encrypt)).toBe(msg_signature);
		}
		const { message, appId } = decryptMessage(encrypt, key);
		expect(appId).toBe(v.expected.receive_id);
		expect(decryptAndCheckAppId(encrypt, [key], receive_id)).toEqual({ message, keyIndex: 0 });
		if (v.expected.msg !== undefined) expect(message).toBe(v.expected.msg);
		if (v.expected.msg_len !== undefined) {
			expect(Buffer.byteLength(message, 'utf8')).toBe(v.expected.msg_len);
		}
		for (const part of (v.expected.msg_contains as string[] | undefined) ?? []) {
			expect(message).toContain(part);
		}
		const raw = rawDecrypt(encrypt, key);
		if (v.expected.ciphertext_len !== undefined) expect(raw.length).toBe(v.expected.ciphertext_len);
		if (v.expected.fullstr_len !== undefined) {
			expect(raw.length - raw[raw.length - 1]).toBe(v.expected.fullstr_len);
		}
		if (v.expected.random_utf8 !== undefined) {
			expect(raw.subarray(0, 16).toString('utf8')).toBe(v.expected.random_utf8);
		}
	},
	encrypt_fixed_random(v) {
		const { encoding_aes_key, receive_id, random_utf8, msg, token, timestamp, nonce } = v.input;
		const key = decodeAesKey(encoding_aes_key);
		const random = Buffer.from(random_utf8, 'utf8');
		const encrypt = encryptMessage(msg, key, receive_id, random);
		expect(encrypt).toBe(v.expected.encrypt);
		if (v.expected.ciphertext_len !== undefined) {
			expect(Buffer.from(encrypt, 'base64').length).toBe(v.expected.ciphertext_len);
		}
		if (v.expected.msg_signature !== undefined) {
			expect(messageSignature(token, timestamp, nonce, encrypt)).toBe(v.expected.msg_signature);
		}
		// And back again.
		expect(decryptMessage(encrypt, key)).toEqual({ message: msg, appId: receive_id });
	},
	jssdk_sign(v) {
		const { jsapi_ticket, noncestr, timestamp, url } = v.input;
		const signature = jsSdkSignature(jsapi_ticket, noncestr, timestamp, url);
		expect(signature).toBe(v.expected.signature);
		if (v.expected.string1) expect(sha1(v.expected.string1 as string)).toBe(signature);
		// A fragment is not part of the signed URL; a numeric timestamp signs the same.
		expect(jsSdkSignature(jsapi_ticket, noncestr, Number(timestamp), `${url}#/page?x=1`)).toBe(
			signature,
		);
	},
	aes_key(v) {
		expect(v.expected.reject).toBe(true);
		const error = expectCryptoError(() => decodeAesKey(v.input.encoding_aes_key), 'AES_KEY');
		expect(error.message).toBe(
			'EncodingAESKey must be 43 letters and digits (as shown in the WeChat console)',
		);
	},
};

describe('official vectors', () => {
	it('loads the vector file, ids unique', () => {
		expect(vectors.length).toBeGreaterThan(0);
		expect(new Set(vectors.map((v) => v.id)).size).toBe(vectors.length);
	});

	it('has a handler for every op (no vector is skipped silently)', () => {
		const unhandled = vectors.filter((v) => !handlers[v.op]).map((v) => `${v.id}:${v.op}`);
		expect(unhandled).toEqual([]);
	});

	it.each(vectors.map((v) => [`${v.id} ${v.op}`, v] as const))('%s', (_name, v) => {
		const handler = handlers[v.op];
		if (!handler) throw new Error(`No handler for op "${v.op}" (${v.id})`);
		handler(v);
	});
});

describe('signatures', () => {
	it('sorts before hashing, so argument order does not matter', () => {
		expect(sortedSha1('b', 'a', 'c')).toBe(sha1('abc'));
		expect(callbackSignature('AAAAA', '1714036504', '1514711492')).toBe(
			callbackSignature('1514711492', 'AAAAA', '1714036504'),
		);
	});

	it('safeEqual compares in full and handles different lengths', () => {
		expect(safeEqual('abc', 'abc')).toBe(true);
		expect(safeEqual('abc', 'abd')).toBe(false);
		expect(safeEqual('abc', 'abcd')).toBe(false);
		expect(safeEqual('', 'a')).toBe(false);
		expect(safeEqual('', '')).toBe(true);
		expect(safeEqual('中', '中')).toBe(true);
		expect(safeEqual('中', '丰')).toBe(false);
		const signature = 'a'.repeat(39) + 'b';
		expect(safeEqual(signature, 'a'.repeat(40))).toBe(false);
		expect(safeEqual('b' + 'a'.repeat(39), 'a'.repeat(40))).toBe(false);
		expect(safeEqual(signature, signature.slice(0, 39))).toBe(false);
	});

	it('randomNonce is alphanumeric, of the requested length, and varies', () => {
		expect(randomNonce()).toMatch(/^[A-Za-z0-9]{16}$/);
		expect(randomNonce(32)).toMatch(/^[A-Za-z0-9]{32}$/);
		expect(randomNonce(1)).toMatch(/^[A-Za-z0-9]$/);
		expect(new Set(Array.from({ length: 50 }, () => randomNonce())).size).toBe(50);
		expect(() => randomNonce(0)).toThrow(RangeError);
		expect(() => randomNonce(1.5)).toThrow(RangeError);
	});
});

describe('decodeAesKey', () => {
	it('accepts the official non-canonical sample keys as 32 bytes', () => {
		expect(decodeAesKey('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG')).toHaveLength(32);
		expect(decodeAesKey('A'.repeat(43)).equals(Buffer.alloc(32))).toBe(true);
	});

	it.each([
		['too short', 'abcde'],
		['44 chars', 'A'.repeat(44)],
		['42 chars', 'A'.repeat(42)],
		['padding included', 'A'.repeat(42) + '='],
		['url-safe alphabet', 'A'.repeat(42) + '-'],
		['whitespace', ' ' + 'A'.repeat(42)],
		['empty', ''],
	])('refuses %s', (_name, key) => {
		const error = expectCryptoError(() => decodeAesKey(key), 'AES_KEY');
		expect(error.message).not.toContain(key || '\u0000');
	});
});

describe('decryptMessage / encryptMessage', () => {
	const de01 = vectors.find((v) => v.id === 'DE-01') as Vector;
	const key = decodeAesKey(de01.input.encoding_aes_key);
	const appId = de01.input.receive_id;
	const encrypt = de01.input.encrypt;
	const otherKey = decodeAesKey('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG');

	function tamper(b64: string, index: number, xor: number): string {
		const bytes = Buffer.from(b64, 'base64');
		bytes[index] ^= xor;
		return bytes.toString('base64');
	}

	it('round-trips Chinese text, empty messages and every padding length', () => {
		expect(decryptMessage(encryptMessage('你好，世界 👋', key, appId), key)).toEqual({
			message: '你好，世界 👋',
			appId,
		});
		for (let n = 0; n <= 64; n++) {
			const msg = 'x'.repeat(n);
			const out = encryptMessage(msg, key, appId);
			expect(Buffer.from(out, 'base64').length % 32).toBe(0);
			expect(decryptMessage(out, key).message).toBe(msg);
		}
	});

	it('pads a 32-aligned body with a full 32-byte block', () => {
		// 16 + 4 + 12 = 32 bytes before padding (appId empty).
		const out = encryptMessage('x'.repeat(12), key, '', Buffer.alloc(16));
		const raw = rawDecrypt(out, key);
		expect(raw.length).toBe(64);
		expect(raw.subarray(32).equals(Buffer.alloc(32, 32))).toBe(true);
	});

	it('uses a fresh random prefix each time', () => {
		expect(encryptMessage('hi', key, appId)).not.toBe(encryptMessage('hi', key, appId));
	});

	it('refuses a random prefix that is not 16 bytes and a key that is not 32 bytes', () => {
		expectCryptoError(() => encryptMessage('hi', key, appId, Buffer.alloc(15)), 'LENGTH');
		expectCryptoError(() => encryptMessage('hi', Buffer.alloc(16), appId), 'AES_KEY');
		expectCryptoError(() => decryptMessage(encrypt, Buffer.alloc(31)), 'AES_KEY');
	});

	it('refuses ciphertext whose length field is tampered (first block)', () => {
		// Flipping ciphertext byte 0 flips plaintext byte 16: the high byte of the message length.
		expectCryptoError(() => decryptMessage(tamper(encrypt, 0, 0x80), key), 'LENGTH');
	});

	it('refuses ciphertext whose padding is tampered (second-to-last block)', () => {
		const length = Buffer.from(encrypt, 'base64').length;
		// Flipping the last byte of the previous block flips the last pad byte.
		expectCryptoError(() => decryptMessage(tamper(encrypt, length - 17, 0x01), key), 'PADDING');
		// Garbling the last block garbles the padding.
		expectCryptoError(() => decryptMessage(tamper(encrypt, length - 1, 0x01), key), 'PADDING');
	});

	it('tampering inside the message is caught by msg_signature', () => {
		const { token, timestamp, nonce, msg_signature } = de01.input;
		const tampered = tamper(encrypt, 100, 0x01);
		expect(safeEqual(messageSignature(token, timestamp, nonce, tampered), msg_signature)).toBe(false);
	});

	it('refuses a pad byte that is wrong anywhere, not just at the end', () => {
		const body = Buffer.concat([
			Buffer.alloc(16, 1),
			Buffer.from([0, 0, 0, 2]),
			Buffer.from('hi' + appId),
		]);
		const pad = 64 - body.length; // 24 with this appId: several pad bytes to get wrong
		const good = Buffer.concat([body, Buffer.alloc(pad, pad)]);
		expect(decryptMessage(rawEncrypt(good, key), key)).toEqual({ message: 'hi', appId });

		const badMiddle = Buffer.from(good);
		badMiddle[body.length + 3] = pad - 1;
		expectCryptoError(() => decryptMessage(rawEncrypt(badMiddle, key), key), 'PADDING');

		const badFirst = Buffer.from(good);
		badFirst[body.length] = 0;
		expectCryptoError(() => decryptMessage(rawEncrypt(badFirst, key), key), 'PADDING');

		const zeroPad = Buffer.concat([body, Buffer.alloc(pad, 0)]);
		expectCryptoError(() => decryptMessage(rawEncrypt(zeroPad, key), key), 'PADDING');

		const tooBig = Buffer.concat([body.subarray(0, 31), Buffer.alloc(33, 33)]);
		expectCryptoError(() => decryptMessage(rawEncrypt(tooBig, key), key), 'PADDING');
	});

	it('refuses a length field larger than the message', () => {
		const body = Buffer.concat([Buffer.alloc(16), Buffer.from([0, 0, 0, 200]), Buffer.from('hi')]);
		const plain = Buffer.concat([body, Buffer.alloc(10, 10)]);
		expectCryptoError(() => decryptMessage(rawEncrypt(plain, key), key), 'LENGTH');
	});

	it('refuses a plaintext shorter than its 20-byte header', () => {
		const plain = Buffer.concat([Buffer.alloc(16), Buffer.alloc(16, 16)]);
		expectCryptoError(() => decryptMessage(rawEncrypt(plain, key), key), 'LENGTH');
	});

	it('refuses truncated ciphertext', () => {
		const bytes = Buffer.from(encrypt, 'base64');
		expectCryptoError(
			() => decryptMessage(bytes.subarray(0, bytes.length - 5).toString('base64'), key),
			'BLOCK_SIZE',
		);
		// Whole blocks cut off the end: the padding goes with them.
		expectCryptoError(
			() => decryptMessage(bytes.subarray(0, bytes.length - 32).toString('base64'), key),
			'PADDING',
		);
		expectCryptoError(() => decryptMessage('', key), 'BLOCK_SIZE');
	});

	it.each([
		['non-alphabet character', encrypt.replace('+', '*')],
		['whitespace', `${encrypt.slice(0, 40)}\n${encrypt.slice(40)}`],
		['missing padding', encrypt.replace(/=+$/, '')],
		['url-safe alphabet', encrypt.replace(/\+/g, '-').replace(/\//g, '_')],
		['padding in the middle', `AAA=${encrypt}`],
		['three padding characters', `${encrypt.slice(0, -4)}A===`],
		// Decoders ignore the unused low bits of the last character; no encoder sets them, so neither may WeChat.
		['non-zero unused bits', nonCanonical(encrypt)],
		['a NUL character', `${encrypt.slice(0, -4)}\u0000AAA`],
	])('refuses non-base64 input: %s', (_name, input) => {
		expectCryptoError(() => decryptMessage(input, key), 'BASE64');
	});

	it('refuses a message decrypted with the wrong key', () => {
		expect(() => decryptMessage(encrypt, otherKey)).toThrow(WeChatCryptoError);
	});

	it('decrypts exactly as AES-256-CBC does, for every length, key and after refusals (the reused block decipher)', () => {
		const keys = [key, otherKey, decodeAesKey('0123456789abcdefghijklmnopqrstuvwxyzABCDEFG')];
		for (let n = 0; n < 120; n++) {
			const k = keys[n % keys.length];
			// A fresh Buffer of the same key, as the trigger decodes its credential per request.
			const fresh = Buffer.from(k);
			const message = '消息'.repeat(n) + String(n);
			const sealed = encryptMessage(message, k, 'wxappid');
			expect(rawDecrypt(sealed, k).length).toBe(Buffer.from(sealed, 'base64').length);
			expect(decryptMessage(sealed, fresh)).toEqual({ message, appId: 'wxappid' });
			// A refusal in between (wrong key, garbage blocks) leaves nothing behind for the next message.
			expect(() => decryptMessage(sealed, keys[(n + 1) % keys.length])).toThrow(WeChatCryptoError);
			expect(() => decryptMessage(Buffer.alloc(48, n).toString('base64'), k)).toThrow(WeChatCryptoError);
		}
		// More keys than the cache holds: still right (the cache is cleared, never wrong).
		for (let n = 0; n < 70; n++) {
			const k = Buffer.alloc(32, n);
			expect(decryptMessage(encryptMessage(`m${n}`, k, 'wx'), k)).toEqual({ message: `m${n}`, appId: 'wx' });
		}
	});
});

/** The same bytes with the unused low bits of the last data character set (a non-canonical encoding). */
function nonCanonical(b64: string): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
	const data = b64.replace(/=+$/, '');
	const padding = b64.length - data.length;
	const last = alphabet.indexOf(data[data.length - 1]);
	const changed = alphabet[last | (padding === 2 ? 0x0f : 0x03)];
	if (padding === 0 || changed === data[data.length - 1]) throw new Error('pick a padded encoding with unused bits clear');
	const out = data.slice(0, -1) + changed + '='.repeat(padding);
	if (!Buffer.from(out, 'base64').equals(Buffer.from(b64, 'base64'))) throw new Error('decoders should read the same bytes');
	return out;
}

describe('decryptAndCheckAppId', () => {
	const de01 = vectors.find((v) => v.id === 'DE-01') as Vector;
	const current = decodeAesKey('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG');
	const previous = decodeAesKey(de01.input.encoding_aes_key);
	const appId = de01.input.receive_id;

	it('accepts the current key with keyIndex 0', () => {
		const encrypt = encryptMessage('<xml/>', current, appId);
		expect(decryptAndCheckAppId(encrypt, [current, previous], appId)).toEqual({
			message: '<xml/>',
			keyIndex: 0,
		});
	});

	it('falls back to the previous key after a rotation, with keyIndex 1', () => {
		const result = decryptAndCheckAppId(de01.input.encrypt, [current, previous], appId);
		expect(result.keyIndex).toBe(1);
		expect(result.message).toBe(de01.expected.msg);
	});

	it('refuses a different appId, exactly (no case folding, no prefix match)', () => {
		for (const wrong of ['wxba5fad812f8e6fb', 'WXBA5FAD812F8E6FB9', 'wxba5fad812f8e6fb9 ', '']) {
			const error = expectCryptoError(
				() => decryptAndCheckAppId(de01.input.encrypt, [previous], wrong),
				'APP_ID',
			);
			expect(error.message).not.toContain(appId);
		}
	});

	it("throws the current key's error when no key works", () => {
		const other = decodeAesKey('Z'.repeat(43));
		const error = expectCryptoError(
			() => decryptAndCheckAppId(de01.input.encrypt, [previous, other], 'wx0000000000000000'),
			'APP_ID',
		);
		expect(error).toBeInstanceOf(WeChatCryptoError);
		expectCryptoError(() => decryptAndCheckAppId(de01.input.encrypt, [current], appId), 'PADDING');
		expectCryptoError(() => decryptAndCheckAppId('not base64!', [current, previous], appId), 'BASE64');
	});

	it('refuses an empty key list', () => {
		expectCryptoError(() => decryptAndCheckAppId(de01.input.encrypt, [], appId), 'AES_KEY');
	});
});
