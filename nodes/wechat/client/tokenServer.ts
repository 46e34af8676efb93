/**
 * The central token server (中控服务器): n8n already holds each account's one shared token, so the
 * company's other systems can take it from n8n instead of fetching their own (which, with the classic
 * endpoint, would knock out n8n's). This is deliberately the one place a token leaves the package.
 *
 * Tokens come from where every request's token comes from (token.ts): this process's copy, else the one
 * stored in the credential, else one fetch shared by every caller in flight (20 callers at once: one fetch).
 * "Refresh if this token was rejected": a caller whose token WeChat refused presents it; only when it is
 * still the current token is it retired (token.ts's "refused twice" path: the stable endpoint is asked
 * with force_refresh); a caller presenting an older token gets the current one, and nothing is fetched.
 */
import { NodeApiError } from 'n8n-workflow';
import type { IExecuteFunctions, INode, JsonObject } from 'n8n-workflow';

import { storedClassicToken } from './classicToken';
import { fetchAccessToken, readAppCredentials, rejectToken, TokenFetchError, tokenStateOf, tokenStatesOf, usableToken } from './token';
import type { WeChatAppCredentialType } from './transport';

export interface IssuedToken {
	accessToken: string;
	/** Epoch milliseconds. */
	expiresAt: number;
	/** True when this call retired the presented token and fetched a new one. */
	refreshed: boolean;
}

export async function tokenForCaller(
	this: IExecuteFunctions,
	credentialType: WeChatAppCredentialType,
	rejectedToken: string,
): Promise<IssuedToken> {
	const data = await this.getCredentials(credentialType);
	const app = readAppCredentials(data);
	const states = tokenStatesOf(this);
	let current = usableToken(states, app);
	if (!current && app.tokenSource === 'classic') {
		current = await storedClassicToken(states, app, async () => await this.getCredentials(credentialType));
	}
	let refreshed = false;
	if (current && rejectedToken !== '' && rejectedToken === current) {
		// Retired for good: the next fetch must bring another token (stable: force_refresh, once per 30 s).
		rejectToken(states, app, current, Date.now(), true);
		current = '';
		refreshed = true;
	}
	if (current) return { accessToken: current, expiresAt: tokenStateOf(states, app).expiresAt, refreshed };
	try {
		const fetched = await fetchAccessToken(this.helpers.httpRequest, { ...data, accessToken: '', expiresAt: 0 }, states);
		return { accessToken: String(fetched.accessToken), expiresAt: Number(fetched.expiresAt), refreshed };
	} catch (error) {
		throw asNodeError(this.getNode(), error);
	}
}

/** A token fetch's failure as n8n shows it; its message names the problem without secret or URL (token.ts). */
function asNodeError(node: INode, error: unknown): unknown {
	if (!(error instanceof TokenFetchError)) return error;
	const apiError = new NodeApiError(node, { message: error.message } as JsonObject, {
		message: error.message,
		description: error.hint ?? 'Check the credential\'s token source, AppID, AppSecret and API base URL.',
	});
	if (error.errcode !== undefined) apiError.context.errcode = error.errcode;
	return apiError;
}
