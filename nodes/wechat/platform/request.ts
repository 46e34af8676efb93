/**
 * The one function that calls the platform's own APIs (/cgi-bin/component/*) with the component token. Like
 * client/transport.ts for app calls: the token comes through n8n's preAuthentication (stored in the credential
 * for every worker), a refused token is replaced once, errcodes become errors that name the fix, and nothing
 * thrown contains a secret.
 */
import { NodeApiError, sleep } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions, IWebhookFunctions, JsonObject } from 'n8n-workflow';

import { TOKEN_ERRCODES, weChatApiError } from '../client/errcodes';
import { TokenFetchError } from '../client/token';
import { redactText, registerSecret } from '../codec/redact';
import { readPlatformCredentials } from './credential';
import type { PlatformCredentials } from './credential';
import { rejectComponentToken, usableComponentToken } from './componentToken';

export const PLATFORM_CREDENTIAL_TYPE = 'weChatPlatformApi';
export type PlatformContext = IExecuteFunctions | ILoadOptionsFunctions | IWebhookFunctions;

function tokenFetchErrorIn(error: unknown): TokenFetchError | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current; depth++) {
		if (current instanceof Error && current.name === 'TokenFetchError') return current as TokenFetchError;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/** The platform credential's fields (AppID, base URL, ...). */
export async function platformCredentialsOf(context: PlatformContext): Promise<PlatformCredentials> {
	return readPlatformCredentials(await context.getCredentials(PLATFORM_CREDENTIAL_TYPE));
}

/**
 * POST a platform API (component_appid is added to the body). `retrySafe`: a read, sent again once after
 * errcode -1 or a network error.
 */
export async function platformRequest(
	this: PlatformContext,
	path: string,
	body: IDataObject,
	{ action, retrySafe = true }: { action: string; retrySafe?: boolean },
): Promise<IDataObject> {
	const node = this.getNode();
	const stored = await this.getCredentials(PLATFORM_CREDENTIAL_TYPE);
	const c = readPlatformCredentials(stored);
	const ref = node.credentials?.[PLATFORM_CREDENTIAL_TYPE];
	let tokenRetries = 0;
	let backoffs = 0;
	for (;;) {
		const token = usableComponentToken(c);
		const data = { ...stored, componentAccessToken: token, storeTicket: false };
		let answer: IDataObject | undefined;
		try {
			answer = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				PLATFORM_CREDENTIAL_TYPE,
				{ method: 'POST', url: `${c.baseUrl}${path}`, body: { component_appid: c.componentAppId, ...body }, json: true, timeout: 30_000 },
				{ credentialsDecrypted: { id: ref?.id ?? '', name: ref?.name ?? '', type: PLATFORM_CREDENTIAL_TYPE, data } },
			)) as IDataObject;
		} catch (error) {
			const tokenError = tokenFetchErrorIn(error);
			if (tokenError?.errcode !== undefined) throw weChatApiError(node, tokenError.errcode, tokenError.errmsg ?? '', 'getting the component access token');
			const message = tokenError ? tokenError.message : `Could not reach WeChat (${action}): ${redactText(error instanceof Error ? error.message : String(error))}`;
			if (!tokenError && retrySafe && backoffs++ < 1) {
				await sleep(1000);
				continue;
			}
			throw new NodeApiError(node, { message } as JsonObject, {
				message,
				description: tokenError ? 'Check the platform credential (Ticket Source, API Base URL).' : 'Check the platform credential\'s API Base URL and this server\'s network.',
			});
		}
		if (typeof answer === 'string') answer = JSON.parse(answer) as IDataObject;
		const errcode = Number(answer?.errcode ?? 0);
		if (errcode === 0) return answer;
		if (TOKEN_ERRCODES.includes(errcode) && tokenRetries++ < 1) {
			rejectComponentToken(c, String(data.componentAccessToken ?? token));
			stored.componentAccessToken = '';
			continue;
		}
		if (errcode === -1 && retrySafe && backoffs++ < 1) {
			await sleep(1000);
			continue;
		}
		throw weChatApiError(node, errcode, String(answer.errmsg ?? ''), action);
	}
}

/** api_start_push_ticket takes the platform's secret instead of a token (there may be no ticket yet to get one). */
export async function startTicketPush(this: PlatformContext): Promise<IDataObject> {
	const node = this.getNode();
	const c = await platformCredentialsOf(this);
	registerSecret(c.componentAppSecret);
	let answer: IDataObject;
	try {
		answer = (await this.helpers.httpRequest({
			method: 'POST',
			url: `${c.baseUrl}/cgi-bin/component/api_start_push_ticket`,
			body: { component_appid: c.componentAppId, component_secret: c.componentAppSecret },
			json: true,
			timeout: 30_000,
		})) as IDataObject;
	} catch (error) {
		const message = `Could not reach WeChat (starting the ticket push): ${redactText(error instanceof Error ? error.message : String(error))}`;
		throw new NodeApiError(node, { message } as JsonObject, { message, description: 'Check the platform credential\'s API Base URL.' });
	}
	const errcode = Number(answer?.errcode ?? 0);
	if (errcode !== 0) throw weChatApiError(node, errcode, String(answer.errmsg ?? ''), 'starting the ticket push');
	return answer;
}
