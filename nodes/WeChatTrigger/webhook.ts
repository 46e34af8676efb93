import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { redactText } from '../wechat/codec/redact';
import { CallbackCredentialError, readCallbackCredentials } from '../wechat/callback/credentials';
import type { CallbackCredentials } from '../wechat/callback/credentials';
import { matchesTriggerOn, messageKey, parseNames, toOutputJson } from '../wechat/callback/message';
import type { WeChatMeta } from '../wechat/callback/item';
import { RecentKeys } from '../wechat/callback/recentKeys';
import { subscriptionItems, wantsSubscriptionItems } from '../wechat/callback/subscription';
import { CallbackRefusal, openCallback, verifyUrlRequest } from '../wechat/callback/verify';
import type { OpenedCallback, VerifySettings } from '../wechat/callback/verify';
import { authorizerAppIdOf, MESSAGES_OF, PLATFORM } from './platformPath';

/**
 * Recently started messages, per process. Webhooks are received by the n8n main process (also in queue
 * mode, where only the execution moves to a worker), so with one main the check is exact. With several
 * mains behind a load balancer each has its own set: see the node documentation.
 * WeChat retries within about 15 s; 5 minutes covers slow retries with room to spare.
 */
const recentKeys = new RecentKeys(10_000, 5 * 60_000);

/** The parts of express's Response used here (also what the unit tests mock). */
interface PlainResponse {
	status(code: number): unknown;
	setHeader(name: string, value: string): unknown;
	send(body: string): unknown;
}

function answer(res: PlainResponse, status: number, body: string): void {
	res.status(status);
	res.setHeader('Content-Type', 'text/plain; charset=utf-8');
	res.send(body);
}

/** n8n has read the body into rawBody by the time webhook() runs; read it if a future n8n has not. */
async function rawBodyOf(req: unknown): Promise<Buffer | string | undefined> {
	const request = req as { rawBody?: Buffer | string; readRawBody?: () => Promise<void> };
	if (request.rawBody === undefined && typeof request.readRawBody === 'function') {
		await request.readRawBody();
	}
	return request.rawBody;
}

function settingsFor(credentials: CallbackCredentials, options: IDataObject): VerifySettings {
	const skew = Number(options.maxTimestampSkew ?? 300);
	return {
		token: credentials.token,
		appId: credentials.appId,
		aesKeys: credentials.aesKeys,
		maxTimestampSkewSeconds: Number.isFinite(skew) && skew > 0 ? skew : 0,
		requireEncryption: options.securityMode === 'safe',
		now: Date.now(),
	};
}

/** Runs a verification step: a refusal comes back as a value, anything else (a bug) is thrown on. */
function attempt<T>(step: () => T): { value: T } | { refusal: CallbackRefusal } {
	let failure: unknown;
	try {
		return { value: step() };
	} catch (error) {
		failure = error;
	}
	if (failure instanceof CallbackRefusal) return { refusal: failure };
	throw failure;
}

function refuse(this: IWebhookFunctions, res: PlainResponse, refusal: CallbackRefusal): IWebhookResponseData {
	this.logger.warn(
		redactText(`WeChat Trigger "${this.getNode().name}" refused a callback (${refusal.status}): ${refusal.detail}`),
	);
	answer(res, refusal.status, refusal.reason);
	return { noWebhookResponse: true };
}

