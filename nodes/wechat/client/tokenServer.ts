/**
 * The central token server (中控服务器): n8n already holds each account's one shared token, so the
 * company's other systems can take it from n8n instead of fetching their own (which, with the classic
 * endpoint, would knock out n8n's). This is deliberately the one place a token leaves the package.
 *
 * Tokens come from where every request's token comes from (token.ts): this process's copy, else the one
 * stored in the credential, else a fetch through n8n's own path: one cheap API call (get_api_domain_ip)
 * sent without a token makes n8n run the credential's preAuthentication (token.ts) and store the new token in
 * its credential store for every worker. Callers in flight share that one call (20 callers: one fetch).
 * "Refresh if this token was rejected": a caller whose token WeChat refused presents it; only when it is
 * still the current token is it retired (token.ts's "refused twice" path: the stable endpoint is asked
 * with force_refresh); a caller presenting an older token gets the current one, and nothing is fetched.
 */
import { NodeApiError } from 'n8n-workflow';
import type { IExecuteFunctions, INode, JsonObject } from 'n8n-workflow';

import { asAuthorizedAccount } from './authorizedAccount';
import { storedClassicToken } from './classicToken';
import { readAppCredentials, rejectToken, TokenFetchError, tokenStateOf, tokenStatesOf, usableToken } from './token';
import type { AppTokenState } from './token';
import { weChatApiRequest } from './transport';
import type { WeChatAppCredentialType } from './transport';

/** The fetch in flight per app and process: the callers that need a token at once share it. */
const fetching = new WeakMap<AppTokenState, Promise<void>>();

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
	const data = asAuthorizedAccount(this, await this.getCredentials(credentialType));
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
	const state = tokenStateOf(states, app);
	if (current) return { accessToken: current, expiresAt: state.expiresAt, refreshed };
	let shared = fetching.get(state);
	if (!shared) {
		shared = (async () => {
			await weChatApiRequest.call(this, credentialType, {
				method: 'GET',
				path: '/cgi-bin/get_api_domain_ip',
				retrySafe: true,
				maxBackoffs: 1,
				action: 'getting an access token',
			});
		})().finally(() => fetching.delete(state));
		fetching.set(state, shared);
	}
	try {
		await shared;
	} catch (error) {
		throw asNodeError(this.getNode(), error);
	}
	const fetched = usableToken(states, app);
	if (!fetched) {
		throw new NodeApiError(this.getNode(), { message: 'no token' } as JsonObject, {
			message: 'WeChat accepted the call but no access token is at hand',
			description: 'Run the node again; if this repeats, check the credential\'s token source.',
		});
	}
	return { accessToken: fetched, expiresAt: state.expiresAt, refreshed };
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
