/**
 * Temporary media (临时素材): an n8n binary field checked against WeChat's limits (limits.ts) and uploaded
 * as multipart/form-data to POST /cgi-bin/media/upload through the one transport; the media_id lives 3 days.
 * The Official Account takes image, voice, video and thumb; a Mini Program the same endpoint for images
 * (customer-service images).
 */
import { createHash } from 'crypto';
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { multipartBody } from '../codec/multipart';
import type { WeChatAppCredentialType } from '../client/transport';
import { weChatApiRequest } from '../client/transport';
import type { CheckedMedia, MediaStore, MediaType } from './limits';
import { checkMedia, isMediaProblem, TEMPORARY_MEDIA_SECONDS } from './limits';

export const MEDIA_UPLOAD_PATH = '/cgi-bin/media/upload';

export interface MediaFile extends CheckedMedia {
	data: Buffer;
	/** SHA-256 of the bytes (hex): the same file in one run is uploaded once. */
	sha256: string;
}

export interface UploadedMedia extends IDataObject {
	mediaId: string;
	type: string;
	/** WeChat's created_at as ISO time. */
	createdAt: string;
	/** createdAt + 3 days: after it the media_id no longer works. */
	expiresAt: string;
}

/**
 * The item's binary field, checked for `type` in `store` (extension, size): a NodeOperationError naming the field,
 * WeChat's limit and the fix otherwise. Nothing is sent.
 */
export async function readMediaFile(
	this: IExecuteFunctions,
	itemIndex: number,
	binaryField: string,
	type: MediaType,
	parameter = 'Binary Field',
	store: MediaStore = 'temporary',
): Promise<MediaFile> {
	const node = this.getNode();
	if (!binaryField) {
		throw new NodeOperationError(node, `${parameter} is empty`, {
			itemIndex,
			description: `Set "${parameter}" to the name of the item's binary field holding the file, e.g. data.`,
		});
	}
	const binary = this.helpers.assertBinaryData(itemIndex, binaryField);
	const data = await this.helpers.getBinaryDataBuffer(itemIndex, binaryField);
	const checked = checkMedia(type, { fileName: binary.fileName, mimeType: binary.mimeType, size: data.length }, `Binary field "${binaryField}" (${parameter})`, store);
	if (isMediaProblem(checked)) throw new NodeOperationError(node, checked.message, { itemIndex, description: checked.description });
	return { ...checked, data, sha256: createHash('sha256').update(data).digest('hex') };
}

/** Uploads one checked file as temporary media of `type`. */
export async function uploadTemporaryMedia(
	this: IExecuteFunctions,
	credentialType: WeChatAppCredentialType,
	type: MediaType,
	file: MediaFile,
): Promise<UploadedMedia> {
	const { body, contentType } = multipartBody({}, [{ field: 'media', fileName: file.fileName, contentType: file.contentType, data: file.data }]);
	const answer = await weChatApiRequest.call(this, credentialType, {
		method: 'POST',
		path: MEDIA_UPLOAD_PATH,
		qs: { type },
		rawBody: { data: body, contentType },
		// Uploading again only makes another media_id: safe to retry.
		retrySafe: true,
		action: `uploading ${file.fileName} as ${type}`,
	});
	const mediaId = String(answer.media_id ?? answer.thumb_media_id ?? '');
	const created = Number(answer.created_at) || Math.floor(Date.now() / 1000);
	return {
		mediaId,
		type: String(answer.type ?? type),
		createdAt: new Date(created * 1000).toISOString(),
		expiresAt: new Date((created + TEMPORARY_MEDIA_SECONDS) * 1000).toISOString(),
	};
}

/**
 * Uploads for one run: the same bytes as the same type go up once, whichever items carry them (keyed by
 * SHA-256). A failed upload is forgotten, so the next item with those bytes tries again.
 */
export class MediaUploads {
	private readonly uploads = new Map<string, Promise<UploadedMedia>>();

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly credentialType: WeChatAppCredentialType,
	) {}

	async upload(type: MediaType, sha256: string, read: () => Promise<MediaFile>): Promise<UploadedMedia> {
		const key = `${type}:${sha256}`;
		let pending = this.uploads.get(key);
		if (!pending) {
			pending = read().then(async (file) => await uploadTemporaryMedia.call(this.context, this.credentialType, type, file));
			this.uploads.set(key, pending);
			pending.catch(() => this.uploads.delete(key));
		}
		return await pending;
	}
}
