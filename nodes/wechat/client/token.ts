/**
 * Where access tokens come from.
 *
 * n8n stores the token in the credential (hidden, expirable `accessToken` + `expiresAt`) after the
 * credential's preAuthentication runs, so every queue-mode worker reads the same token from the database.
 * This module is what preAuthentication calls. It adds what n8n does not do for WeChat:
 * - one token fetch per app in flight per process, shared by every item and execution (singleFlight);
 * - the recipe after 40001/40014/42001: ask in normal mode (the stable endpoint gives every caller the same
 *   token); a token WeChat hands back is used again (one extra round trip, however many requests were in
 *   flight); only a second refusal of it for the same request forces a new one (stable: force_refresh, which
 *   WeChat allows once per 30 s);
 * - an in-process copy, so a token refreshed by one execution is used at once by the others;
 * - a token server (External, Third-Party Platform) is told which token WeChat refused (`rejected=`: the protocol
 *   of tokenServer.ts and the Platform Trigger): it replaces that token only if it is still its current one.
 */
import { createHash } from 'crypto';
import { sleep } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestHelper, IHttpRequestOptions } from 'n8n-workflow';

import { httpStatusOf, isWrongAddressStatus, withQuery, wrongAddress } from './address';
import type { AddressField } from './address';
import { describeErrcode } from './errcodes';
import { redactText, registerSecret } from '../codec/redact';

/** 'platform': an account authorized to a third-party platform, its AppID set on the node (authorizedAccount.ts). */
export type TokenSource = 'stable' | 'classic' | 'external' | 'platform';

export interface AppCredentials {
	appId: string;
	appSecret: string;
	tokenSource: TokenSource;
	externalTokenUrl: string;
	baseUrl: string;
	accessToken: string;
	expiresAt: number;
}

/** Refresh this long before WeChat's expiry, so a token never dies between check and use. */
export const REFRESH_MARGIN_MS = 300_000;
/** WeChat allows a forced stable-token refresh once per 30 s. */
export const FORCE_REFRESH_COOLDOWN_MS = 30_000;
export const DEFAULT_BASE_URL = 'https://api.weixin.qq.com';

type HttpRequest = IHttpRequestHelper['helpers']['httpRequest'];

export interface AppTokenState {
	token: string;
	expiresAt: number;
	/** Tokens WeChat answered 40001/40014/42001 for: used again only if a fetch hands them back. */
	rejected: Set<string>;
	/** Tokens refused twice in a row for one request: only a new token replaces them (stable: a forced refresh). */
	dead: Set<string>;
	/** A rejected token a fetch handed back, and when: refusals of requests sent before that are old news. */
	confirmed?: { token: string; at: number };
	lastForcedAt: number;
	/** This process's token fetch in flight, shared by every request that needs it. */
	fetching?: Promise<{ token: string; expiresAt: number }>;
}

/** Token state per app (see stateKey), for one process: an n8n main or worker. */
export type TokenStates = Map<string, AppTokenState>;

/** This process's token states: what every execution of n8n's uses. */
const processTokenStates: TokenStates = new Map();

/**
 * The token states a context works with: the process's, unless the context brings its own. The credential's
 * preAuthentication and the transport both ask, so a test context (tools/n8n-context) that carries
 * `weChatTokenStates` is a process of its own: no module state to reset between tests.
 */
export function tokenStatesOf(context: object): TokenStates {
	return (context as { weChatTokenStates?: TokenStates }).weChatTokenStates ?? processTokenStates;
}

/** An error while fetching a token: its message is safe to show (no secret, no URL). */
export class TokenFetchError extends Error {
	constructor(
		message: string,
		readonly errcode?: number,
		readonly errmsg?: string,
		/** True when the token endpoint could not be reached at all (not an answer WeChat gave). */
		readonly unreachable = false,
		/** What to do about it, when the message alone does not say (a wrong address: which field, the fix). */
		readonly hint?: string,
	) {
		super(message);
		this.name = 'TokenFetchError';
	}
}

export function readAppCredentials(data: ICredentialDataDecryptedObject): AppCredentials {
	const baseUrl = String(data.baseUrl || DEFAULT_BASE_URL).trim().replace(/\/+$/, '');
	return {
		appId: String(data.appId ?? '').trim(),
		appSecret: String(data.appSecret ?? '').trim(),
		tokenSource: (data.tokenSource as TokenSource) || 'stable',
		externalTokenUrl: String((data.tokenSource === 'platform' ? data.platformTokenUrl : data.externalTokenUrl) ?? '').trim(),
		baseUrl,
		accessToken: String(data.accessToken ?? ''),
		expiresAt: Number(data.expiresAt ?? 0) || 0,
	};
}

