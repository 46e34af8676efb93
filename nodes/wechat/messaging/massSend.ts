/**
 * Mass send (群发): the message body for each type, the clientmsgid that makes a retried send harmless, the
 * OpenID list cut into calls, and what one call's answer means. WeChat refuses a second mass send with the
 * same clientmsgid for 24 hours (45065, with the msg_id of the first): a retried execution, or the
 * transport's retry of the SAME body after a lost connection, is reported `alreadySent`, never sent twice.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, NodeApiError } from 'n8n-workflow';

import { errcodeOf } from '../client/errcodes';
import { weChatApiRequest } from '../client/transport';
import { commaList, stringParameter } from '../items/parameters';
import { deriveClientMsgId } from './clientMsgId';
import { sha1Hex } from '../codec/crypto';
import { resultOfFailure, SendBreaker } from './outcome';

/** OpenIDs per message/mass/send call: at least 2, at most 10,000 (WeChat's limits). */
export const MASS_LIST_MAX = 10_000;
export const MASS_LIST_MIN = 2;
/**
 * Text of a mass send: WeChat's console allows 600 characters (群发内容字数上限为600个字符); the API
 * documents no other limit, so the node holds texts to the same.
 */
export const MASS_TEXT_MAX_CHARS = 600;
/** How long WeChat refuses a second mass send with the same clientmsgid. */
export const MASS_DEDUP_MS = 24 * 60 * 60 * 1000;
/** WeChat's limit for a clientmsgid. */
export const MASS_CLIENT_MSG_ID_MAX_BYTES = 64;

export const MASS_MESSAGE_TYPES = ['text', 'image', 'voice', 'mpvideo', 'mpnews', 'wxcard'] as const;
export type MassMessageType = (typeof MASS_MESSAGE_TYPES)[number];

export interface MassContent {
	msgtype: MassMessageType;
	/** The body's message part, e.g. { text: { content } }, plus send_ignore_reprint for articles. */
	fields: IDataObject;
}

function fieldError(this: IExecuteFunctions, itemIndex: number, message: string, description: string): NodeOperationError {
	return new NodeOperationError(this.getNode(), message, { itemIndex, description });
}

/** Reads the message of one item (Message Type and its field); throws what is wrong, naming the field. */
export function readMassContent(this: IExecuteFunctions, itemIndex: number, preview = false): MassContent {
	const msgtype = stringParameter.call(this, 'messageType', itemIndex, 'text') as MassMessageType;
	if (!MASS_MESSAGE_TYPES.includes(msgtype)) {
		throw fieldError.call(this, itemIndex, `Message Type "${msgtype}" is not one WeChat mass sends`, 'Pick Text, Image, Voice, Video, Article or Card.');
	}
	const need = (name: string, label: string, hint: string): string => {
		const value = stringParameter.call(this, name, itemIndex);
		if (!value) throw fieldError.call(this, itemIndex, `${label} is empty`, hint);
		return value;
	};
	const mediaHint = 'Use the media_id of a permanent material (Media > Add a permanent material); temporary media IDs expire after 3 days.';
	switch (msgtype) {
		case 'text': {
			const content = need('text', 'Text', 'Write the message, or pick another Message Type.');
			const length = [...content].length;
			if (length > MASS_TEXT_MAX_CHARS) {
				throw fieldError.call(this, itemIndex, `Text is too long (${length} characters)`, `A mass-sent text has at most ${MASS_TEXT_MAX_CHARS} characters (WeChat's limit): shorten it, or send an article.`);
			}
			return { msgtype, fields: { text: { content } } };
		}
		case 'image': {
			const ids = commaList(need('imageMediaIds', 'Image Media IDs', mediaHint));
			return { msgtype, fields: preview ? { image: { media_id: ids[0] } } : { images: { media_ids: ids } } };
		}
		case 'voice':
		case 'mpvideo':
		case 'mpnews': {
			const mediaId = need('mediaId', 'Media ID', mediaHint);
			const fields: IDataObject = { [msgtype]: { media_id: mediaId } };
			if (msgtype === 'mpnews' && !preview) {
				const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
				fields.send_ignore_reprint = options.sendIgnoreReprint === true ? 1 : 0;
			}
			return { msgtype, fields };
		}
		case 'wxcard':
			return { msgtype, fields: { wxcard: { card_id: need('cardId', 'Card ID', 'Give the card_id of a WeChat card of this account.') } } };
	}
}

