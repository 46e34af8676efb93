/**
 * QR Code > Create against the simulator over real HTTP: temporary and permanent codes with number and text
 * scenes, the picture downloaded from the credential's address family into a binary field, WeChat's
 * answers explained, and bad input refused before anything is sent.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { WeChatOfficialAccount } from '../../../../nodes/WeChatOfficialAccount/WeChatOfficialAccount.node';
import { qrImageUrl } from '../../../../nodes/wechat/growth/image';
import { withAction } from '../../../helpers/appNodes';
import { executeContext, simulatorStore } from '../../../helpers/n8nContext';
import { FAST_RETRIES, useSimulator } from '../../../helpers/simulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEFAULT_APPS } = require('../../../../tools/simulator');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { seedOf } = require('../../../../tools/simulator/png');

const sim = useSimulator({ followers: 10 });

async function create(parameters: Record<string, unknown> | ((name: string, i: number) => unknown), items: IDataObject[] = [{}], continueOnFail = false): Promise<INodeExecutionData[]> {
	const ctx = executeContext({ store: simulatorStore(sim, { oa: DEFAULT_APPS.oa }), items, parameters, continueOnFail, retryDelaysMs: FAST_RETRIES });
	const [output] = await new WeChatOfficialAccount().execute.call(withAction(ctx as IExecuteFunctions, 'qrCode', 'create'));
	return output;
}
const apiCalls = () => Object.fromEntries(Object.entries(sim.calls as Record<string, number>).filter(([p]) => p !== '/cgi-bin/stable_token'));

test('a temporary text-scene code with its picture; a permanent number-scene code without', async () => {
	const [temp] = await create({ codeType: 'temporary', expireSeconds: 86400, sceneType: 'text', sceneText: 'spring-sale', downloadImage: true, binaryPropertyName: 'qr' });
	const ticket = String(temp.json.ticket);
	expect(temp.json).toMatchObject({ scene: 'spring-sale', codeType: 'temporary', url: expect.stringMatching(/^http:\/\/weixin\.qq\.com\/q\//), imageUrl: `${sim.url}/cgi-bin/showqrcode?ticket=${encodeURIComponent(ticket)}` });
	expect(Date.parse(String(temp.json.expiresAt)) - Date.now()).toBeGreaterThan(86_390_000);
	const image = temp.binary!.qr;
	expect(image).toMatchObject({ mimeType: 'image/jpg', fileName: 'qrcode-spring-sale.jpg' });
	const bytes = Buffer.from(image.data, 'base64');
	expect(bytes.subarray(1, 4).toString()).toBe('PNG');
	expect(seedOf(bytes)).toBe(ticket);
	expect(sim.qrCodes()).toEqual([expect.objectContaining({ ticket, scene: 'spring-sale', permanent: false })]);

	const [perm] = await create({ codeType: 'permanent', sceneType: 'number', sceneNumber: 42, downloadImage: false });
	expect(perm.json).toMatchObject({ scene: 42, codeType: 'permanent', expiresAt: null });
	expect(perm.binary).toBeUndefined();
	expect(apiCalls()).toEqual({ '/cgi-bin/qrcode/create': 2, '/cgi-bin/showqrcode': 1 });
});

test('the picture comes from mp.weixin.qq.com for WeChat\'s own hosts, from the API Base URL otherwise', () => {
	expect(qrImageUrl('https://api.weixin.qq.com', 'gQ+a/b=')).toBe('https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=gQ%2Ba%2Fb%3D');
	expect(qrImageUrl('https://sh.api.weixin.qq.com/', 't')).toBe('https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=t');
	expect(qrImageUrl('http://proxy.internal:8080/', 't')).toBe('http://proxy.internal:8080/cgi-bin/showqrcode?ticket=t');
});

test('bad input: the field is named, nothing is sent for any item', async () => {
	const before = { ...sim.calls };
	await expect(create({ codeType: 'temporary', sceneType: 'text', sceneText: '  ' })).rejects.toThrow('Scene Text is empty');
	await expect(create({ codeType: 'temporary', sceneType: 'text', sceneText: 'x'.repeat(65) })).rejects.toThrow('Scene Text is too long (65 characters)');
	await expect(create({ codeType: 'permanent', sceneType: 'number', sceneNumber: 100001 })).rejects.toThrow('Scene Number 100001 is out of range');
	await expect(create({ codeType: 'temporary', sceneType: 'number', sceneNumber: 0 })).rejects.toThrow('Scene Number 0 is out of range');
	await expect(create({ codeType: 'temporary', expireSeconds: 2592001, sceneType: 'text', sceneText: 'a' })).rejects.toThrow('Expire After (Seconds) 2592001 is out of range');
	// Item 1 of 3 is bad: nothing is created for items 0 and 2 either.
	const scenes = ['ok-1', '', 'ok-2'];
	await expect(create((name, i) => ({ codeType: 'temporary', sceneType: 'text', sceneText: scenes[i], downloadImage: false })[name], [{}, {}, {}])).rejects.toThrow('Scene Text is empty');
	expect(sim.calls).toEqual(before);
	// Continue On Fail: the bad item gets its error, the others their codes.
	const out = await create((name, i) => ({ codeType: 'temporary', sceneType: 'text', sceneText: scenes[i], downloadImage: false })[name], [{}, {}, {}], true);
	expect(out.map((o) => o.json.scene ?? o.json.error)).toEqual(['ok-1', 'Scene Text is empty', 'ok-2']);
});

test('WeChat\'s refusals explained: 48001 (account without the QR code API), 45029 (permanent cap)', async () => {
	sim.fault({ type: 'errcode', path: '/cgi-bin/qrcode/create', errcode: 48001, times: 1 });
	await expect(create({ codeType: 'temporary', sceneType: 'text', sceneText: 'a', downloadImage: false })).rejects.toThrow('This account may not create QR codes with a scene');
	sim.setPermanentQrCap(1);
	const [first] = await create({ codeType: 'permanent', sceneType: 'text', sceneText: 'first', downloadImage: false });
	// The same permanent scene again gives the same ticket (no new code counted).
	const [again] = await create({ codeType: 'permanent', sceneType: 'text', sceneText: 'first', downloadImage: false });
	expect(again.json.ticket).toBe(first.json.ticket);
	await expect(create({ codeType: 'permanent', sceneType: 'text', sceneText: 'second', downloadImage: false })).rejects.toThrow(
		'The account has created as many permanent QR codes as WeChat allows (100,000)',
	);
});
