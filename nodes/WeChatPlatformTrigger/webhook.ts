/**
 * The WeChat Platform Trigger's two requests on one URL:
 * - POST: WeChat's authorization events, encrypted with the platform's key. A component_verify_ticket is stored
 *   in the platform credential (core platform/ticketStore.ts) and starts no execution; authorized /
 *   updateauthorized / unauthorized start one (optionally with the code exchanged at once).
 * - GET ?authorizer_appid=&key=: an authorized account's access token, for account credentials whose token
 *   source is this URL (External Token Server): the platform acts as the accounts' central token server.
 *   `&rejected=<token>`: WeChat refused that token (40001/42001); a new one is fetched only if it is still the
 *   current one (one fetch for every caller presenting it), else the current one is handed out.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { CallbackRefusal, openCallback } from '../wechat/callback/verify';
import { RecentKeys } from '../wechat/callback/recentKeys';
import { safeEqual } from '../wechat/codec/crypto';
import { redactText } from '../wechat/codec/redact';
import { authorizerToken, forgetAuthorizer, rememberAuthorizer } from '../wechat/platform/authorizer';
import { platformAesKey, readPlatformCredentials } from '../wechat/platform/credential';
import type { PlatformCredentials } from '../wechat/platform/credential';
import { accessTokenKey, accessTokenUrl, ANY_AUTHORIZER, authorizationItem, infoTypeOf, permissionSets, platformTokenUrl } from '../wechat/platform/events';
import { platformRequest, PLATFORM_CREDENTIAL_TYPE } from '../wechat/platform/request';
import { storeTicket } from '../wechat/platform/ticketStore';

interface PlainResponse {
	status(code: number): unknown;
	setHeader(name: string, value: string): unknown;
	send(body: string): unknown;
}

const recentEvents = new RecentKeys(10_000, 5 * 60_000);

function answer(res: PlainResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): IWebhookResponseData {
	res.status(status);
	res.setHeader('Content-Type', type);
	res.send(body);
	return { noWebhookResponse: true };
}

function refuse(this: IWebhookFunctions, res: PlainResponse, status: number, reason: string, detail = reason): IWebhookResponseData {
	this.logger.warn(redactText(`WeChat Platform Trigger "${this.getNode().name}" refused a request (${status}): ${detail}`));
	return answer(res, status, reason);
}

async function serveAccessToken(this: IWebhookFunctions, res: PlainResponse, c: PlatformCredentials): Promise<IWebhookResponseData> {
	const query = (this.getQueryData() ?? {}) as Record<string, unknown>;
	const appId = typeof query.authorizer_appid === 'string' ? query.authorizer_appid : '';
	const key = typeof query.key === 'string' ? query.key : '';
	const rejected = typeof query.rejected === 'string' ? query.rejected : '';
	if (!appId || !key) {
		return refuse.call(this, res, 400, 'This URL takes WeChat\'s authorization events (POST); GET needs authorizer_appid and key');
	}
	const keyFits = (forAppId: string) => safeEqual(accessTokenKey(c.componentAppSecret, forAppId), key);
	if (!c.componentAppSecret || !(keyFits(appId) || keyFits(ANY_AUTHORIZER))) {
		return refuse.call(this, res, 401, 'Invalid key', `wrong key for authorizer ${appId}`);
	}
	const json = 'application/json; charset=utf-8';
	try {
		const token = await authorizerToken(this, appId, rejected);
		const expiresIn = Math.max(1, Math.floor((token.expiresAt - Date.now()) / 1000));
		return answer(res, 200, JSON.stringify({ access_token: token.accessToken, expires_in: expiresIn }), json);
	} catch (error) {
		const context = (error as { context?: { errcode?: number; errmsg?: string } }).context ?? {};
		const message = redactText(error instanceof Error ? error.message : String(error));
		this.logger.warn(`WeChat Platform Trigger "${this.getNode().name}": no access token for authorizer ${appId}: ${message}`);
		const errcode = typeof context.errcode === 'number' ? context.errcode : -1;
		return answer(res, 200, JSON.stringify({ errcode, errmsg: `${context.errmsg ?? message}` }), json);
	}
}

async function exchange(this: IWebhookFunctions, item: IDataObject): Promise<void> {
	try {
		const result = await platformRequest.call(this, '/cgi-bin/component/api_query_auth', { authorization_code: item.authorizationCode }, {
			action: 'exchanging the authorization code',
			retrySafe: false,
		});
		const info = (result.authorization_info ?? {}) as IDataObject;
		item.authorizerAppId = String(info.authorizer_appid ?? item.authorizerAppId);
		item.permissionSets = permissionSets(info);
		item.codeExchanged = true;
		await rememberAuthorizer(this, String(item.authorizerAppId), String(info.authorizer_access_token ?? ''), Number(info.expires_in ?? 7200), String(info.authorizer_refresh_token ?? ''));
	} catch (error) {
		item.codeExchanged = false;
		item.exchangeError = redactText(error instanceof Error ? error.message : String(error));
	}
}

export async function handlePlatformWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const res = this.getResponseObject() as unknown as PlainResponse;
	let c: PlatformCredentials;
	let aesKey: Buffer;
	try {
		c = readPlatformCredentials(await this.getCredentials(PLATFORM_CREDENTIAL_TYPE));
		aesKey = platformAesKey(c);
		if (!c.componentAppId || !c.token) throw new Error('the platform credential needs the Component AppID and the Message Verification Token');
	} catch (error) {
		this.logger.error(`WeChat Platform Trigger "${this.getNode().name}": ${error instanceof Error ? error.message : 'the credential could not be read'}`);
		return answer(res, 500, 'Platform credential not usable');
	}
	if (this.getWebhookName() === 'setup') return await serveAccessToken.call(this, res, c);

	const query = (this.getQueryData() ?? {}) as Record<string, unknown>;
	const rawBody = (this.getRequestObject() as unknown as { rawBody?: Buffer | string }).rawBody;
	let message: Record<string, unknown> = {};
	let refusal: CallbackRefusal | undefined;
	try {
		message = openCallback(query, rawBody, {
			token: c.token,
			appId: c.componentAppId,
			aesKeys: [aesKey],
			maxTimestampSkewSeconds: 300,
			requireEncryption: true,
			now: Date.now(),
		}).message;
	} catch (error) {
		// Anything else is a bug: answered 400 too (WeChat retries), and logged.
		refusal = error instanceof CallbackRefusal ? error : new CallbackRefusal(400, 'Unreadable request', redactText(String(error)));
	}
	if (refusal) return refuse.call(this, res, refusal.status, refusal.reason, refusal.detail);
	if (String(message.AppId ?? '') !== c.componentAppId) {
		return refuse.call(this, res, 400, 'Not for this platform', `the event names platform ${String(message.AppId ?? '')}`);
	}
	const infoType = infoTypeOf(message);
	if (infoType === 'component_verify_ticket') {
		const ticket = String(message.ComponentVerifyTicket ?? '');
		if (!ticket) return refuse.call(this, res, 400, 'Missing ComponentVerifyTicket');
		const stored = await storeTicket.call(this, ticket, Date.now());
		if (stored === 'failed') {
			this.logger.error(`WeChat Platform Trigger "${this.getNode().name}": the ticket could not be stored in the platform credential`);
			return answer(res, 500, 'Ticket not stored');
		}
		this.logger.debug(`WeChat Platform Trigger "${this.getNode().name}": component_verify_ticket ${stored}`);
		return answer(res, 200, 'success');
	}

	answer(res, 200, 'success');
	const item = authorizationItem(message);
	const authorizer = String(item.authorizerAppId ?? '');
	if (authorizer && (infoType === 'unauthorized' || infoType === 'updateauthorized')) await forgetAuthorizer(this, authorizer);
	const events = this.getNodeParameter('events', []) as string[];
	if (!events.includes(infoType)) return { noWebhookResponse: true };
	const key = `${this.getWorkflow().id ?? ''}|${this.getNode().id}|${infoType}|${authorizer}|${String(message.CreateTime ?? '')}`;
	if (recentEvents.checkAndRemember(key)) return { noWebhookResponse: true };
	const options = this.getNodeParameter('options', {}) as IDataObject;
	if (item.authorizationCode && options.exchangeCode !== false) await exchange.call(this, item);
	if (authorizer && infoType !== 'unauthorized' && options.accessTokenUrl !== false) {
		const triggerUrl = this.getNodeWebhookUrl('setup') ?? '';
		item.accessTokenUrl = accessTokenUrl(triggerUrl, c.componentAppSecret, authorizer);
		item.platformTokenUrl = platformTokenUrl(triggerUrl, c.componentAppSecret);
	}
	return { noWebhookResponse: true, workflowData: [[{ json: item }]] };
}