/** Which app a cached value (token, ticket, template list) belongs to: the API base URL and the AppID. */
export function appKey(app: AppCredentials): string {
	return `${app.baseUrl}|${app.appId}`;
}

function stateKey(c: AppCredentials): string {
	// The secret's hash is part of the key: fixing a wrong secret must not reuse anything cached for it.
	const secretHash = createHash('sha256').update(c.appSecret).digest('hex').slice(0, 16);
	return [appKey(c), c.tokenSource, c.externalTokenUrl, secretHash].join('|');
}

function stateOf(states: TokenStates, c: AppCredentials): AppTokenState {
	const key = stateKey(c);
	let state = states.get(key);
	if (!state) {
		state = { token: '', expiresAt: 0, rejected: new Set(), dead: new Set(), lastForcedAt: 0 };
		states.set(key, state);
	}
	return state;
}

/** This process's token state for an app (what classicToken.ts coordinates on). */
export const tokenStateOf = stateOf;

function isUsable(state: AppTokenState, token: string, expiresAt: number): boolean {
	return token !== '' && !state.rejected.has(token) && expiresAt - Date.now() > REFRESH_MARGIN_MS;
}

/**
 * The token to use now without asking WeChat: the fresher of this process's copy and the one stored in
 * the credential (another worker may have refreshed it). '' means a fetch is needed.
 */
export function usableToken(states: TokenStates, c: AppCredentials): string {
	const state = stateOf(states, c);
	if (isUsable(state, state.token, state.expiresAt)) return state.token;
	if (isUsable(state, c.accessToken, c.expiresAt)) {
		state.token = c.accessToken;
		state.expiresAt = c.expiresAt;
		registerSecret(c.accessToken);
		return c.accessToken;
	}
	return '';
}

function remember(set: Set<string>, token: string): void {
	set.add(token);
	if (set.size > 20) {
		const oldest = set.values().next().value;
		if (oldest !== undefined) set.delete(oldest);
	}
}

/**
 * WeChat answered a token errcode for `token`, on a request sent at `sentAt`. The first refusal for a request
 * makes the next fetch ask WeChat (normal mode); a refusal of a request sent before WeChat handed the token
 * back is old news and changes nothing; a second refusal in a row (`again`) retires the token for good.
 */
export function rejectToken(states: TokenStates, c: AppCredentials, token: string, sentAt: number, again: boolean): void {
	const state = stateOf(states, c);
	if (again) remember(state.dead, token);
	else if (state.confirmed?.token === token && state.confirmed.at >= sentAt) return;
	remember(state.rejected, token);
}

/**
 * preAuthentication's body: returns the fields n8n merges into the stored credential.
 * A usable in-process token is returned without a call (n8n asks whenever the stored token is blank).
 */
export async function fetchAccessToken(
	httpRequest: HttpRequest,
	data: ICredentialDataDecryptedObject,
	states: TokenStates,
): Promise<IDataObject> {
	const c = readAppCredentials(data);
	const state = stateOf(states, c);
	registerSecret(c.appSecret);
	if (isUsable(state, state.token, state.expiresAt)) {
		return { accessToken: state.token, expiresAt: state.expiresAt };
	}
	// One fetch per app in flight in this process (a process of its own per test context's token states).
	state.fetching ??= newToken(httpRequest, c, state).finally(() => {
		state.fetching = undefined;
	});
	const fetched = await state.fetching;
	return { accessToken: fetched.token, expiresAt: fetched.expiresAt };
}

async function newToken(httpRequest: HttpRequest, c: AppCredentials, state: AppTokenState): Promise<{ token: string; expiresAt: number }> {
	// The token this process saw refused (a token server told so hands out another one, fetched once for all callers).
	let result = await requestToken(httpRequest, c, false, state.rejected.has(state.token) ? state.token : '');
	if (state.dead.has(result.token)) {
		if (c.tokenSource !== 'stable') {
			throw new TokenFetchError(
				'The token server hands out an access token WeChat has refused twice in a row (errcode 40001/40014/42001).',
				undefined,
				undefined,
				false,
				'Make the token server fetch a new token for this AppID when asked with ?rejected=<the refused token>, and check that no other system fetches tokens for it with the classic endpoint.',
			);
		}
		// WeChat still hands out the token it refused twice: only a forced refresh replaces it. WeChat allows one
		// per 30 s; the wait happens only if the token forced less than 30 s ago was refused twice too.
		const wait = state.lastForcedAt + FORCE_REFRESH_COOLDOWN_MS - Date.now();
		if (wait > 0) await sleep(wait);
		state.lastForcedAt = Date.now();
		result = await requestToken(httpRequest, c, true);
	} else if (state.rejected.has(result.token)) {
		// WeChat hands back a token it refused once: it stands by it, so it is tried again.
		state.rejected.delete(result.token);
		state.confirmed = { token: result.token, at: Date.now() };
	}
	state.token = result.token;
	state.expiresAt = result.expiresAt;
	return result;
}

