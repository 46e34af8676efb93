/**
 * GET /cgi-bin/media/get: a temporary media file into an n8n binary field. WeChat answers the bytes, or
 * JSON: an error (40007: the media ID does not exist or expired) or, for a video, its download URL.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { redactText } from '../codec/redact';
import type { WeChatAppCredentialType } from '../client/transport';
import { weChatApiRequest } from '../client/transport';

export const MEDIA_GET_PATH = '/cgi-bin/media/get';

export interface DownloadedMedia {
	json: IDataObject;
	binary: IBinaryData;
}

/** The file name WeChat gives in Content-Disposition, else the media ID. */
function fileNameOf(disposition: string, mediaId: string): string {
	const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
	return match ? decodeURIComponent(match[1]).replace(/[\\/]/g, '_') : mediaId;
}

export async function downloadMedia(
	this: IExecuteFunctions,
	credentialType: WeChatAppCredentialType,
	itemIndex: number,
	mediaId: string,
): Promise<DownloadedMedia> {
	if (!mediaId) {
		throw new NodeOperationError(this.getNode(), 'Media ID is empty', {
			itemIndex,
			description: 'Set "Media ID" to the media_id of a file uploaded to WeChat (or received in a message: {{ $json.MediaId }}).',
		});
	}
	const answer = await weChatApiRequest.call(this, credentialType, {
		method: 'GET',
		path: MEDIA_GET_PATH,
		qs: { media_id: mediaId },
		fileAnswer: true,
		retrySafe: true,
		action: `downloading media ${mediaId}`,
	});
	if (Buffer.isBuffer(answer.file)) {
		const fileName = fileNameOf(String(answer.contentDisposition ?? ''), mediaId);
		const contentType = String(answer.contentType ?? '').split(';')[0] || undefined;
		const binary = await this.helpers.prepareBinaryData(answer.file, fileName, contentType);
		return { json: { mediaId, fileName, mimeType: binary.mimeType, size: answer.file.length }, binary };
	}
	const videoUrl = String(answer.video_url ?? '');
	if (!videoUrl) {
		throw new NodeOperationError(this.getNode(), `WeChat answered media ${mediaId} with neither a file nor a video URL`, {
			itemIndex,
			description: redactText(JSON.stringify(answer).slice(0, 300)),
		});
	}
	// A video's URL carries no token: fetch it as is.
	const data = (await this.helpers.httpRequest({ method: 'GET', url: videoUrl, encoding: 'arraybuffer', json: false })) as Buffer | ArrayBuffer;
	const bytes = Buffer.isBuffer(data) ? data : Buffer.from(new Uint8Array(data));
	const binary = await this.helpers.prepareBinaryData(bytes, `${mediaId}.mp4`, 'video/mp4');
	return { json: { mediaId, fileName: `${mediaId}.mp4`, mimeType: 'video/mp4', size: bytes.length, videoUrl }, binary };
}
