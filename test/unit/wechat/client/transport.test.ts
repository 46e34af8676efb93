import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { WeChatUnreachableError } from '../../../../nodes/wechat/client/errcodes';
import { weChatApiRequest } from '../../../../nodes/wechat/client/transport';
import { CredentialStore, executeContext, type HttpLogEntry } from '../../../helpers/n8nContext';
import { failureOf } from '../../../helpers/failure';

const SECRET = 'oa-secret-value-0123456789abcdef';

type Script = (options: IHttpRequestOptions, call: number) => unknown;

/** A scripted WeChat: token endpoints hand out tok-1, tok-2, ...; API calls answer from `api`. */
function scriptedWeChat(api: Script) {
	let tokens = 0;
	let apiCalls = 0;
	const log: HttpLogEntry[] = [];
	const http = async (options: IHttpRequestOptions) => {
		if (options.url.endsWith('/cgi-bin/stable_token') || options.url.endsWith('/cgi-bin/token')) {
			tokens++;
			return { access_token: `tok-${tokens}-abcdefgh`, expires_in: 7200 };
		}
		const answer = api(options, ++apiCalls);
		if (answer instanceof Error) throw answer;
		return answer;
	};
	return { http, log, tokens: () => tokens, apiCalls: () => apiCalls };
}

function setup(api: Script, tokenSource = 'stable') {
	const wechat = scriptedWeChat(api);
	const store = new CredentialStore();
	store.set('weChatOfficialAccountApi', {
		appId: 'wxunit0000000001',
		appSecret: SECRET,
		tokenSource,
		baseUrl: 'http://wechat.test',
	});
	const ctx = executeContext({ store, parameters: {}, http: wechat.http, httpLog: wechat.log, retryDelaysMs: FAST_RETRIES });
	const request = (retrySafe = true, method: 'GET' | 'POST' = 'GET') =>
		weChatApiRequest.call(ctx, 'weChatOfficialAccountApi', { method, path: '/cgi-bin/user/get', retrySafe });
	return { wechat, store, ctx, request };
}


/** The transport's back-off waits in these tests: retries in milliseconds. */
const FAST_RETRIES = [1, 1, 1];

