/**
 * Quota (Get API Quota, Clear Quota) and Access Token (the central token server) on both app nodes, against
 * the simulator over real HTTP: counts from the simulator, errcodes explained, bad input refused before any
 * call, one token fetch for 20 callers at once, a refresh only for the current token.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { WeChatMiniProgram } from '../../../../nodes/WeChatMiniProgram/WeChatMiniProgram.node';
import { WeChatOfficialAccount } from '../../../../nodes/WeChatOfficialAccount/WeChatOfficialAccount.node';
import { redactText } from '../../../../nodes/wechat/codec/redact';
import { withAction } from '../../../helpers/appNodes';
import { executeContext, simulatorStore } from '../../../helpers/n8nContext';
import type { CredentialStore } from '../../../helpers/n8nContext';
import { FAST_RETRIES, useSimulator } from '../../../helpers/simulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEFAULT_APPS } = require('../../../../tools/simulator');

const sim = useSimulator({ followers: 10 });
const OA = DEFAULT_APPS.oa.appId;
const MP = DEFAULT_APPS.mp.appId;

type App = 'oa' | 'mp';
async function run(
	app: App,
	resource: string,
	operation: string,
	parameters: Record<string, unknown>,
	options: { items?: IDataObject[]; store?: CredentialStore } = {},
): Promise<INodeExecutionData[]> {
	const store = options.store ?? simulatorStore(sim, { oa: DEFAULT_APPS.oa, mp: DEFAULT_APPS.mp });
	const ctx = executeContext({ store, items: options.items ?? [{}], parameters, retryDelaysMs: FAST_RETRIES });
	const Node = app === 'oa' ? WeChatOfficialAccount : WeChatMiniProgram;
	const [output] = await new Node().execute.call(withAction(ctx as IExecuteFunctions, resource, operation));
	return output;
}
const forcedRefreshes = (appId: string) => sim.apps.get(appId).force.count as number;

describe('Quota', () => {
	test('Get API Quota reads daily limit, used and remain of a path; both app nodes', async () => {
		await run('oa', 'qrCode', 'create', { codeType: 'temporary', sceneType: 'number', sceneNumber: 7, downloadImage: false });
		const [quota] = await run('oa', 'quota', 'get', { apiPath: '/cgi-bin/qrcode/create' });
		expect(quota.json).toEqual({ apiPath: '/cgi-bin/qrcode/create', dailyLimit: 100000, used: 1, remain: 99999 });
		const [mp] = await run('mp', 'quota', 'get', { apiPath: ' /cgi-bin/message/custom/send ' });
		expect(mp.json).toMatchObject({ apiPath: '/cgi-bin/message/custom/send', dailyLimit: 500000, used: 0 });
	});

	test('WeChat\'s answers explained: 76021 unknown path, 76022 /sns/ path', async () => {
		await expect(run('oa', 'quota', 'get', { apiPath: '/cgi-bin/no/such/api' })).rejects.toThrow('WeChat does not know this API path');
		await expect(run('mp', 'quota', 'get', { apiPath: '/sns/jscode2session' })).rejects.toThrow('This account cannot query the quota of this API path');
	});

	test('bad API Path: named, nothing sent', async () => {
		const before = { ...sim.calls };
		await expect(run('oa', 'quota', 'get', { apiPath: '' })).rejects.toThrow('API Path is empty');
		await expect(run('oa', 'quota', 'get', { apiPath: 'https://api.weixin.qq.com/cgi-bin/message/custom/send' })).rejects.toMatchObject({
			message: 'API Path "https://api.weixin.qq.com/cgi-bin/message/custom/send" is not a WeChat API path',
			description: expect.stringContaining('Leave out the host'),
		});
		await expect(run('mp', 'quota', 'get', { apiPath: '/cgi-bin/x?y=1' })).rejects.toThrow('is not a WeChat API path');
		expect(sim.calls).toEqual(before);
	});

	test('Clear Quota: once per run whatever the items; the 11th clear of the month is 48006, explained', async () => {
		await run('oa', 'qrCode', 'create', { codeType: 'temporary', sceneType: 'number', sceneNumber: 8, downloadImage: false });
		const out = await run('oa', 'quota', 'clear', {}, { items: [{}, {}, {}] });
		expect(out).toHaveLength(3);
		expect(out.map((o) => o.json)).toEqual(Array(3).fill(expect.objectContaining({ appId: OA, cleared: true })));
		expect(sim.calls['/cgi-bin/clear_quota']).toBe(1);
		expect(sim.quotaClears(OA)).toBe(1);
		expect((await run('oa', 'quota', 'get', { apiPath: '/cgi-bin/qrcode/create' }))[0].json.used).toBe(0);
		for (let k = 2; k <= 10; k++) await run('oa', 'quota', 'clear', {});
		await expect(run('oa', 'quota', 'clear', {})).rejects.toMatchObject({
			message: 'The account has cleared its quota as often as WeChat allows this month (clearing the quota)',
			description: expect.stringContaining('WeChat allows 10 clears per account per month'),
		});
		// The Mini Program's own count is separate.
		await run('mp', 'quota', 'clear', {});
		expect(sim.quotaClears(MP)).toBe(1);
	});
});

describe('Access Token (central token server)', () => {
	test('the current token and its expiry; 20 callers at once cause one fetch; the output is not redacted', async () => {
		const store = simulatorStore(sim, { oa: DEFAULT_APPS.oa });
		const fetchesBefore = sim.tokenFetches();
		const outputs = await Promise.all(Array.from({ length: 20 }, async () => await run('oa', 'accessToken', 'get', {}, { store })));
		expect(sim.tokenFetches() - fetchesBefore).toBe(1);
		// Fetched through n8n's path: one call, the token stored once in the credential store for every worker.
		expect(sim.calls['/cgi-bin/get_api_domain_ip']).toBe(1);
		expect(store.writes).toBe(1);
		const token = sim.currentStableToken(OA);
		expect(store.data.weChatOfficialAccountApi.accessToken).toBe(token);
		for (const [o] of outputs) {
			expect(o.json).toEqual({ accessToken: token, expiresIn: expect.any(Number), expiresAt: expect.any(String), refreshed: false });
			expect(o.json.expiresIn).toBeGreaterThan(7100);
		}
		// The token is a registered secret (redact.ts scrubs it from every error and log text) ...
		expect(redactText(`failed with ${token}`)).toBe('failed with ***');
		// ... and this one output still carries it as is.
		expect(outputs[0][0].json.accessToken).toMatch(/^90_/);
		// The Mini Program node hands out the Mini Program's token.
		const [mp] = await run('mp', 'accessToken', 'get', {}, { store: simulatorStore(sim, { mp: DEFAULT_APPS.mp }) });
		expect(mp.json.accessToken).toBe(sim.currentStableToken(MP));
	});

	test('refresh if rejected: an older token gets the current one (no fetch); the current one is replaced once for 20 callers', async () => {
		const store = simulatorStore(sim, { oa: DEFAULT_APPS.oa });
		const [first] = await run('oa', 'accessToken', 'get', {}, { store });
		const current = String(first.json.accessToken);
		const fetches = sim.tokenFetches();
		const [stale] = await run('oa', 'accessToken', 'get', { rejectedToken: '90_an-older-token-someone-kept' }, { store });
		expect(stale.json).toMatchObject({ accessToken: current, refreshed: false });
		expect(sim.tokenFetches()).toBe(fetches);

		const forced = forcedRefreshes(OA);
		const outputs = await Promise.all(Array.from({ length: 20 }, async () => await run('oa', 'accessToken', 'get', { rejectedToken: current }, { store })));
		const fresh = sim.currentStableToken(OA);
		expect(fresh).not.toBe(current);
		expect(forcedRefreshes(OA) - forced).toBe(1);
		expect(new Set(outputs.map(([o]) => o.json.accessToken))).toEqual(new Set([fresh]));
		expect(outputs.filter(([o]) => o.json.refreshed === true).length).toBeGreaterThanOrEqual(1);
		// Presenting the replaced token again returns the new one without asking WeChat.
		const after = sim.tokenFetches();
		const [late] = await run('oa', 'accessToken', 'get', { rejectedToken: current }, { store });
		expect(late.json).toMatchObject({ accessToken: fresh, refreshed: false });
		expect(sim.tokenFetches()).toBe(after);
	});

	test('a wrong AppSecret: the error says so and carries no secret', async () => {
		const store = simulatorStore(sim, { oa: { ...DEFAULT_APPS.oa, secret: 'wrong-secret-value-123456' } });
		const error = await run('oa', 'accessToken', 'get', {}, { store }).catch((e: Error & { description?: string }) => e);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toMatch(/AppSecret/);
		expect(JSON.stringify({ m: (error as Error).message, d: (error as { description?: string }).description })).not.toContain('wrong-secret-value-123456');
	});
});
