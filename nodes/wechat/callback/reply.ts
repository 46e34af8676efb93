/**
 * Passive replies: the message object WeChat expects for each reply type, its XML or JSON text, and the
 * safe-mode envelope (<xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml>, or the same fields in JSON).
 * Pure functions: the node gathers parameters, these build bytes, the unit tests pin them to the vectors.
 */
import { encryptMessage, messageSignature } from '../codec/crypto';
import { buildXml } from '../codec/xmlWriter';
import type { XmlInput } from '../codec/xmlWriter';

export type ReplyType = 'text' | 'image' | 'voice' | 'video' | 'music' | 'news' | 'transferCustomerService';
export type ReplyFormat = 'xml' | 'json';

/** WeChat shows at most 8 articles in a news reply (1 when answering a user's message in current clients). */
export const MAX_ARTICLES = 8;

export interface Article {
	title: string;
	description?: string;
	picUrl?: string;
	url?: string;
}

export interface ReplyContent {
	type: ReplyType;
	content?: string;
	mediaId?: string;
	title?: string;
	description?: string;
	musicUrl?: string;
	hqMusicUrl?: string;
	thumbMediaId?: string;
	articles?: Article[];
	kfAccount?: string;
}

/** A reply content problem, worded for the node's error message: which field, what to do. */
export class ReplyInputError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ReplyInputError';
	}
}

function optional(value: string | undefined): string | undefined {
	return value === undefined || value === '' ? undefined : value;
}

function required(value: string | undefined, field: string): string {
	if (value === undefined || value.trim() === '') throw new ReplyInputError(`${field} is empty`);
	return value;
}

/**
 * The reply message, To/From swapped from the incoming message: the reply goes to the user
 * (`FromUserName` of the message) from the account (`ToUserName` of the message).
 */
export function buildReplyMessage(
	reply: ReplyContent,
	incoming: { ToUserName: string; FromUserName: string },
	createTime: number,
): XmlInput {
	const head: XmlInput = {
		ToUserName: incoming.FromUserName,
		FromUserName: incoming.ToUserName,
		CreateTime: createTime,
	};
	switch (reply.type) {
		case 'text':
			return { ...head, MsgType: 'text', Content: required(reply.content, 'Text') };
		case 'image':
			return { ...head, MsgType: 'image', Image: { MediaId: required(reply.mediaId, 'Media ID') } };
		case 'voice':
			return { ...head, MsgType: 'voice', Voice: { MediaId: required(reply.mediaId, 'Media ID') } };
		case 'video':
			return {
				...head,
				MsgType: 'video',
				Video: {
					MediaId: required(reply.mediaId, 'Media ID'),
					Title: optional(reply.title),
					Description: optional(reply.description),
				},
			};
		case 'music':
			return {
				...head,
				MsgType: 'music',
				Music: {
					Title: optional(reply.title),
					Description: optional(reply.description),
					MusicUrl: optional(reply.musicUrl),
					HQMusicUrl: optional(reply.hqMusicUrl),
					ThumbMediaId: required(reply.thumbMediaId, 'Thumbnail Media ID'),
				},
			};
		case 'news': {
			const articles = reply.articles ?? [];
			if (articles.length === 0) throw new ReplyInputError('Articles is empty: add at least one article');
			if (articles.length > MAX_ARTICLES) {
				throw new ReplyInputError(`Articles has ${articles.length} entries: WeChat accepts at most ${MAX_ARTICLES}`);
			}
			return {
				...head,
				MsgType: 'news',
				ArticleCount: articles.length,
				Articles: {
					item: articles.map((article, index) => ({
						Title: required(article.title, `Title of article ${index + 1}`),
						Description: optional(article.description),
						PicUrl: optional(article.picUrl),
						Url: optional(article.url),
					})),
				},
			};
		}
		case 'transferCustomerService': {
			const kfAccount = optional(reply.kfAccount?.trim());
			return {
				...head,
				MsgType: 'transfer_customer_service',
				TransInfo: kfAccount ? { KfAccount: kfAccount } : undefined,
			};
		}
		default:
			throw new ReplyInputError(`Unknown reply type "${String(reply.type)}"`);
	}
}

/** Drops fields left undefined (the XML writer skips them; JSON.stringify would too, but keep it explicit). */
function withoutUndefined(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(withoutUndefined);
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [key, child] of Object.entries(value)) {
			if (child !== undefined && child !== null) out[key] = withoutUndefined(child);
		}
		return out;
	}
	return value;
}

/** The reply as WeChat reads it: XML for XML callbacks, the same fields as JSON for JSON callbacks. */
export function renderReply(message: XmlInput, format: ReplyFormat): string {
	return format === 'json' ? JSON.stringify(withoutUndefined(message)) : buildXml(message);
}

export interface SealOptions {
	token: string;
	aesKey: Buffer;
	appId: string;
	format: ReplyFormat;
	/** Unix seconds, as a string exactly as it is signed. */
	timestamp: string;
	nonce: string;
	/** Only to reproduce official vectors; random otherwise. */
	random?: Buffer;
}

/** The safe-mode envelope around a rendered reply: Encrypt plus MsgSignature over it. */
export function sealReply(plainReply: string, options: SealOptions): string {
	const encrypt = options.random
		? encryptMessage(plainReply, options.aesKey, options.appId, options.random)
		: encryptMessage(plainReply, options.aesKey, options.appId);
	const envelope = {
		Encrypt: encrypt,
		MsgSignature: messageSignature(options.token, options.timestamp, options.nonce, encrypt),
		TimeStamp: Number(options.timestamp),
		Nonce: options.nonce,
	};
	return options.format === 'json' ? JSON.stringify(envelope) : buildXml(envelope);
}