describe('token handling', () => {
	test('the first call fetches a token, stores it in the credential, and later calls reuse it', async () => {
		const { wechat, store, request } = setup(() => ({ total: 0 }));
		await request();
		await request();
		expect(wechat.tokens()).toBe(1);
		expect(store.data.weChatOfficialAccountApi.accessToken).toBe('tok-1-abcdefgh');
		expect(Number(store.data.weChatOfficialAccountApi.expiresAt)).toBeGreaterThan(Date.now() + 7000_000);
		expect(wechat.log.filter((e) => e.url.endsWith('/cgi-bin/user/get')).map((e) => e.qs.access_token)).toEqual([
			'tok-1-abcdefgh',
			'tok-1-abcdefgh',
		]);
	});

	test.each([40001, 40014, 42001])('errcode %i refreshes the token and retries exactly once', async (errcode) => {
		const { wechat, request } = setup((_o, call) => (call === 1 ? { errcode, errmsg: 'token bad' } : { total: 5 }));
		await expect(request()).resolves.toEqual({ total: 5 });
		expect(wechat.tokens()).toBe(2);
		expect(wechat.apiCalls()).toBe(2);
		const used = wechat.log.filter((e) => e.url.endsWith('/user/get')).map((e) => e.qs.access_token);
		expect(used).toEqual(['tok-1-abcdefgh', 'tok-2-abcdefgh']);
	});

	test('a token error that persists is retried twice (a normal refresh, then a replacing one), then reported', async () => {
		const { wechat, request } = setup(() => ({ errcode: 40001, errmsg: 'invalid credential' }));
		const error = await failureOf(request());
		expect(wechat.apiCalls()).toBe(3);
		expect(wechat.tokens()).toBe(3);
		expect(error.message).toMatch(/access token was rejected/);
		expect(error.context.errcode).toBe(40001);
	});

	/** WeChat's stable endpoint: the same token until forced; the API refuses the tokens in `refused`. */
	function stableWeChat(refuse: (token: string, call: number) => boolean, delayMs = 0) {
		const bodies: IDataObject[] = [];
		const store = new CredentialStore();
		store.set('weChatOfficialAccountApi', { appId: 'wxunit0000000002', appSecret: SECRET, tokenSource: 'stable', baseUrl: 'http://wechat.test' });
		let apiCalls = 0;
		let forced = 0;
		const ctx = executeContext({
			store,
			parameters: {},
			retryDelaysMs: FAST_RETRIES,
			http: async (o) => {
				if (o.url.endsWith('/stable_token')) {
					bodies.push(o.body as IDataObject);
					if ((o.body as IDataObject).force_refresh) forced++;
					return { access_token: forced ? `forced-token-${forced}` : 'old-token-1', expires_in: 7200 };
				}
				const call = ++apiCalls;
				const token = String(o.qs?.access_token);
				if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs * (call % 7)));
				return refuse(token, call) ? { errcode: 42001, errmsg: 'access_token expired' } : { ok: token };
			},
		});
		const request = () => weChatApiRequest.call(ctx, 'weChatOfficialAccountApi', { method: 'GET', path: '/x', retrySafe: true });
		return { request, bodies, apiCalls: () => apiCalls };
	}

	test('a token WeChat hands back after one refusal is used again: one normal fetch, no force', async () => {
		const wechat = stableWeChat((_token, call) => call === 1);
		await expect(wechat.request()).resolves.toEqual({ ok: 'old-token-1' });
		expect(wechat.bodies.map((b) => b.force_refresh)).toEqual([false, false]);
	});

	test('a token refused, handed back and refused again for the same request is force-refreshed', async () => {
		const wechat = stableWeChat((token) => token === 'old-token-1');
		await expect(wechat.request()).resolves.toEqual({ ok: 'forced-token-1' });
		expect(wechat.bodies.map((b) => b.force_refresh)).toEqual([false, false, false, true]);
		expect(wechat.apiCalls()).toBe(3);
	});

	test('a single token error right after a forced refresh costs one round trip, not the 30 s force cooldown', async () => {
		// Calls 1-2: refused twice (-> forced); call 4: one refusal of the forced token.
		const wechat = stableWeChat((_token, call) => call <= 2 || call === 4);
		await wechat.request();
		const started = Date.now();
		await expect(wechat.request()).resolves.toEqual({ ok: 'forced-token-1' });
		expect(Date.now() - started).toBeLessThan(1000);
		expect(wechat.bodies.map((b) => b.force_refresh)).toEqual([false, false, false, true, false]);
	}, 10_000);

	test('20 requests in flight refused at once: one normal fetch between them, each retried once, no force', async () => {
		const wechat = stableWeChat((_token, call) => call >= 2 && call <= 21, 2);
		await wechat.request();
		const results = await Promise.all(Array.from({ length: 20 }, () => wechat.request()));
		expect(results).toEqual(Array(20).fill({ ok: 'old-token-1' }));
		expect(wechat.bodies.map((b) => b.force_refresh)).toEqual([false, false]);
		expect(wechat.apiCalls()).toBe(41);
	});

	test('48001 is not a token problem: no refresh, no retry', async () => {
		const { wechat, request } = setup(() => ({ errcode: 48001, errmsg: 'api unauthorized' }));
		const error = await failureOf(request());
		expect(wechat.tokens()).toBe(1);
		expect(wechat.apiCalls()).toBe(1);
		expect(error.message).toMatch(/not authorized/);
		expect(error.description).toMatch(/not a token problem/);
	});

	test('concurrent calls with no token share one fetch', async () => {
		const { wechat, request } = setup(() => ({ total: 1 }));
		await Promise.all(Array.from({ length: 25 }, () => request()));
		expect(wechat.tokens()).toBe(1);
	});

	test('concurrent calls that all hit 40001 refresh once between them', async () => {
		const { wechat, request } = setup((o) => (o.qs?.access_token === 'tok-1-abcdefgh' ? { errcode: 40001, errmsg: 'x' } : { ok: 1 }));
		await request().catch(() => undefined); // warm: tok-1 rejected, tok-2 fetched
		const before = wechat.tokens();
		await Promise.all(Array.from({ length: 10 }, () => request()));
		expect(wechat.tokens()).toBe(before);
	});
});

describe('back-off and replays', () => {
	test('-1 is backed off and retried for reads', async () => {
		const { wechat, request } = setup((_o, call) => (call < 3 ? { errcode: -1, errmsg: 'system error' } : { total: 9 }));
		await expect(request()).resolves.toEqual({ total: 9 });
		expect(wechat.apiCalls()).toBe(3);
	});

	test('-1 gives up after the retry budget', async () => {
		const { wechat, request } = setup(() => ({ errcode: -1, errmsg: 'system error' }));
		const error = await failureOf(request());
		expect(wechat.apiCalls()).toBe(1 + FAST_RETRIES.length);
		expect(error.message).toMatch(/busy/);
	});

	test('-1 on a write that is not deduplicated is not replayed', async () => {
		const { wechat, request } = setup(() => ({ errcode: -1, errmsg: 'system error' }));
		await failureOf(request(false, 'POST'));
		expect(wechat.apiCalls()).toBe(1);
	});

	test('45011 is retried even for writes: WeChat did not act on the call', async () => {
		const { wechat, request } = setup((_o, call) => (call === 1 ? { errcode: 45011, errmsg: 'freq limit' } : { msgid: 1 }));
		await expect(request(false, 'POST')).resolves.toEqual({ msgid: 1 });
		expect(wechat.apiCalls()).toBe(2);
	});

	test('a network error is retried for retry-safe requests', async () => {
		const { wechat, request } = setup((_o, call) => (call === 1 ? Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) : { ok: 1 }));
		await expect(request(true, 'POST')).resolves.toEqual({ ok: 1 });
		expect(wechat.apiCalls()).toBe(2);
	});

	test('a network error on a write without dedup key is reported, never replayed', async () => {
		const { wechat, request } = setup(() => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
		const error = await failureOf(request(false, 'POST'));
		expect(wechat.apiCalls()).toBe(1);
		expect(error.description).toMatch(/not sent again/);
	});
});

