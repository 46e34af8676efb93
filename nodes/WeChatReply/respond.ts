import { randomInt } from 'crypto';
import { NodeOperationError } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { CallbackCredentialError, readCallbackCredentials } from '../wechat/callback/credentials';
import type { CallbackCredentials } from '../wechat/callback/credentials';
import { findReplyOrigin } from '../wechat/callback/origin';
import { buildReplyMessage, renderReply, ReplyInputError, sealReply } from '../wechat/callback/reply';
import type { Article, ReplyContent, ReplyType } from '../wechat/callback/reply';
import type { MediaType } from '../wechat/media/limits';
import { readMediaFile, uploadTemporaryMedia } from '../wechat/media/upload';

function parameter(this: IExecuteFunctions, name: string): string {
	const value = this.getNodeParameter(name, 0, '');
	return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** The reply's media_id: the Media ID, or the upload of the first item's binary field (Media Source: Binary Field). */
async function replyMediaId(this: IExecuteFunctions, type: MediaType): Promise<string> {
	if (parameter.call(this, 'mediaSource') !== 'binary') return parameter.call(this, 'mediaId');
	const file = await readMediaFile.call(this, 0, parameter.call(this, 'binaryPropertyName').trim(), type, 'Input Binary Field');
	return (await uploadTemporaryMedia.call(this, 'weChatOfficialAccountApi', type, file)).mediaId;
}

async function replyContent(this: IExecuteFunctions): Promise<ReplyContent> {
	const type = this.getNodeParameter('replyType', 0) as ReplyType;
	const reply: ReplyContent = { type };
	const get = (name: string) => parameter.call(this, name);
	switch (type) {
		case 'text':
			reply.content = get('content');
			break;
		case 'image':
		case 'voice':
			reply.mediaId = await replyMediaId.call(this, type);
			break;
		case 'video':
			Object.assign(reply, { mediaId: await replyMediaId.call(this, type), title: get('title'), description: get('description') });
			break;
		case 'music':
			Object.assign(reply, {
				title: get('title'),
				description: get('description'),
				musicUrl: get('musicUrl'),
				hqMusicUrl: get('hqMusicUrl'),
				thumbMediaId: get('thumbMediaId'),
			});
			break;
		case 'news': {
			const collection = this.getNodeParameter('articles', 0, {}) as IDataObject;
			const articles = (Array.isArray(collection.article) ? collection.article : []) as IDataObject[];
			reply.articles = articles.map(
				(article): Article => ({
					title: String(article.title ?? ''),
					description: String(article.description ?? ''),
					picUrl: String(article.picUrl ?? ''),
					url: String(article.url ?? ''),
				}),
			);
			break;
		}
		case 'transferCustomerService':
			reply.kfAccount = get('kfAccount');
			break;
	}
	return reply;
}

/** WeChat's own nonces are digits; any string is signed the same way. */
function replyNonce(): string {
	return String(randomInt(100_000_000, 1_000_000_000));
}

/**
 * Builds the passive reply for the message that started the execution (first item's parameters), seals it
 * in safe/compatible mode, and hands it to n8n as the webhook response. Returns nothing: items pass through.
 */
export async function sendPassiveReply(this: IExecuteFunctions): Promise<void> {
	const node = this.getNode();
	const origin = findReplyOrigin.call(this);

	let credentials: CallbackCredentials;
	try {
		credentials = readCallbackCredentials(await this.getCredentials<ICredentialDataDecryptedObject>('weChatCallbackApi'));
	} catch (error) {
		const why = error instanceof CallbackCredentialError ? error.message : 'the credential could not be read';
		throw new NodeOperationError(node, `WeChat Callback API credential is not usable: ${why}`);
	}
	if (origin.appId && credentials.appId !== origin.appId) {
		throw new NodeOperationError(
			node,
			`The credential's AppID (${credentials.appId}) is not the one of the message (${origin.appId})`,
			{ description: `Select the same WeChat Callback API credential as in "${origin.triggerName}".` },
		);
	}
	if (origin.encrypted && credentials.aesKeys.length === 0) {
		throw new NodeOperationError(node, 'The message came encrypted but the credential has no EncodingAESKey', {
			description: 'Add the EncodingAESKey to the WeChat Callback API credential.',
		});
	}

	// Read (and upload) before the reply is built: a wrong file fails with its own error, naming the limit.
	const content = await replyContent.call(this);
	const now = Math.floor(Date.now() / 1000);
	let plain: string;
	try {
		const message = buildReplyMessage(
			content,
			{ ToUserName: origin.toUserName, FromUserName: origin.fromUserName },
			now,
		);
		plain = renderReply(message, origin.format);
	} catch (error) {
		const why = error instanceof ReplyInputError ? error.message : 'the reply could not be built';
		throw new NodeOperationError(node, `Cannot build the reply: ${why}`, { itemIndex: 0 });
	}

	const body = origin.encrypted
		? sealReply(plain, {
				token: credentials.token,
				aesKey: credentials.aesKeys[0],
				appId: credentials.appId,
				format: origin.format,
				timestamp: String(now),
				nonce: replyNonce(),
			})
		: plain;
	await this.sendResponse({
		body,
		headers: {
			'content-type': origin.format === 'json' ? 'application/json; charset=utf-8' : 'text/xml; charset=utf-8',
		},
		statusCode: 200,
	});
}
