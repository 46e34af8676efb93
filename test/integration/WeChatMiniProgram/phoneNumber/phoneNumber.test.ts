/**
 * Phone Number against the simulator: a button code gives the number once (a second use is refused with a
 * clear error, 40029 explained; a repeat in the run is not sent), bad input sends nothing, and the older
 * encryptedData flow decrypts with the session key of Exchange Code.
 */
import { createCipheriv, randomBytes } from 'crypto';

import { runAction } from '../../../helpers/growth';
import { useSimulator } from '../../../helpers/simulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEFAULT_APPS } = require('../../../../tools/simulator');

const sim = useSimulator({ followers: 10 });
const run = (operation: string, parameters: Record<string, unknown> | ((name: string, i: number) => unknown), items = [{}], continueOnFail = false) =>
	runAction(sim, 'mp', 'phoneNumber', operation, parameters, { items, continueOnFail });

test('a code gives the phone number once; the second use is refused and explained', async () => {
	const code = sim.issuePhoneCode(7);
	const [first] = await run('getFromCode', { phoneCode: code }, [{ code, orderId: 'SO-1' }]);
	expect(first.json).toEqual({ orderId: 'SO-1', phoneNumber: '13900000007', purePhoneNumber: '13900000007', countryCode: '86', verifiedAt: expect.any(String) });
	expect(sim.phoneNumbersCharged).toBe(1);
	const [again] = await run('getFromCode', { phoneCode: code }, [{}], true);
	expect(again.json).toMatchObject({
		error: 'The phone code is not valid: used already, older than 5 minutes, or from another Mini Program (getting the phone number of item 0)',
		errcode: 40029,
		description: expect.stringContaining('Each code from the getPhoneNumber button works once within 5 minutes'),
	});
	expect(sim.phoneNumbersCharged).toBe(1);
	expect(sim.calls['/wxa/business/getuserphonenumber']).toBe(2);
});

test('the same code twice in one run is sent once; an expired code is refused', async () => {
	const code = sim.issuePhoneCode(3);
	const out = await run('getFromCode', (name, i) => (name === 'phoneCode' ? code : undefined), [{ i: 0 }, { i: 1 }], true);
	expect(out[0].json.phoneNumber).toBe('13900000003');
	expect(out[1].json).toMatchObject({ error: 'The phone code of item 1 is the same as item 0\'s, and a code works once', errcode: 40029 });
	expect(sim.calls['/wxa/business/getuserphonenumber']).toBe(1);
	const old = sim.issuePhoneCode(4);
	sim.advanceTime(301);
	await expect(run('getFromCode', { phoneCode: old })).rejects.toThrow('The phone code is not valid');
});

test('bad Phone Code: named, nothing sent', async () => {
	await expect(run('getFromCode', { phoneCode: '' })).rejects.toThrow('Phone Code is empty (item 0)');
	await expect(run('getFromCode', { phoneCode: 'has spaces in it' })).rejects.toThrow('Phone Code is not a getPhoneNumber code (item 0)');
	expect(sim.calls['/wxa/business/getuserphonenumber']).toBeUndefined();
});

test('older flow: encryptedData decrypted with the session key of Exchange Code', async () => {
	const [login] = await runAction(sim, 'mp', 'login', 'exchangeCode', { loginCode: sim.issueLoginCode(5), includeSessionKey: true });
	const sessionKey = String(login.json.sessionKey);
	const iv = randomBytes(16);
	const cipher = createCipheriv('aes-128-cbc', Buffer.from(sessionKey, 'base64'), iv);
	const plain = { phoneNumber: '13900000005', purePhoneNumber: '13900000005', countryCode: '86', watermark: { appid: DEFAULT_APPS.mp.appId, timestamp: 1700000000 } };
	const encryptedData = Buffer.concat([cipher.update(JSON.stringify(plain)), cipher.final()]).toString('base64');
	const before = { ...sim.calls };
	const [out] = await run('decrypt', { encryptedData, iv: iv.toString('base64'), sessionKey });
	expect(out.json).toEqual({ phoneNumber: '13900000005', purePhoneNumber: '13900000005', countryCode: '86', encryptedAt: '2023-11-14T22:13:20.000Z' });
	expect(sim.calls).toEqual(before);
	const wrong = await run('decrypt', { encryptedData, iv: iv.toString('base64'), sessionKey: randomBytes(16).toString('base64') }, [{}], true);
	expect(String(wrong[0].json.error)).toMatch(/^Decrypted data has invalid padding: the Session Key is not the one/);
	expect(JSON.stringify(wrong)).not.toContain(sessionKey);
});
