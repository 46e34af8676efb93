/**
 * The one request function every node calls. It owns: which token is sent, what happens on errcode
 * 40001/40014/42001 (refresh via the stable-token recipe in token.ts, retry once), back-off on -1 and
 * 45011 and network errors (only when sending again cannot deliver twice), and the translation of errcodes
 * into errors that name the problem and the fix. Nothing it throws contains a token or secret.
 */
import { NodeApiError, sleep } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	JsonObject,
} from 'n8n-workflow';

import { httpStatusOf, isWrongAddressStatus, wrongAddress } from './address';
import { FILE_ANSWER_OPTIONS, fileOrJson } from './fileAnswer';
import { errcodeInfo, markDeliveryUnknown, weChatApiError, WeChatUnreachableError } from './errcodes';
import { describeNetworkFailure } from './networkFailure';
import { storedClassicToken } from './classicToken';
import { asAuthorizedAccount, explainAuthorizerRefusal } from './authorizedAccount';
import { readAppCredentials, rejectToken, TokenFetchError, tokenStatesOf, usableToken } from './token';
import type { AppCredentials } from './token';

export type WeChatAppCredentialType = 'weChatOfficialAccountApi' | 'weChatMiniProgramApi';

/** The two kinds of app an action can belong to, and the credential each one uses. */
export type AppKind = 'officialAccount' | 'miniProgram';
export const CREDENTIAL_TYPE_OF: Record<AppKind, WeChatAppCredentialType> = {
	officialAccount: 'weChatOfficialAccountApi',
	miniProgram: 'weChatMiniProgramApi',
};
export type RequestContext = IExecuteFunctions | ILoadOptionsFunctions;

export interface WeChatRequest {
	method: IHttpRequestMethods;
	/** Path on the credential's API base URL, e.g. /cgi-bin/user/get */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/** A body that is not JSON (a multipart upload: media/), sent as is with its Content-Type. */
	rawBody?: { data: Buffer; contentType: string };
	/** The answer may be a file (media/get): see fileAnswer.ts. */
	fileAnswer?: boolean;
	/**
	 * True for reads and for writes WeChat deduplicates (template/send with client_msg_id): sending them
	 * again after an unknown outcome cannot act twice. Other writes are never replayed after a network error
	 * or errcode -1, because the first attempt may have been delivered.
	 */
	retrySafe: boolean;
	/** jscode2session authenticates with appid + secret in the query instead of a token. */
	withAppSecret?: boolean;
	/** Words for error messages: what the node was doing, e.g. "sending to oXYZ". */
	action?: string;
	/** At most this many back-off retries (default: all of RETRY_DELAYS_MS), for reads that must not wait. */
	maxBackoffs?: number;
}

/** Back-off waits; the count of entries is the number of retries. */
export const RETRY_DELAYS_MS: readonly number[] = Object.freeze([500, 1500, 4000]);

/** The waits a context retries with: these, unless it brings its own (the test context waits milliseconds). */
function retryDelaysOf(context: RequestContext): readonly number[] {
	return (context as { weChatRetryDelaysMs?: readonly number[] }).weChatRetryDelaysMs ?? RETRY_DELAYS_MS;
}
const REQUEST_TIMEOUT_MS = 30_000;

type Attempt =
	| { kind: 'answer'; body: IDataObject; token: string }
	| { kind: 'tokenFetchFailed'; error: TokenFetchError }
	| { kind: 'unreachable'; reason: string; mayHaveArrived: boolean }
	/** An answer that is not WeChat's (HTTP 4xx, HTML, nothing): the API Base URL is wrong. */
	| { kind: 'wrongAddress'; answered: string };

