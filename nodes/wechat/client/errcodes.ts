import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { redactText } from '../codec/redact';
import { BROADCAST_ERRCODES } from './broadcastErrcodes';
import { PLATFORM_ERRCODES } from './platformErrcodes';
import { TEMPLATE_LIBRARY_ERRCODES } from './templateLibraryErrcodes';

/**
 * What the transport does with an errcode: `token` refreshes the access token and retries (a token refused twice in a row is replaced),
 * `backoff` waits and retries (WeChat did not act on the call), `fail` reports at once.
 */
export type ErrcodeHandling = 'token' | 'backoff' | 'fail';

/**
 * What an errcode means for the item that caused it. Recipient outcomes are data: one bad recipient never
 * stops a batch. Configuration errors stop the node (unless Continue On Fail): every later item would fail too.
 */
export type ErrcodeScope = 'recipient' | 'configuration' | 'account' | 'transient' | 'input';

/** What a send reports for a recipient errcode (scope 'recipient'); 'failed' when none is given. */
export type RecipientOutcome = 'notFollowing' | 'invalidOpenid' | 'refused' | 'windowClosed' | 'quotaExceeded' | 'tooManyTags' | 'failed';

export interface ErrcodeInfo {
	message: string;
	hint: string;
	handling: ErrcodeHandling;
	scope: ErrcodeScope;
	outcome?: RecipientOutcome;
}