async function requestToken(
	httpRequest: HttpRequest,
	c: AppCredentials,
	forceRefresh: boolean,
	refused = '',
): Promise<{ token: string; expiresAt: number }> {
	const external = c.tokenSource === 'external' || c.tokenSource === 'platform';
	if (!external) {
		if (!c.appId) throw new TokenFetchError('The credential has no AppID: copy it from the WeChat console (Official Account: Settings and Development > Basic Configuration; Mini Program: Development > Development Management > Development Settings).');
		if (!c.appSecret) throw new TokenFetchError('The credential has no AppSecret: copy it from the WeChat console (Official Account: Settings and Development > Basic Configuration; Mini Program: Development > Development Management > Development Settings).');
		if (!/^https?:\/\//i.test(c.baseUrl)) throw new TokenFetchError('The credential\'s API Base URL must start with https:// (for example https://api.weixin.qq.com) or http:// (a proxy).');
	} else if (!/^https?:\/\//i.test(c.externalTokenUrl)) {
		throw new TokenFetchError(`The credential's ${c.tokenSource === 'platform' ? 'Platform' : 'Token Server'} URL must start with http:// or https://.`);
	}
	// The platform's token URL serves every authorizer: the request names the one (the node's Authorizer AppID).
	let tokenUrl = c.tokenSource === 'platform' ? withQuery(c.externalTokenUrl, 'authorizer_appid', c.appId) : c.externalTokenUrl;
	if (refused) tokenUrl = withQuery(tokenUrl, 'rejected', refused);
	const options: IHttpRequestOptions =
		c.tokenSource === 'stable'
			? {
					method: 'POST',
					url: `${c.baseUrl}/cgi-bin/stable_token`,
					body: { grant_type: 'client_credential', appid: c.appId, secret: c.appSecret, force_refresh: forceRefresh },
					json: true,
				}
			: c.tokenSource === 'classic'
				? {
						method: 'GET',
						url: `${c.baseUrl}/cgi-bin/token`,
						qs: { grant_type: 'client_credential', appid: c.appId, secret: c.appSecret },
						json: true,
					}
				: { method: 'GET', url: tokenUrl, json: true };

	const started = Date.now();
	let body: IDataObject | undefined;
	let failure = '';
	let failed: unknown;
	try {
		body = (await httpRequest(options)) as IDataObject;
	} catch (error) {
		// The request's URL and body hold the secret: keep only a redacted reason.
		failed = error;
		failure = redactText(error instanceof Error ? error.message : String(error));
	}
	const where = external ? 'the token server' : 'WeChat';
	const field: AddressField = external ? 'Token Server URL' : 'API Base URL';
	const asked = external ? 'answered the request for an access token' : `answered ${options.method} ${c.tokenSource === 'stable' ? '/cgi-bin/stable_token' : '/cgi-bin/token'}`;
	if (failure) {
		const status = httpStatusOf(failed);
		if (isWrongAddressStatus(status)) {
			const { message, description } = wrongAddress(field, `${asked} with HTTP ${status}.`);
			throw new TokenFetchError(message, undefined, undefined, false, description);
		}
		throw new TokenFetchError(`Could not reach ${where} to get an access token: ${failure}`, undefined, undefined, true);
	}
	if (typeof body === 'string') {
		try {
			body = JSON.parse(body) as IDataObject;
		} catch {
			body = undefined;
		}
	}
	if (!body || typeof body !== 'object') {
		const { message, description } = wrongAddress(field, `${asked} with something that is not JSON (an HTML page or nothing).`);
		throw new TokenFetchError(message, undefined, undefined, false, description);
	}
	const errcode = Number(body.errcode ?? 0);
	if (errcode !== 0) {
		const errmsg = String(body.errmsg ?? '');
		throw new TokenFetchError(`Could not get an access token: ${describeErrcode(errcode, errmsg)}`, errcode, redactText(errmsg));
	}
	const token = String(body.access_token ?? body.accessToken ?? '');
	if (!token) {
		throw new TokenFetchError(`${where === 'WeChat' ? 'WeChat' : 'The token server'} answered without an access_token; expected {"access_token": "...", "expires_in": 7200}.`);
	}
	registerSecret(token);
	const expiresIn = Number(body.expires_in ?? body.expiresIn ?? 7200) || 7200;
	return { token, expiresAt: started + expiresIn * 1000 };
}
