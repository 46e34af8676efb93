/**
 * Permanent material (永久素材) of an Official Account and article images, through the one transport:
 * add (`/cgi-bin/material/add_material`, multipart with the file in "media" and, for a video, its title and
 * introduction in the "description" field), get (`get_material`: the bytes, or JSON for a video and news),
 * delete (`del_material`), count (`get_materialcount`), one page of a list (`batchget_material`, at most 20),
 * and an image for an article's body (`/cgi-bin/media/uploadimg`: a URL, no media_id).
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { multipartBody } from '../codec/multipart';
import { redactText } from '../codec/redact';
import { weChatApiRequest } from '../client/transport';
import type { WeChatRequest } from '../client/transport';
import type { MediaType } from './limits';
import type { MediaFile } from './upload';

export const MATERIAL_PATHS = {
	add: '/cgi-bin/material/add_material',
	get: '/cgi-bin/material/get_material',
	delete: '/cgi-bin/material/del_material',
	count: '/cgi-bin/material/get_materialcount',
	list: '/cgi-bin/material/batchget_material',
	articleImage: '/cgi-bin/media/uploadimg',
} as const;

/** What batchget_material lists (thumbs are listed with the images). */
export type MaterialListType = 'image' | 'voice' | 'video' | 'news';
/** WeChat's page size cap for batchget_material. */
export const MATERIAL_PAGE_SIZE = 20;

const CREDENTIAL = 'weChatOfficialAccountApi';

/** A JSON body sent as bytes: the file answers of get_material need n8n's raw response mode. */
function jsonBody(value: IDataObject): { data: Buffer; contentType: string } {
	return { data: Buffer.from(JSON.stringify(value), 'utf8'), contentType: 'application/json' };
}

/**
 * WeChat's 40007 for a permanent material names the Media ID field, not temporary media (whose hint the
 * errcode table gives); other errors pass through.
 */
async function withMediaId<T>(context: IExecuteFunctions, itemIndex: number, mediaId: string, call: () => Promise<T>): Promise<T> {
	let failure: unknown;
	try {
		return await call();
	} catch (error) {
		failure = error;
	}
	if (failure instanceof NodeApiError && failure.context.errcode === 40007) {
		throw new NodeOperationError(context.getNode(), `Media ID "${mediaId}" is not a permanent material of this account`, {
			itemIndex,
			description: `WeChat errcode 40007: ${String(failure.context.errmsg ?? '')}. Use a media_id from "Add a permanent material" or "Get many permanent materials"; a temporary media ID (Upload media) is not permanent material.`,
		});
	}
	throw failure instanceof NodeApiError || failure instanceof NodeOperationError ? failure : new NodeOperationError(context.getNode(), failure as Error, { itemIndex });
}

export function requireMediaId(context: IExecuteFunctions, itemIndex: number, mediaId: string): string {
	const id = mediaId.trim();
	if (!id) {
		throw new NodeOperationError(context.getNode(), 'Media ID is empty', {
			itemIndex,
			description: 'Set "Media ID" to the media_id of a permanent material (from "Add a permanent material" or "Get many permanent materials").',
		});
	}
	return id;
}

/** Adds one checked file as permanent material; a video carries its title and introduction. */
export async function addMaterial(
	this: IExecuteFunctions,
	type: MediaType,
	file: MediaFile,
	video?: { title: string; introduction: string },
): Promise<IDataObject> {
	const fields: Record<string, string> = video ? { description: JSON.stringify(video) } : {};
	const { body, contentType } = multipartBody(fields, [{ field: 'media', fileName: file.fileName, contentType: file.contentType, data: file.data }]);
	const answer = await weChatApiRequest.call(this, CREDENTIAL, {
		method: 'POST',
		path: MATERIAL_PATHS.add,
		qs: { type },
		rawBody: { data: body, contentType },
		// Adding again after an unknown outcome could store the file twice (a library has a cap): never resent.
		retrySafe: false,
		action: `adding ${file.fileName} as permanent ${type}`,
	});
	const added: IDataObject = { mediaId: String(answer.media_id ?? ''), type, fileName: file.fileName, size: file.data.length };
	if (answer.url) added.url = String(answer.url);
	return added;
}

export interface FetchedMaterial {
	json: IDataObject;
	binary?: IBinaryData;
}

const EXTENSION_OF_TYPE: Record<string, string> = {
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/gif': 'gif',
	'image/bmp': 'bmp',
	'audio/mpeg': 'mp3',
	'audio/amr': 'amr',
	'audio/wav': 'wav',
	'audio/x-ms-wma': 'wma',
};

function fileNameOf(disposition: string, mediaId: string, contentType: string): string {
	const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
	if (match) return decodeURIComponent(match[1]).replace(/[\\/]/g, '_');
	const extension = EXTENSION_OF_TYPE[contentType];
	return extension ? `${mediaId}.${extension}` : mediaId;
}