export async function weChatApiRequest(
	this: RequestContext,
	credentialType: WeChatAppCredentialType,
	request: WeChatRequest,
): Promise<IDataObject> {
	const node = nodeOf(this);
	const stored = await credentialsOf(this, credentialType);
	const app = readAppCredentials(stored);
	const tokens = tokenStatesOf(this);
	const retryDelaysMs = retryDelaysOf(this).slice(0, request.maxBackoffs);
	const credentialRef = node.credentials?.[credentialType];
	let tokenErrors = 0;
	let backoffs = 0;
	// A write WeChat may have carried out although no attempt said so (a connection lost after the request
	// went out, errcode -1): whatever the last attempt answers, its outcome is then unknown, not failed.
	const isWrite = request.method !== 'GET';
	let mayHaveActed = false;
	const firstAttemptAt = Date.now();
	const settle = <E extends NodeApiError>(error: E): E => (mayHaveActed ? markDeliveryUnknown(error, firstAttemptAt) : error);

	for (;;) {
		let token = usableToken(tokens, app);
		// A classic fetch knocks out the token other processes use: first look whether one of them stored a newer one.
		if (!token && app.tokenSource === 'classic') token = await storedClassicToken(tokens, app, () => this.getCredentials(credentialType));
		const sentAt = Date.now();
		const attempt = await sendOnce.call(this, { credentialType, request, stored, app, token, credentialRef });

		if (attempt.kind === 'tokenFetchFailed') {
			const { errcode, errmsg } = attempt.error;
			if (errcode !== undefined && errcodeInfo(errcode).handling === 'backoff' && backoffs < retryDelaysMs.length) {
				await sleep(retryDelaysMs[backoffs++]);
				continue;
			}
			if (errcode !== undefined) throw weChatApiError(node, errcode, errmsg ?? '', 'getting an access token');
			const TokenError = attempt.error.unreachable ? WeChatUnreachableError : NodeApiError;
			throw new TokenError(node, { message: attempt.error.message } as JsonObject, {
				message: attempt.error.message,
				description: attempt.error.hint ?? 'Check the credential\'s token source and API base URL.',
			});
		}

		if (attempt.kind === 'wrongAddress') {
			const { message, description } = wrongAddress('API Base URL', `answered ${request.method} ${request.path} ${attempt.answered}.`);
			throw new NodeApiError(node, { message } as JsonObject, { message, description });
		}

		if (attempt.kind === 'unreachable') {
			if (isWrite && attempt.mayHaveArrived) mayHaveActed = true;
			if (request.retrySafe && backoffs < retryDelaysMs.length) {
				await sleep(retryDelaysMs[backoffs++]);
				continue;
			}
			const notResent = isWrite && !request.retrySafe && attempt.mayHaveArrived;
			throw settle(
				new WeChatUnreachableError(node, { message: attempt.reason } as JsonObject, {
					message: `Could not reach WeChat${request.action ? ` (${request.action})` : ''}`,
					description: notResent
						? `${attempt.reason}. The request may or may not have been carried out, so it was not sent again (sending again could deliver twice). Check the API base URL and the network.`
						: `${attempt.reason}. Check the credential's API base URL and this server's network.`,
				}),
			);
		}

		const errcode = Number(attempt.body.errcode ?? 0);
		if (errcode === 0) return attempt.body;
		const errmsg = String(attempt.body.errmsg ?? '');
		const handling = errcodeInfo(errcode).handling;

		if (handling === 'token' && tokenErrors < 2 && !request.withAppSecret) {
			// Retry with a new token: after the first refusal whatever a normal fetch gives (shared by every
			// request in flight), after a second one in a row a token that replaces it (stable: forced). The
			// recipe lives in token.ts and runs through the credential's preAuthentication.
			rejectToken(tokens, app, attempt.token, token ? sentAt : Date.now(), tokenErrors > 0);
			tokenErrors++;
			continue;
		}
		// 45011 means WeChat did not act; -1 might have, so only retry-safe requests are sent again.
		if (errcode === -1 && isWrite) mayHaveActed = true;
		const mayRetry = errcode === 45011 || request.retrySafe;
		if (handling === 'backoff' && mayRetry && backoffs < retryDelaysMs.length) {
			await sleep(retryDelaysMs[backoffs++]);
			continue;
		}
		throw settle(explainAuthorizerRefusal(weChatApiError(node, errcode, errmsg, request.action, attempt.body), credentialType, stored));
	}
}

/** n8n's getNode() deep-copies the node (parameters included) on every call: once per execution context. */
const nodes = new WeakMap<object, INode>();
const nodeOf = (context: RequestContext): INode => nodes.get(context) ?? (nodes.set(context, context.getNode()).get(context) as INode);

