/**
 * Customer-service images, voice and video from an n8n binary field (Media Source "Binary Field"): every
 * such item's file is read and checked before anything is sent (type, size: media/limits.ts), and uploaded
 * as temporary media right before its message goes out: once per item, and once per run for the same
 * bytes (keyed by SHA-256). The returned media_id goes into the message.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { WeChatAppCredentialType } from '../client/transport';
import { stringParameter } from '../items/parameters';
import type { MediaType } from '../media/limits';
import { MediaUploads, readMediaFile } from '../media/upload';

const MEDIA_MESSAGES = new Set(['image', 'voice', 'video']);

interface PendingUpload {
	type: MediaType;
	field: string;
	sha256: string;
}

export interface BinaryMedia {
	/** The check's error of an item, thrown by its build (the batch reports it before anything is sent). */
	problemOf(itemIndex: number): NodeOperationError | undefined;
	/** Uploads the item's file (if it has one) and puts the media_id into its body. */
	fill(itemIndex: number, body: IDataObject): Promise<void>;
}

/** True when the item's message takes its file from a binary field. */
export function usesBinaryMedia(this: IExecuteFunctions, itemIndex: number): boolean {
	const msgtype = stringParameter.call(this, 'messageType', itemIndex, 'text');
	return MEDIA_MESSAGES.has(msgtype) && stringParameter.call(this, 'mediaSource', itemIndex, 'mediaId') === 'binary';
}

/** Reads and checks every item's binary file (nothing is uploaded yet). */
export async function prepareBinaryMedia(this: IExecuteFunctions, credentialType: WeChatAppCredentialType): Promise<BinaryMedia> {
	const pending = new Map<number, PendingUpload | NodeOperationError>();
	for (let i = 0; i < this.getInputData().length; i++) {
		if (!usesBinaryMedia.call(this, i)) continue;
		const type = stringParameter.call(this, 'messageType', i) as MediaType;
		const field = stringParameter.call(this, 'binaryPropertyName', i, 'data');
		try {
			const { sha256 } = await readMediaFile.call(this, i, field, type, 'Input Binary Field');
			pending.set(i, { type, field, sha256 });
		} catch (error) {
			pending.set(i, error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error as Error, { itemIndex: i }));
		}
	}
	const uploads = new MediaUploads(this, credentialType);
	return {
		problemOf: (itemIndex) => {
			const entry = pending.get(itemIndex);
			return entry instanceof NodeOperationError ? entry : undefined;
		},
		fill: async (itemIndex, body) => {
			const entry = pending.get(itemIndex);
			if (!entry || entry instanceof NodeOperationError) return;
			const { type, field, sha256 } = entry;
			const uploaded = await uploads.upload(type, sha256, async () => await readMediaFile.call(this, itemIndex, field, type, 'Input Binary Field'));
			(body[type] as IDataObject).media_id = uploaded.mediaId;
		},
	};
}
