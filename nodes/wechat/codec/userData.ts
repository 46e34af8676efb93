/**
 * Mini Program user data decryption (the older getPhoneNumber flow, wx.getUserInfo...): `encryptedData` is
 * AES-128-CBC under the user's session_key with the given iv, PKCS#7 padded, and holds JSON with a
 * `watermark.appid`. Checked as strictly as callback messages (crypto.ts): strict base64 for every input,
 * exact key and IV sizes, whole blocks, every pad byte, JSON, and the watermark's AppID.
 */
import { createDecipheriv } from 'crypto';

/** Which input is wrong: the error names it. */
export type UserDataField = 'Encrypted Data' | 'IV' | 'Session Key';

/** A refused decryption. The message names the field and never contains key material or plaintext. */
export class UserDataError extends Error {
	constructor(
		readonly field: UserDataField | 'AppID',
		message: string,
	) {
		super(message);
		this.name = 'UserDataError';
	}
}

const STRICT_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const BLOCK = 16;

function strictBase64(field: UserDataField, value: string): Buffer {
	if (typeof value !== 'string' || value === '') throw new UserDataError(field, `${field} is empty`);
	if (value.length % 4 !== 0 || !STRICT_BASE64.test(value)) throw new UserDataError(field, `${field} is not valid base64`);
	return Buffer.from(value, 'base64');
}

/** Raw AES-128-CBC; undefined if OpenSSL refuses. */
function aes128CbcDecrypt(cipher: Buffer, key: Buffer, iv: Buffer): Buffer | undefined {
	try {
		const decipher = createDecipheriv('aes-128-cbc', key, iv);
		decipher.setAutoPadding(false);
		return Buffer.concat([decipher.update(cipher), decipher.final()]);
	} catch {
		return undefined;
	}
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

export interface DecryptedUserData {
	data: Record<string, unknown>;
	/** When WeChat encrypted it (watermark.timestamp, seconds), if present. */
	timestamp?: number;
}

export function decryptUserData(encryptedData: string, sessionKey: string, iv: string, expectedAppId: string): DecryptedUserData {
	const key = strictBase64('Session Key', sessionKey);
	if (key.length !== BLOCK) throw new UserDataError('Session Key', 'Session Key must decode to 16 bytes (the session_key of Exchange Code)');
	const ivBytes = strictBase64('IV', iv);
	if (ivBytes.length !== BLOCK) throw new UserDataError('IV', 'IV must decode to 16 bytes (the iv the Mini Program received with encryptedData)');
	const cipher = strictBase64('Encrypted Data', encryptedData);
	if (cipher.length === 0 || cipher.length % BLOCK !== 0) throw new UserDataError('Encrypted Data', 'Encrypted Data is not a whole number of AES blocks');

	const plain = aes128CbcDecrypt(cipher, key, ivBytes);
	if (!plain) throw new UserDataError('Encrypted Data', 'Encrypted Data could not be decrypted');
	const pad = plain[plain.length - 1];
	const badPadding = pad < 1 || pad > BLOCK || plain.subarray(plain.length - pad).some((b) => b !== pad);
	// A wrong session key (the user logged in again since) or IV shows here: the padding does not fit.
	if (badPadding) throw new UserDataError('Session Key', 'Decrypted data has invalid padding: the Session Key is not the one this data was encrypted with (the user logged in again?), or IV does not belong to it');
	const data = parseJson(plain.subarray(0, plain.length - pad).toString('utf8'));
	if (data === undefined) throw new UserDataError('Session Key', 'Decrypted data is not JSON: the Session Key or IV does not belong to this Encrypted Data');
	if (!data || typeof data !== 'object' || Array.isArray(data)) throw new UserDataError('Encrypted Data', 'Decrypted data is not a JSON object');
	const watermark = (data as { watermark?: { appid?: unknown; timestamp?: unknown } }).watermark;
	if (!watermark || watermark.appid !== expectedAppId) {
		throw new UserDataError('AppID', 'The data was encrypted for another Mini Program than the credential\'s (watermark AppID differs)');
	}
	const rest = { ...(data as Record<string, unknown>) };
	delete rest.watermark;
	const timestamp = Number(watermark.timestamp);
	return { data: rest, timestamp: Number.isFinite(timestamp) && timestamp > 0 ? timestamp : undefined };
}