async function receive(this: IWebhookFunctions, res: PlainResponse): Promise<IWebhookResponseData> {
	let credentials: CallbackCredentials;
	try {
		credentials = readCallbackCredentials(await this.getCredentials<ICredentialDataDecryptedObject>('weChatCallbackApi'));
	} catch (error) {
		const why = error instanceof CallbackCredentialError ? error.message : 'the credential could not be read';
		this.logger.error(`WeChat Trigger "${this.getNode().name}": WeChat Callback API credential is not usable: ${why}`);
		answer(res, 500, 'Callback credential not usable');
		return { noWebhookResponse: true };
	}
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const settings = settingsFor(credentials, options);
	const query = (this.getQueryData() ?? {}) as Record<string, unknown>;

	if (this.getWebhookName() === 'setup') {
		// The WeChat console's URL check (GET): echo echostr exactly, as plain text.
		const verified = attempt(() => verifyUrlRequest(query, settings));
		if ('refusal' in verified) return refuse.call(this, res, verified.refusal);
		answer(res, 200, verified.value);
		return { noWebhookResponse: true };
	}

	// A third-party platform's message URL ends in the authorized account's AppID (…/callback/<AppID>).
	const authorizerAppId = authorizerAppIdOf(typeof this.getParamsData === 'function' ? this.getParamsData() : {});
	if (authorizerAppId === undefined) {
		return refuse.call(this, res, new CallbackRefusal(400, 'Bad authorizer AppID in the URL'));
	}
	if (!authorizerAppId && this.getNodeParameter(MESSAGES_OF, 'account') === PLATFORM) {
		const why = 'this trigger receives a third-party platform\'s messages at …/callback/<authorizer AppID> (the URL with $APPID$)';
		return refuse.call(this, res, new CallbackRefusal(400, 'Authorizer AppID missing from the URL', why));
	}
	const rawBody = await rawBodyOf(this.getRequestObject());
	const result = attempt(() => openCallback(query, rawBody, settings));
	if ('refusal' in result) return refuse.call(this, res, result.refusal);
	const opened: OpenedCallback = result.value;
	const { message } = opened;
	const triggerOn = this.getNodeParameter('triggerOn', ['*']) as string[];
	const perTemplate = wantsSubscriptionItems(message, triggerOn);
	if (!perTemplate && !matchesTriggerOn(message, triggerOn, parseNames(options.otherEvents))) {
		answer(res, 200, 'success');
		return { noWebhookResponse: true };
	}

	const key = messageKey(message);
	if (key !== undefined && options.deduplicate !== false) {
		const scope = `${this.getWorkflow().id ?? ''}|${this.getNode().id}|${this.getMode()}|${credentials.appId}|${authorizerAppId}`;
		if (recentKeys.checkAndRemember(`${scope}|${key}`)) {
			this.logger.debug(`WeChat Trigger "${this.getNode().name}": duplicate of ${key} answered "success", no execution`);
			answer(res, 200, 'success');
			return { noWebhookResponse: true };
		}
	}

	const awaitsReply = this.getNodeParameter('responseMode', 'onReceived') === 'responseNode';
	const meta: WeChatMeta = {
		mode: opened.mode,
		format: opened.format,
		appId: credentials.appId,
		awaitsReply,
		messageKey: key,
	};
	// Subscription Decision / Result: one item per template (an empty list starts nothing).
	const jsons = perTemplate ? subscriptionItems(message, meta) : [toOutputJson(message, meta)];
	if (!jsons.length) {
		answer(res, 200, 'success');
		return { noWebhookResponse: true };
	}
	if (authorizerAppId) for (const json of jsons) json.authorizerAppId = authorizerAppId;
	const workflowData = [jsons.map((json) => ({ json }))];
	if (awaitsReply) {
		// n8n keeps the request open until the WeChat Reply node calls sendResponse (or the run ends).
		return { workflowData };
	}
	answer(res, 200, 'success');
	return { noWebhookResponse: true, workflowData };
}

/**
 * Both webhooks of the WeChat Trigger. Every outcome is answered here: an exception escaping webhook()
 * would make n8n answer 500 AND record a failed execution for a request that was never WeChat's.
 */
export async function handleWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const res = this.getResponseObject() as unknown as PlainResponse;
	try {
		return await receive.call(this, res);
	} catch (error) {
		this.logger.error(
			redactText(`WeChat Trigger "${this.getNode().name}" could not handle a callback: ${(error as Error)?.message ?? String(error)}`),
		);
		answer(res, 500, 'Internal error');
		return { noWebhookResponse: true };
	}
}