/**
 * The clientmsgid of one call: the user's (with the chunk number when a list takes several calls), or one
 * derived from the content, the target and the chunk, so the same mass send run again carries the same IDs.
 */
export function massClientMsgId(given: string, parts: unknown[], chunk = 0, chunks = 1): string {
	if (!given) return deriveClientMsgId([...parts, chunk, chunks]);
	const id = chunks > 1 ? `${given}-${chunk + 1}` : given;
	return Buffer.byteLength(id, 'utf8') <= MASS_CLIENT_MSG_ID_MAX_BYTES ? id : sha1Hex(id);
}

/** An OpenID list cut into calls of at most 10,000 and at least 2 (sizes as even as possible). */
export function massListChunks(openids: string[]): string[][] {
	const count = Math.ceil(openids.length / MASS_LIST_MAX);
	const chunks: string[][] = [];
	let start = 0;
	for (let k = 0; k < count; k++) {
		const size = Math.floor(openids.length / count) + (k < openids.length % count ? 1 : 0);
		chunks.push(openids.slice(start, start + size));
		start += size;
	}
	return chunks;
}

export interface MassResult extends IDataObject {
	outcome: 'sent' | 'alreadySent' | 'unknown' | 'failed' | string;
	reason: string | null;
	msgId: number | string | null;
	msgDataId: number | string | null;
	errcode: number | null;
	errmsg: string | null;
}

/**
 * One mass send call and what its answer means. Errors that are not about this call (configuration, quota,
 * a wrong media ID) are thrown: the caller decides whether anything was sent before.
 */
export async function sendMassCall(this: IExecuteFunctions, path: string, body: IDataObject, breaker: SendBreaker): Promise<MassResult> {
	try {
		const answer = await weChatApiRequest.call(this, 'weChatOfficialAccountApi', {
			method: 'POST',
			path,
			body,
			// The clientmsgid makes the SAME body safe to send again: WeChat answers 45065 if it has it.
			retrySafe: true,
			action: 'mass sending',
		});
		breaker.succeeded();
		const msgId = (answer.msg_id as number | string | undefined) ?? null;
		return { outcome: 'sent', reason: null, msgId, msgDataId: (answer.msg_data_id as number | string | undefined) ?? null, errcode: 0, errmsg: String(answer.errmsg ?? 'ok') };
	} catch (error) {
		const errcode = errcodeOf(error);
		const context = (error as NodeApiError).context ?? {};
		const errmsg = errcode === undefined ? null : String(context.errmsg ?? '');
		if (errcode === 45065) {
			const msgId = (context.msgId as number | string | undefined) ?? null;
			return {
				outcome: 'alreadySent',
				reason: `WeChat already accepted this mass send (same clientmsgid${msgId === null ? '' : `, msg_id ${msgId}`}) within the last 24 hours, so it was not sent again`,
				msgId,
				msgDataId: null,
				errcode,
				errmsg,
			};
		}
		if (errcode === 45066) {
			return {
				outcome: 'unknown',
				reason: 'WeChat is still handling a mass send with this clientmsgid (errcode 45066). Run the node again in a minute with the same content and target: WeChat then answers alreadySent with its msg_id, or sends it once.',
				msgId: null,
				msgDataId: null,
				errcode,
				errmsg,
				resendSafeUntil: new Date(Date.now() + MASS_DEDUP_MS).toISOString(),
			};
		}
		const result = resultOfFailure(this.getNode(), error, breaker, { dedupMs: MASS_DEDUP_MS });
		if (result instanceof Error) throw result;
		const { outcome, reason, errcode: code, errmsg: message, resendSafeUntil } = result;
		// Mass sends call it clientmsgid.
		const said = reason === null ? null : reason.replace('client_msg_id', 'clientmsgid');
		return { outcome, reason: said, msgId: null, msgDataId: null, errcode: code, errmsg: message, ...(resendSafeUntil !== undefined ? { resendSafeUntil } : {}) };
	}
}
