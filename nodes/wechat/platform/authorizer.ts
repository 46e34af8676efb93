/**
 * Authorizer access tokens (an authorized account's token, got with the platform's component token): one fetch
 * per authorizer in flight per process, an in-process copy until 5 minutes before expiry. The refresh token
 * comes from the caller, from this process's memory of a code exchange, or from api_get_authorizer_info (which
 * returns it: nothing to store for the user). `unauthorized` and `updateauthorized` events forget the copy.
 * "This token was rejected" (the token URL's `rejected`, the protocol of client/tokenServer.ts): a caller whose
 * token WeChat refused presents it; only while it is still the current one is it retired and a new one fetched
 * (callers presenting it meanwhile share that one fetch); a caller presenting an older token gets the current one.
 */
import type { IDataObject } from 'n8n-workflow';

import { registerSecret } from '../codec/redact';
import { platformCredentialsOf, platformRequest } from './request';
import type { PlatformContext } from './request';

const REFRESH_MARGIN_MS = 300_000;

interface AuthorizerState {
	token: string;
	expiresAt: number;
	refreshToken: string;
	fetching?: Promise<AuthorizerToken>;
}

export interface AuthorizerToken {
	accessToken: string;
	expiresAt: number;
}

const authorizers = new Map<string, AuthorizerState>();

function keyOf(baseUrl: string, componentAppId: string, authorizerAppId: string): string {
	return `${baseUrl}|${componentAppId}|${authorizerAppId}`;
}

async function stateFor(context: PlatformContext, authorizerAppId: string): Promise<AuthorizerState> {
	const c = await platformCredentialsOf(context);
	const key = keyOf(c.baseUrl, c.componentAppId, authorizerAppId);
	let state = authorizers.get(key);
	if (!state) {
		state = { token: '', expiresAt: 0, refreshToken: '' };
		authorizers.set(key, state);
	}
	return state;
}

/** After a code exchange: this process knows the authorizer's token and refresh token already. */
export async function rememberAuthorizer(
	context: PlatformContext,
	authorizerAppId: string,
	token: string,
	expiresInSeconds: number,
	refreshToken: string,
): Promise<void> {
	const state = await stateFor(context, authorizerAppId);
	registerSecret(token);
	registerSecret(refreshToken);
	Object.assign(state, { token, expiresAt: Date.now() + expiresInSeconds * 1000, refreshToken });
}

/** The merchant revoked or changed the authorization: the next token is fetched (and fails if revoked). */
export async function forgetAuthorizer(context: PlatformContext, authorizerAppId: string): Promise<void> {
	const state = await stateFor(context, authorizerAppId);
	Object.assign(state, { token: '', expiresAt: 0, refreshToken: '' });
}

/** The authorizer's refresh token, from WeChat (api_get_authorizer_info returns it). */
export async function lookUpRefreshToken(context: PlatformContext, authorizerAppId: string): Promise<string> {
	const info = await platformRequest.call(context, '/cgi-bin/component/api_get_authorizer_info', { authorizer_appid: authorizerAppId }, {
		action: `looking up authorizer ${authorizerAppId}`,
	});
	const authorization = (info.authorization_info ?? {}) as IDataObject;
	const refreshToken = String(authorization.authorizer_refresh_token ?? '');
	registerSecret(refreshToken);
	return refreshToken;
}

/**
 * A usable access token for an authorized account. `rejectedToken`: the token WeChat refused the caller (retired
 * only while it is the current one). `refreshToken` skips the lookup when the caller has it.
 */
export async function authorizerToken(context: PlatformContext, authorizerAppId: string, rejectedToken = '', refreshToken = ''): Promise<AuthorizerToken> {
	const state = await stateFor(context, authorizerAppId);
	if (rejectedToken !== '' && rejectedToken === state.token && !state.fetching) Object.assign(state, { token: '', expiresAt: 0 });
	if (state.token && state.expiresAt - Date.now() > REFRESH_MARGIN_MS) return { accessToken: state.token, expiresAt: state.expiresAt };
	state.fetching ??= (async () => {
		const started = Date.now();
		const refresh = refreshToken || state.refreshToken || (await lookUpRefreshToken(context, authorizerAppId));
		const answer = await platformRequest.call(
			context,
			'/cgi-bin/component/api_authorizer_token',
			{ authorizer_appid: authorizerAppId, authorizer_refresh_token: refresh },
			{ action: `getting the access token of authorizer ${authorizerAppId}` },
		);
		const token = String(answer.authorizer_access_token ?? '');
		registerSecret(token);
		const next = String(answer.authorizer_refresh_token ?? refresh);
		registerSecret(next);
		Object.assign(state, { token, expiresAt: started + (Number(answer.expires_in ?? 7200) || 7200) * 1000, refreshToken: next });
		return { accessToken: token, expiresAt: state.expiresAt };
	})().finally(() => {
		state.fetching = undefined;
	});
	return await state.fetching;
}