/**
 * n8n's getCredentials reads the database and decrypts on every call (measured in real n8n 2.41: about
 * 75% of the time of a 1,000-message batch at concurrency 20). Once per execution context is enough: the
 * token is tracked in-process by token.ts, and the stored copy is only its fallback.
 */
const credentialsByContext = new WeakMap<object, Map<string, Promise<ICredentialDataDecryptedObject>>>();

async function credentialsOf(
	context: RequestContext,
	credentialType: WeChatAppCredentialType,
): Promise<ICredentialDataDecryptedObject> {
	let byType = credentialsByContext.get(context);
	if (!byType) {
		byType = new Map();
		credentialsByContext.set(context, byType);
	}
	let loading = byType.get(credentialType);
	if (!loading) {
		// An authorized account (the node's Authorizer AppID) sees the credential with that AppID: authorizedAccount.ts.
		loading = context.getCredentials(credentialType).then((stored) => asAuthorizedAccount(context, stored));
		byType.set(credentialType, loading);
		loading.catch(() => byType?.delete(credentialType));
	}
	return { ...(await loading) };
}

/** The app's credential fields (AppID, base URL, ...), read once per execution context like every request. */
export async function appCredentialsOf(
	context: RequestContext,
	credentialType: WeChatAppCredentialType,
): Promise<AppCredentials> {
	return readAppCredentials(await credentialsOf(context, credentialType));
}

/** One HTTP exchange with WeChat, as the loop in weChatApiRequest sees it. */
interface OneSend {
	credentialType: WeChatAppCredentialType;
	request: WeChatRequest;
	/** The credential as stored (read once per execution context). */
	stored: ICredentialDataDecryptedObject;
	app: AppCredentials;
	/** The token to send; '' makes n8n fetch one through the credential's preAuthentication. */
	token: string;
	credentialRef: { id: string | null; name: string } | undefined;
}

async function sendOnce(
	this: RequestContext,
	{ credentialType, request, stored, app, token, credentialRef }: OneSend,
): Promise<Attempt> {
	// A blank token makes n8n run the credential's preAuthentication (token.ts), store the new token in the
	// database for every worker, and merge it into this object before the request is sent.
	const data: ICredentialDataDecryptedObject = { ...stored, accessToken: token };
	const qs: IDataObject = { ...(request.qs ?? {}) };
	if (request.withAppSecret) {
		qs.appid = app.appId;
		qs.secret = app.appSecret;
	}
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${app.baseUrl}${request.path}`,
		qs,
		json: true,
		timeout: REQUEST_TIMEOUT_MS,
	};
	if (request.body !== undefined) options.body = request.body;
	if (request.rawBody) Object.assign(options, { body: request.rawBody.data, headers: { 'Content-Type': request.rawBody.contentType } });
	if (request.fileAnswer) Object.assign(options, FILE_ANSWER_OPTIONS);

	let body: unknown;
	let failure: unknown;
	try {
		body = await this.helpers.httpRequestWithAuthentication.call(this, credentialType, options, {
			credentialsDecrypted: {
				id: credentialRef?.id ?? '',
				name: credentialRef?.name ?? '',
				type: credentialType,
				data,
			},
		});
	} catch (error) {
		failure = error;
	}
	if (failure !== undefined) {
		const tokenError = findTokenFetchError(failure);
		if (tokenError) return { kind: 'tokenFetchFailed', error: tokenError };
		const status = httpStatusOf(failure);
		if (isWrongAddressStatus(status)) return { kind: 'wrongAddress', answered: `with HTTP ${status}` };
		return { kind: 'unreachable', ...describeNetworkFailure(failure) };
	}
	if (request.fileAnswer) body = fileOrJson(body);
	if (typeof body === 'string') {
		try {
			body = JSON.parse(body);
		} catch {
			return { kind: 'wrongAddress', answered: 'with something that is not JSON (an HTML page?)' };
		}
	}
	if (!body || typeof body !== 'object') {
		return { kind: 'wrongAddress', answered: 'with an empty body' };
	}
	return { kind: 'answer', body: body as IDataObject, token: String(data.accessToken ?? '') };
}

function findTokenFetchError(error: unknown): TokenFetchError | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current; depth++) {
		if (current instanceof TokenFetchError) return current;
		if (current instanceof Error && current.name === 'TokenFetchError') return current as TokenFetchError;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}
