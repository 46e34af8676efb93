/**
 * Link and Mini Program Code against the simulator: URL Link, URL Scheme and Short Link with their limits
 * explained, codes as pictures in a binary field (limited and unlimited), bad input refused before any call.
 */
import { runAction } from '../../../helpers/growth';
import { useSimulator } from '../../../helpers/simulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEFAULT_APPS } = require('../../../../tools/simulator');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { seedOf } = require('../../../../tools/simulator/png');

const sim = useSimulator({ followers: 10 });
const MP = DEFAULT_APPS.mp.appId;
const link = (operation: string, parameters: Record<string, unknown>, continueOnFail = false) => runAction(sim, 'mp', 'link', operation, parameters, { continueOnFail });
const code = (operation: string, parameters: Record<string, unknown>) => runAction(sim, 'mp', 'miniProgramCode', operation, parameters);
const apiCalls = () => Object.fromEntries(Object.entries(sim.calls as Record<string, number>).filter(([p]) => p !== '/cgi-bin/stable_token'));

test('URL Link, URL Scheme and Short Link: what WeChat gets and what the node answers', async () => {
	const [urlLink] = await link('createUrlLink', { page: 'pages/product/detail', query: '?id=42&from=sms', envVersion: 'release', expireDays: 7 });
	expect(urlLink.json).toMatchObject({ link: expect.stringMatching(/^https:\/\/wxaurl\.cn\//), urlLink: urlLink.json.link });
	expect(Date.parse(String(urlLink.json.expiresAt)) - Date.now()).toBeGreaterThan(7 * 86_400_000 - 60_000);
	const [scheme] = await link('createUrlScheme', { page: '', query: '', envVersion: 'trial', expireDays: 30 });
	expect(scheme.json.openlink).toMatch(/^weixin:\/\/dl\/business\/\?t=/);
	const [short] = await link('createShortLink', { page: 'pages/index/index', query: 'from=chat', pageTitle: 'Spring sale', permanent: true });
	expect(short.json).toMatchObject({ link: expect.stringMatching(/^#小程序:\/\//), expiresAt: null });
	expect(sim.linksCreated.map((l: { kind: string; body: unknown }) => [l.kind, l.body])).toEqual([
		['urlLink', { path: 'pages/product/detail', query: 'id=42&from=sms', env_version: 'release', expire_type: 1, expire_interval: 7 }],
		['urlScheme', { jump_wxa: { path: '', query: '', env_version: 'trial' }, is_expire: true, expire_type: 1, expire_interval: 30 }],
		['shortLink', { page_url: 'pages/index/index?from=chat', page_title: 'Spring sale', is_permanent: true }],
	]);
});

test('limits explained: the day\'s 500,000 links spent (85400), a page not released (40165)', async () => {
	sim.setGrowthLimits({ dailyLinkLimit: 1 });
	await link('createUrlLink', { page: '', query: '', envVersion: 'release', expireDays: 1 });
	await expect(link('createUrlScheme', { page: '', query: '', envVersion: 'release', expireDays: 1 })).rejects.toMatchObject({
		message: 'The Mini Program has reached its limit of links (creating the link of item 0)',
		description: expect.stringContaining('500,000 of them a day'),
	});
	sim.setGrowthLimits({ dailyLinkLimit: 500000 });
	sim.setPages(MP, ['pages/index/index']);
	try {
		await expect(link('createUrlLink', { page: 'pages/unreleased/page', query: '', envVersion: 'release', expireDays: 1 })).rejects.toThrow('The page path is not a page of the published Mini Program');
	} finally {
		sim.setPages(MP, null);
	}
});

test('codes as pictures: limited with its query, unlimited with its scene', async () => {
	const [limited] = await code('get', { page: 'pages/product/detail', query: 'id=42', width: 430, transparent: false, envVersion: 'release', binaryPropertyName: 'code' });
	expect(limited.json).toMatchObject({ path: 'pages/product/detail?id=42', mimeType: 'image/jpeg', fileName: 'wxacode-pages_product_detail_id_42.jpg' });
	expect(seedOf(Buffer.from(limited.binary!.code.data, 'base64'))).toBe(`${MP}|pages/product/detail?id=42`);
	const [unlimited] = await code('getUnlimited', { scene: 'id=42&c=spring', page: 'pages/product/detail', checkPath: true, width: 280, transparent: true, envVersion: 'release', binaryPropertyName: 'data' });
	expect(unlimited.json).toMatchObject({ scene: 'id=42&c=spring', page: 'pages/product/detail', mimeType: 'image/png' });
	expect(Buffer.from(unlimited.binary!.data.data, 'base64').subarray(1, 4).toString()).toBe('PNG');
	expect(sim.wxaCodes).toHaveLength(2);
	sim.setGrowthLimits({ limitedCodeCap: 1 });
	await expect(code('get', { page: '', query: '', width: 430, envVersion: 'release' })).rejects.toThrow('The Mini Program has created as many limited codes as WeChat allows (100,000)');
	sim.setGrowthLimits({ limitedCodeCap: 100000 });
});

test('bad input: the field is named, nothing is sent', async () => {
	const before = apiCalls();
	await expect(link('createUrlLink', { page: '/pages/index/index', query: '', envVersion: 'release', expireDays: 7 })).rejects.toThrow('Page "/pages/index/index" starts with "/"');
	await expect(link('createUrlLink', { page: 'pages/index/index?x=1', query: '', envVersion: 'release', expireDays: 7 })).rejects.toThrow('has a query');
	await expect(link('createUrlScheme', { page: '', query: '', envVersion: 'release', expireDays: 31 })).rejects.toThrow('Expire After (Days) 31 is out of range');
	await expect(link('createUrlLink', { page: '', query: 'a=b c', envVersion: 'release', expireDays: 7 })).rejects.toThrow('Query has characters WeChat does not take');
	await expect(link('createShortLink', { page: '', query: '', permanent: false })).rejects.toThrow('Page is empty');
	await expect(code('getUnlimited', { scene: '', page: '', width: 430, envVersion: 'release' })).rejects.toThrow('Scene is empty');
	await expect(code('getUnlimited', { scene: 'x'.repeat(33), page: '', width: 430, envVersion: 'release' })).rejects.toThrow('Scene is too long (33 characters)');
	await expect(code('getUnlimited', { scene: 'id=中文', page: '', width: 430, envVersion: 'release' })).rejects.toThrow('Scene has characters WeChat does not take');
	await expect(code('get', { page: '', query: '', width: 200, envVersion: 'release' })).rejects.toThrow('Width (Pixels) 200 is out of range');
	expect(apiCalls()).toEqual(before);
});
