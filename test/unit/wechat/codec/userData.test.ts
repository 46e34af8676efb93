/** codec/userData.ts: the older encryptedData flow, with the strict checks of the callback crypto. */
import { createCipheriv, randomBytes } from 'crypto';

import { decryptUserData, UserDataError } from '../../../../nodes/wechat/codec/userData';

const APP = 'wxsimmp0000000001';
const key = randomBytes(16);
const iv = randomBytes(16);

function encrypt(data: object, k = key, v = iv): string {
	const cipher = createCipheriv('aes-128-cbc', k, v);
	return Buffer.concat([cipher.update(JSON.stringify(data)), cipher.final()]).toString('base64');
}
const phone = { phoneNumber: '13900000007', purePhoneNumber: '13900000007', countryCode: '86', watermark: { appid: APP, timestamp: 1700000000 } };
const refusal = (fn: () => unknown) => {
	try {
		fn();
	} catch (error) {
		return { field: (error as UserDataError).field, message: (error as Error).message };
	}
	throw new Error('not refused');
};

test('decrypts, drops the watermark, returns its time', () => {
	expect(decryptUserData(encrypt(phone), key.toString('base64'), iv.toString('base64'), APP)).toEqual({
		data: { phoneNumber: '13900000007', purePhoneNumber: '13900000007', countryCode: '86' },
		timestamp: 1700000000,
	});
});

test('every input checked, the field named, no key material in the message', () => {
	const data = encrypt(phone);
	const k = key.toString('base64');
	const v = iv.toString('base64');
	expect(refusal(() => decryptUserData(data, '', v, APP))).toEqual({ field: 'Session Key', message: 'Session Key is empty' });
	expect(refusal(() => decryptUserData(data, `${k}\n`, v, APP))).toMatchObject({ field: 'Session Key', message: 'Session Key is not valid base64' });
	expect(refusal(() => decryptUserData(data, randomBytes(32).toString('base64'), v, APP)).message).toMatch(/^Session Key must decode to 16 bytes/);
	expect(refusal(() => decryptUserData(data, k, randomBytes(8).toString('base64'), APP))).toMatchObject({ field: 'IV' });
	expect(refusal(() => decryptUserData(data.slice(0, -4) + 'A===', k, v, APP))).toMatchObject({ field: 'Encrypted Data', message: 'Encrypted Data is not valid base64' });
	expect(refusal(() => decryptUserData(Buffer.from('short').toString('base64'), k, v, APP))).toMatchObject({ field: 'Encrypted Data', message: 'Encrypted Data is not a whole number of AES blocks' });
	const wrongKey = refusal(() => decryptUserData(data, randomBytes(16).toString('base64'), v, APP));
	expect(wrongKey.field).toBe('Session Key');
	expect(wrongKey.message).not.toContain(k);
	expect(refusal(() => decryptUserData(encrypt({ ...phone, watermark: { appid: 'wxother', timestamp: 1 } }), k, v, APP))).toMatchObject({ field: 'AppID' });
	expect(refusal(() => decryptUserData(encrypt({ phoneNumber: '1' }), k, v, APP))).toMatchObject({ field: 'AppID' });
});
