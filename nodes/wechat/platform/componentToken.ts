/**
 * Where the component_access_token comes from: the platform credential's preAuthentication. n8n stores what it
 * returns in the credential (every queue worker reads it from the database); this module adds one fetch per
 * platform in flight per process and an in-process copy. The ticket comes from the credential (stored by the
 * Platform Trigger, or pasted) or from an external ticket/token server.
 */
import { createHash } from 'crypto';
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestHelper } from 'n8n-workflow';

import { describeErrcode } from '../client/errcodes';
import { TokenFetchError } from '../client/token';
import { redactText, registerSecret } from '../codec/redact';
import { readPlatformCredentials, STORE_TICKET_FIELD } from './credential';
import type { PlatformCredentials } from './credential';

/** Refresh this long before WeChat's expiry. */
const REFRESH_MARGIN_MS = 300_000;

type HttpRequest = IHttpRequestHelper['helpers']['httpRequest'];

interface ComponentTokenState {
	token: string;
	expiresAt: number;
	rejected: Set<string>;
	fetching?: Promise<{ token: string; expiresAt: number }>;
}

const states = new Map<string, ComponentTokenState>();

export function platformKey(c: PlatformCredentials): string {
	const secretHash = createHash('sha256').update(c.componentAppSecret).digest('hex').slice(0, 16);
	return [c.baseUrl, c.componentAppId, c.ticketSource, c.externalUrl, secretHash].join('|');
}

function stateOf(c: PlatformCredentials): ComponentTokenState {
	const key = platformKey(c);
	let state = states.get(key);
	if (!state) {
		state = { token: '', expiresAt: 0, rejected: new Set() };
		states.set(key, state);
	}
	return state;
}

function usable(state: ComponentTokenState, token: string, expiresAt: number): boolean {
	return token !== '' && !state.rejected.has(token) && expiresAt - Date.now() > REFRESH_MARGIN_MS;
}

/** The component token to send without asking WeChat: this process's copy or the stored one; '' = fetch. */
export function usableComponentToken(c: PlatformCredentials): string {
	const state = stateOf(c);
	if (usable(state, state.token, state.expiresAt)) return state.token;
	if (usable(state, c.accessToken, c.expiresAt)) {
		state.token = c.accessToken;
		state.expiresAt = c.expiresAt;
		registerSecret(c.accessToken);
		return c.accessToken;
	}
	return '';
}

/** WeChat refused this component token (40001/42001/40014): the next request fetches a new one. */
export function rejectComponentToken(c: PlatformCredentials, token: string): void {
	const state = stateOf(c);
	state.rejected.add(token);
	if (state.token === token) state.token = '';
}

/** The credential's preAuthentication. In store mode (the Platform Trigger, ticketStore.ts) it makes no call. */
export async function preAuthenticatePlatform(
	this: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<IDataObject> {
	const c = readPlatformCredentials(credentials);
	registerSecret(c.componentAppSecret);
	registerSecret(c.ticket);
	const state = stateOf(c);
	if (credentials[STORE_TICKET_FIELD] === true) {
		const kept = String(credentials.keptAccessToken ?? '');
		const keep = usable(state, state.token, state.expiresAt) ? state.token : usable(state, kept, c.expiresAt) ? kept : '';
		return {
			componentVerifyTicket: String(credentials.componentVerifyTicket ?? ''),
			ticketAt: c.ticketAt,
			componentAccessToken: keep,
			expiresAt: keep === state.token ? state.expiresAt : c.expiresAt,
			[STORE_TICKET_FIELD]: false,
			keptAccessToken: '',
		};
	}
	if (!usable(state, state.token, state.expiresAt)) {
		state.fetching ??= requestComponentToken(this.helpers.httpRequest, c)
			.then((fetched) => {
				state.token = fetched.token;
				state.expiresAt = fetched.expiresAt;
				return fetched;
			})
			.finally(() => {
				state.fetching = undefined;
			});
		await state.fetching;
	}
	return { componentAccessToken: state.token, expiresAt: state.expiresAt, [STORE_TICKET_FIELD]: false };
}

async function getJson(httpRequest: HttpRequest, options: Parameters<HttpRequest>[0], where: string): Promise<IDataObject> {
	let body: unknown;
	let failure = '';
	try {
		body = await httpRequest({ ...options, json: true, timeout: 30_000 });
	} catch (error) {
		failure = redactText(error instanceof Error ? error.message : String(error)) || 'the request failed';
	}
	if (failure) throw new TokenFetchError(`Could not reach ${where} to get a component access token: ${failure}`, undefined, undefined, true);
	if (typeof body === 'string') {
		try {
			body = JSON.parse(body);
		} catch {
			body = undefined;
		}
	}
	if (!body || typeof body !== 'object') {
		throw new TokenFetchError(`${where} answered with something that is not JSON: check the platform credential's ${where === 'WeChat' ? 'API Base URL' : 'Ticket or Token Server URL'}.`);
	}
	const answer = body as IDataObject;
	const errcode = Number(answer.errcode ?? 0);
	if (errcode !== 0) {
		throw new TokenFetchError(`Could not get a component access token: ${describeErrcode(errcode, String(answer.errmsg ?? ''))}`, errcode, redactText(String(answer.errmsg ?? '')));
	}
	return answer;
}

const NO_TICKET =
	'No component_verify_ticket yet: WeChat pushes one every 10 minutes to the platform\'s authorization-event URL. Publish the workflow with the WeChat Platform Trigger (its URL in the Open Platform console), or run Start Ticket Push, then try again.';

async function requestComponentToken(httpRequest: HttpRequest, c: PlatformCredentials): Promise<{ token: string; expiresAt: number }> {
	const started = Date.now();
	let ticket = c.ticket;
	if (c.ticketSource === 'external') {
		if (!/^https?:\/\//i.test(c.externalUrl)) throw new TokenFetchError('The platform credential\'s Ticket or Token Server URL must start with http:// or https://.');
		const answer = await getJson(httpRequest, { method: 'GET', url: c.externalUrl }, 'the ticket server');
		if (answer.component_access_token) {
			const token = String(answer.component_access_token);
			registerSecret(token);
			return { token, expiresAt: started + (Number(answer.expires_in ?? 7200) || 7200) * 1000 };
		}
		ticket = String(answer.component_verify_ticket ?? '');
		if (!ticket) throw new TokenFetchError('The ticket server answered neither component_access_token nor component_verify_ticket.');
		registerSecret(ticket);
	}
	if (!c.componentAppId || !c.componentAppSecret) throw new TokenFetchError('The platform credential needs the Component AppID and Component AppSecret (Open Platform console: Third-Party Platform > Development Settings).');
	if (!ticket) throw new TokenFetchError(c.ticketSource === 'pasted' ? 'The platform credential\'s Component Verify Ticket is empty: paste the latest ticket.' : NO_TICKET);
	const answer = await getJson(
		httpRequest,
		{
			method: 'POST',
			url: `${c.baseUrl}/cgi-bin/component/api_component_token`,
			body: { component_appid: c.componentAppId, component_appsecret: c.componentAppSecret, component_verify_ticket: ticket },
		},
		'WeChat',
	);
	const token = String(answer.component_access_token ?? '');
	if (!token) throw new TokenFetchError('WeChat answered without a component_access_token.');
	registerSecret(token);
	return { token, expiresAt: started + (Number(answer.expires_in ?? 7200) || 7200) * 1000 };
}