/** get_material: image, voice and thumb as a binary file; a video's title, description and down_url; news as JSON. */
export async function getMaterial(this: IExecuteFunctions, itemIndex: number, mediaId: string): Promise<FetchedMaterial> {
	const id = requireMediaId(this, itemIndex, mediaId);
	const answer = await withMediaId(this, itemIndex, id, async () =>
		await weChatApiRequest.call(this, CREDENTIAL, {
			method: 'POST',
			path: MATERIAL_PATHS.get,
			rawBody: jsonBody({ media_id: id }),
			fileAnswer: true,
			retrySafe: true,
			action: `getting permanent material ${id}`,
		}),
	);
	if (Buffer.isBuffer(answer.file)) {
		const contentType = String(answer.contentType ?? '').split(';')[0].trim();
		const fileName = fileNameOf(String(answer.contentDisposition ?? ''), id, contentType);
		const binary = await this.helpers.prepareBinaryData(answer.file, fileName, contentType || undefined);
		return { json: { mediaId: id, fileName, mimeType: binary.mimeType, size: answer.file.length }, binary };
	}
	if (Array.isArray(answer.news_item)) return { json: { mediaId: id, type: 'news', news_item: answer.news_item } };
	if (answer.down_url !== undefined || answer.title !== undefined) {
		return { json: { mediaId: id, type: 'video', title: answer.title ?? '', description: answer.description ?? '', down_url: answer.down_url ?? '' } };
	}
	throw new NodeOperationError(this.getNode(), `WeChat answered permanent material ${id} with neither a file, a video nor news`, {
		itemIndex,
		description: redactText(JSON.stringify(answer).slice(0, 300)),
	});
}

export async function deleteMaterial(this: IExecuteFunctions, itemIndex: number, mediaId: string): Promise<IDataObject> {
	const id = requireMediaId(this, itemIndex, mediaId);
	await withMediaId(this, itemIndex, id, async () =>
		await weChatApiRequest.call(this, CREDENTIAL, {
			method: 'POST',
			path: MATERIAL_PATHS.delete,
			body: { media_id: id },
			// A delete sent again after it went through answers 40007: not resent, the outcome is reported.
			retrySafe: false,
			action: `deleting permanent material ${id}`,
		}),
	);
	return { mediaId: id, deleted: true };
}

/** get_materialcount: WeChat's voice_count, video_count, image_count, news_count. */
export async function countMaterials(this: IExecuteFunctions): Promise<IDataObject> {
	const answer = await weChatApiRequest.call(this, CREDENTIAL, {
		method: 'GET',
		path: MATERIAL_PATHS.count,
		retrySafe: true,
		action: 'counting permanent materials',
	});
	return Object.fromEntries(Object.entries(answer).filter(([key]) => key !== 'errcode' && key !== 'errmsg'));
}

/**
 * Reads `type` materials from `offset` on, 20 per call, until `limit` (undefined: all) or the end. Each
 * record is WeChat's (media_id, name, update_time, url; news: media_id, content, update_time) with its type.
 */
export async function listMaterials(this: IExecuteFunctions, type: MaterialListType, limit?: number, offset = 0): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	for (let at = offset; limit === undefined || records.length < limit; ) {
		const count = Math.min(MATERIAL_PAGE_SIZE, limit === undefined ? MATERIAL_PAGE_SIZE : limit - records.length);
		const request: WeChatRequest = {
			method: 'POST',
			path: MATERIAL_PATHS.list,
			body: { type, offset: at, count },
			retrySafe: true,
			action: `listing permanent ${type} materials from ${at}`,
		};
		const page = await weChatApiRequest.call(this, CREDENTIAL, request);
		const items = (Array.isArray(page.item) ? page.item : []) as IDataObject[];
		for (const item of items) records.push({ type, ...item });
		at += items.length;
		if (items.length === 0 || at >= Number(page.total_count ?? 0)) break;
	}
	return limit === undefined ? records : records.slice(0, limit);
}

/** uploadimg: an image for an article's body; WeChat answers its URL (no media_id, not in the library). */
export async function uploadArticleImage(this: IExecuteFunctions, file: MediaFile): Promise<IDataObject> {
	const { body, contentType } = multipartBody({}, [{ field: 'media', fileName: file.fileName, contentType: file.contentType, data: file.data }]);
	const answer = await weChatApiRequest.call(this, CREDENTIAL, {
		method: 'POST',
		path: MATERIAL_PATHS.articleImage,
		rawBody: { data: body, contentType },
		// Uploading again only makes another URL (article images are not counted in the library): safe to retry.
		retrySafe: true,
		action: `uploading ${file.fileName} as an article image`,
	});
	return { url: String(answer.url ?? ''), fileName: file.fileName, size: file.data.length };
}