/** The one place that says what a WeChat errcode means and what the user should do about it. */
export const ERRCODES: Record<number, ErrcodeInfo> = {
	[-1]: {
		message: 'WeChat is busy',
		hint: 'A temporary WeChat fault. The node retries reads and deduplicated sends with back-off; run the item again later.',
		handling: 'backoff',
		scope: 'transient',
	},
	40001: {
		message: 'The access token was rejected',
		hint: 'Another system probably refreshed this account\'s token with the classic endpoint. The node fetches a token and retries (a token refused twice in a row is replaced: force-refreshed with the stable token); if this persists, make every system use the stable token (or one central token server).',
		handling: 'token',
		scope: 'account',
	},
	40014: {
		message: 'The access token is not valid',
		hint: 'The node fetches a token and retries (a token refused twice in a row is replaced). If you use an external token server, check that it returns a current token for this AppID.',
		handling: 'token',
		scope: 'account',
	},
	42001: {
		message: 'The access token has expired',
		hint: 'The node fetches a token and retries (a token refused twice in a row is replaced). If you use an external token server, check that it refreshes before expiry.',
		handling: 'token',
		scope: 'account',
	},
	40013: {
		message: 'The AppID is not valid',
		hint: 'Copy the AppID from the WeChat console (Official Account: Settings and Development > Basic Configuration; Mini Program: Development > Development Management > Development Settings) into the credential.',
		handling: 'fail',
		scope: 'account',
	},
	40125: {
		message: 'The AppSecret is not valid',
		hint: 'Reset or copy the AppSecret in the WeChat console (Official Account: Settings and Development > Basic Configuration; Mini Program: Development > Development Management > Development Settings) and paste it into the credential.',
		handling: 'fail',
		scope: 'account',
	},
	40164: {
		message: 'This server\'s IP address is not on the account\'s IP whitelist',
		hint: 'Add the IP address shown in WeChat\'s message to the IP whitelist in the WeChat console (Official Account: Settings and Development > Basic Configuration; Mini Program: Development > Development Management > Development Settings), or set the credential\'s API base URL to a proxy whose IP is whitelisted.',
		handling: 'fail',
		scope: 'account',
	},
	41001: {
		message: 'The access token is missing',
		hint: 'Check the credential\'s token source; an external token server must return {"access_token": "...", "expires_in": 7200}.',
		handling: 'fail',
		scope: 'account',
	},
	41002: {
		message: 'The AppID is missing',
		hint: 'Fill in the AppID in the credential.',
		handling: 'fail',
		scope: 'account',
	},
	41004: {
		message: 'The AppSecret is missing',
		hint: 'Fill in the AppSecret in the credential.',
		handling: 'fail',
		scope: 'account',
	},
	45009: {
		message: 'The daily quota for this API is used up',
		hint: 'WeChat resets quotas at midnight (China time). Quotas can be reset a limited number of times in the WeChat console.',
		handling: 'fail',
		scope: 'account',
	},
	45011: {
		message: 'Calls are too frequent',
		hint: 'The node backs off and retries; lower the node\'s Concurrency option if this keeps happening.',
		handling: 'backoff',
		scope: 'transient',
	},
	48001: {
		message: 'This API is not authorized for this account',
		hint: 'The account type or its verification status does not allow this API (for example a personal subscription account, or an Official Account credential used for a Mini Program API). This is not a token problem.',
		handling: 'fail',
		scope: 'configuration',
	},
	40003: {
		message: 'The OpenID is not valid for this account',
		hint: 'OpenIDs differ per account: an OpenID from the Mini Program cannot be used with the Official Account. Use the Official Account node\'s "Find a follower by UnionID" to get the Official Account OpenID.',
		handling: 'fail',
		scope: 'recipient',
		outcome: 'invalidOpenid',
	},
	43004: {
		message: 'The recipient does not follow the Official Account',
		hint: 'Template messages reach followers only.',
		handling: 'fail',
		scope: 'recipient',
		outcome: 'notFollowing',
	},
	43101: {
		message: 'The user has not accepted this subscribe message, or has no subscription left',
		hint: 'Each acceptance of a one-time template allows one message (a long-term template many): ask the user to subscribe again (Mini Program: wx.requestSubscribeMessage; Official Account: the subscribe-notification button), and record "no credit" in your subscription ledger so the next run skips the user.',
		handling: 'fail',
		scope: 'recipient',
		outcome: 'refused',
	},
	47003: {
		message: 'The template data is not valid',
		hint: 'WeChat\'s message names the field: check that every keyword of the template has a value of the right type and length.',
		handling: 'fail',
		scope: 'configuration',
	},
	40037: {
		message: 'The template ID is not valid',
		hint: 'Pick the template from the list, or copy its ID from the WeChat console (Template Messages / Subscribe Messages > My Templates).',
		handling: 'fail',
		scope: 'configuration',
	},
	41030: {
		message: 'The Mini Program page is not valid',
		hint: 'The page must exist in the published Mini Program (for example pages/index/index, without a leading slash).',
		handling: 'fail',
		scope: 'configuration',
	},
	40029: {
		message: 'The login code is not valid',
		hint: 'A wx.login code works once and for 5 minutes; call wx.login again and send the new code.',
		handling: 'fail',
		scope: 'input',
	},
	40163: {
		message: 'The login code has already been used',
		hint: 'A wx.login code works once; call wx.login again and send the new code.',
		handling: 'fail',
		scope: 'input',
	},
	40032: {
		message: 'Too many OpenIDs in one request',
		hint: 'WeChat accepts at most 100 users per batch request.',
		handling: 'fail',
		scope: 'input',
	},
	45015: {
		message: 'The user\'s customer-service window is closed (no recent message from the user, or the user unfollowed)',
		hint: 'Customer-service messages reach a user only for a while after the user wrote to the account, tapped a menu, followed or scanned a QR code (WeChat\'s current rule: see the README). Wait for the user\'s next message, or use a template or subscribe message.',
		handling: 'fail',
		scope: 'recipient',
		outcome: 'windowClosed',
	},
	45047: {
		message: 'The user\'s customer-service message quota is used up',
		hint: 'WeChat allows only a few customer-service messages per user interaction (WeChat\'s current rule: see the README). The next message from the user opens a new quota.',
		handling: 'fail',
		scope: 'recipient',
		outcome: 'quotaExceeded',
	},
	40004: {
		message: 'WeChat does not take this media type',
		hint: 'Media Type must be image, voice, video or thumb (a Mini Program takes image only).',
		handling: 'fail',
		scope: 'input',
	},
	40005: {
		message: 'WeChat does not take this file type',
		hint: 'Image: bmp, png, jpeg, jpg, gif; voice: amr, mp3; video: mp4; thumb: jpg (README: "Media"). The file name must end with the extension.',
		handling: 'fail',
		scope: 'input',
	},
	40006: {
		message: 'The file is too large (or empty) for WeChat',
		hint: 'Image and video at most 10 MB, voice 2 MB, thumb 64 KB (README: "Media").',
		handling: 'fail',
		scope: 'input',
	},
	40007: {
		message: 'The media ID does not exist (or has expired)',
		hint: 'Temporary media lives 3 days: upload the file again (Media > Upload, or a "Binary Field" source) and use the new media_id.',
		handling: 'fail',
		scope: 'input',
	},
	40113: {
		message: 'WeChat does not take a file without an extension',
		hint: 'The file name must end with its extension, e.g. photo.png.',
		handling: 'fail',
		scope: 'input',
	},
	45002: {
		message: 'The message content is too long',
		hint: 'Shorten the text (the node refuses texts over 2048 UTF-8 bytes before sending).',
		handling: 'fail',
		scope: 'input',
	},
	...BROADCAST_ERRCODES,
	...PLATFORM_ERRCODES,
	...TEMPLATE_LIBRARY_ERRCODES,
};