describe('redaction', () => {
	test('no error text contains the secret or a token', async () => {
		const leaks: string[] = [];
		const scenarios: Script[] = [
			() => ({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' }),
			() => Object.assign(new Error(`connect ECONNREFUSED http://wechat.test/cgi-bin/user/get?access_token=tok-1-abcdefgh&secret=${SECRET}`), { code: 'ECONNREFUSED' }),
			() => ({ errcode: 40164, errmsg: `invalid ip 1.2.3.4, not in whitelist; access_token=tok-1-abcdefgh` }),
			() => ({ errcode: 99999, errmsg: `weird tok-1-abcdefgh ${SECRET}` }),
		];
		for (const scenario of scenarios) {
					const { request } = setup(scenario);
			const error = await failureOf(request(false, 'POST'));
			const text = JSON.stringify({ m: error.message, d: error.description, c: error.context, s: String(error) });
			for (const secret of [SECRET, 'tok-1-abcdefgh', 'tok-2-abcdefgh']) if (text.includes(secret)) leaks.push(`${secret} in ${text}`);
			expect(error.message.length).toBeGreaterThan(5);
		}
		expect(leaks).toEqual([]);
	});

	test('a bad secret explains itself without echoing the secret', async () => {
		const store = new CredentialStore();
		store.set('weChatOfficialAccountApi', { appId: 'wxunit0000000003', appSecret: SECRET, tokenSource: 'classic', baseUrl: 'http://wechat.test' });
		const ctx = executeContext({
			store,
			parameters: {},
			retryDelaysMs: FAST_RETRIES,
			http: async () => ({ errcode: 40125, errmsg: `invalid appsecret, view more at http://t.cn/x?secret=${SECRET}` }),
		});
		const error = await failureOf(weChatApiRequest.call(ctx, 'weChatOfficialAccountApi', { method: 'GET', path: '/x', retrySafe: true }));
		expect(error.message).toMatch(/AppSecret is not valid/);
		expect(JSON.stringify([error.message, error.description, error.context])).not.toContain(SECRET);
	});
});

describe('an address that is not WeChat (issue #18, defect 2)', () => {
	/** n8n's httpRequest throws axios' error (response.status); the test context's carries httpCode. */
	const httpError = (status: number) => Object.assign(new Error(`Request failed with status code ${status}`), { response: { status } });

	function withHttp(http: (o: IHttpRequestOptions) => unknown, tokenSource = 'stable') {
		const store = new CredentialStore();
		store.set('weChatOfficialAccountApi', {
			appId: 'wxunit0000000009',
			appSecret: SECRET,
			tokenSource,
			externalTokenUrl: `http://tokens.test/token?key=${SECRET}`,
			baseUrl: 'http://wechat.test',
		});
		const ctx = executeContext({ store, parameters: {}, retryDelaysMs: FAST_RETRIES, http: async (o) => http(o) });
		return failureOf(weChatApiRequest.call(ctx, 'weChatOfficialAccountApi', { method: 'POST', path: '/cgi-bin/message/template/send', retrySafe: true }));
	}

	test.each([
		['a token endpoint answering HTTP 404', () => Promise.reject(httpError(404))],
		['a token endpoint answering an HTML page', () => '<html><body>Welcome to nginx</body></html>'],
		['a token endpoint answering nothing', () => ''],
	])('%s: a configuration error naming API Base URL and the fix, not an unreachable WeChat', async (_name, answer) => {
		const error = await withHttp(answer);
		expect(error).not.toBeInstanceOf(WeChatUnreachableError);
		expect(error.message).toMatch(/API Base URL does not lead to WeChat's API/);
		expect(error.description).toMatch(/https:\/\/api\.weixin\.qq\.com/);
		expect(JSON.stringify([error.message, error.description])).not.toContain(SECRET);
	});

	test('the API answering HTTP 404 (the token works): a configuration error, not retried', async () => {
		let apiCalls = 0;
		const error = await withHttp((o) => {
			if (o.url.endsWith('/stable_token')) return { access_token: 'tok-404-abcdefgh', expires_in: 7200 };
			apiCalls++;
			return Promise.reject(Object.assign(new Error('Request failed with status code 404'), { httpCode: '404' }));
		});
		expect(error).not.toBeInstanceOf(WeChatUnreachableError);
		expect(error.message).toMatch(/API Base URL .*POST \/cgi-bin\/message\/template\/send with HTTP 404/);
		expect(apiCalls).toBe(1);
	});

	test('a token server answering HTTP 404 names the Token Server URL, without showing it', async () => {
		const error = await withHttp(() => Promise.reject(httpError(404)), 'external');
		expect(error.message).toMatch(/Token Server URL/);
		expect(JSON.stringify([error.message, error.description])).not.toContain(SECRET);
	});

	test.each([502, 503, 429])('HTTP %i is trouble that passes: WeChat unreachable, a per-item outcome', async (status) => {
		const error = await withHttp(() => Promise.reject(httpError(status)));
		expect(error).toBeInstanceOf(WeChatUnreachableError);
	});
});

describe('a token server told which token WeChat refused (?rejected=, the protocol of tokenServer.ts and the Platform Trigger)', () => {
	/**
	 * A token server caching one token, and WeChat taking only its newest. `honours`: asked with its cached token
	 * as rejected, the server fetches the newest; otherwise it keeps handing out its cache.
	 */
	function tokenServer(tokenSource: 'external' | 'platform', honours = true) {
		let issued = 1;
		let valid = 'server-token-1-abcdefgh';
		let serving = valid;
		const asked: URL[] = [];
		let apiCalls = 0;
		const store = new CredentialStore();
		const url = 'http://tokens.test/token?key=k1';
		store.set('weChatOfficialAccountApi', { appId: 'wxunit0000000010', tokenSource, externalTokenUrl: url, platformTokenUrl: url, baseUrl: 'http://wechat.test' });
		const http = async (o: IHttpRequestOptions) => {
			if (o.url.startsWith('http://tokens.test/')) {
				const at = new URL(o.url);
				asked.push(at);
				if (honours && at.searchParams.get('rejected') === serving) serving = valid;
				return { access_token: serving, expires_in: 7200 };
			}
			apiCalls++;
			return o.qs?.access_token === valid ? { ok: valid } : { errcode: 40001, errmsg: 'invalid credential' };
		};
		const authentication = tokenSource === 'platform' ? 'platformAuthorizer' : 'appCredential';
		const parameters = (name: string) => (name === 'authentication' ? authentication : name === 'authorizerAppId' ? 'wxunit0000000010' : undefined);
		const request = () => weChatApiRequest.call(executeContext({ store, parameters, http, retryDelaysMs: FAST_RETRIES }), 'weChatOfficialAccountApi', { method: 'GET', path: '/x', retrySafe: true });
		/** WeChat replaces the token behind the server's back (another system, an early expiry). */
		const replaced = () => {
			valid = `server-token-${++issued}-abcdefgh`;
		};
		return { request, asked, replaced, apiCalls: () => apiCalls };
	}

	test.each(['external', 'platform'] as const)('%s: the refused token is presented once; the new one works (one extra round trip)', async (source) => {
		const server = tokenServer(source);
		await expect(server.request()).resolves.toEqual({ ok: 'server-token-1-abcdefgh' });
		server.replaced();
		await expect(server.request()).resolves.toEqual({ ok: 'server-token-2-abcdefgh' });
		expect(server.asked.map((u) => u.searchParams.get('rejected'))).toEqual([null, 'server-token-1-abcdefgh']);
		expect(server.asked.every((u) => u.searchParams.get('key') === 'k1')).toBe(true);
		if (source === 'platform') expect(server.asked.map((u) => u.searchParams.get('authorizer_appid'))).toEqual(['wxunit0000000010', 'wxunit0000000010']);
		expect(server.apiCalls()).toBe(3);
	});

	test('a token server that ignores rejected: refused twice, then the error says what the server must do, without the token', async () => {
		const server = tokenServer('external', false);
		await server.request();
		server.replaced();
		const error = await failureOf(server.request());
		expect(error.message).toMatch(/refused twice in a row/);
		expect(error.description).toMatch(/\?rejected=<the refused token>/);
		expect(server.asked.map((u) => u.searchParams.get('rejected'))).toEqual([null, 'server-token-1-abcdefgh', 'server-token-1-abcdefgh']);
		expect(JSON.stringify([error.message, error.description])).not.toContain('server-token');
	});
});