export const TOKEN_ERRCODES = [40001, 40014, 42001];

export function errcodeInfo(errcode: number): ErrcodeInfo {
	return (
		ERRCODES[errcode] ?? {
			message: `WeChat refused the request (errcode ${errcode})`,
			hint: 'See WeChat\'s message below; the global errcode list is at https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html',
			handling: 'fail',
			scope: 'configuration',
		}
	);
}

/** The plain-English reason for an errcode, with WeChat's own errmsg beside it (tokens redacted). */
export function describeErrcode(errcode: number, errmsg: string): string {
	return `${errcodeInfo(errcode).message} (WeChat errcode ${errcode}: ${redactText(errmsg)})`;
}

/**
 * A NodeApiError for a WeChat errcode. The error response handed to n8n holds only errcode and errmsg:
 * never the request, whose URL carries the access token.
 */
export function weChatApiError(node: INode, errcode: number, errmsg: string, action?: string, answer?: { msg_id?: unknown }): NodeApiError {
	const info = errcodeInfo(errcode);
	const safeErrmsg = redactText(errmsg);
	const error = new NodeApiError(node, { errcode, errmsg: safeErrmsg } as JsonObject, {
		message: action ? `${info.message} (${action})` : info.message,
		description: `WeChat errcode ${errcode}: ${safeErrmsg}. ${info.hint}`,
		httpCode: String(errcode),
	});
	error.context.errcode = errcode;
	error.context.errmsg = safeErrmsg;
	error.context.scope = info.scope;
	// 45065 (a mass send with this clientmsgid exists) names the earlier send: kept for its outcome.
	if (answer?.msg_id !== undefined) error.context.msgId = answer.msg_id as number | string;
	return error;
}

/**
 * WeChat could not be reached, or answered something that is not WeChat's JSON: no errcode to go by. A send
 * reports it as that recipient's failure (the breaker counts it); anything else treats it as an error.
 */
export class WeChatUnreachableError extends NodeApiError {}

/**
 * Marks the error of a write that WeChat may have carried out (the connection was lost after the request
 * went out, or WeChat answered -1 at some attempt): the send's outcome is then `unknown`, never `failed`.
 */
export function markDeliveryUnknown<E extends NodeApiError>(error: E, firstAttemptAt: number): E {
	error.context.deliveryUnknown = true;
	error.context.firstAttemptAt = firstAttemptAt;
	return error;
}

/** When the first attempt of a write whose outcome is unknown went out, or undefined for any other error. */
export function deliveryUnknownSince(error: unknown): number | undefined {
	if (error instanceof NodeApiError && error.context.deliveryUnknown === true) return Number(error.context.firstAttemptAt);
	return undefined;
}

/** Reads the errcode that weChatApiError attached, or undefined for any other error. */
export function errcodeOf(error: unknown): number | undefined {
	if (error instanceof NodeApiError && typeof error.context.errcode === 'number') {
		return error.context.errcode;
	}
	return undefined;
}
