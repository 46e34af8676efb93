/**
 * Media > Upload and Media > Download for both app nodes (the Official Account: image, voice, video, thumb;
 * a Mini Program: image, for customer-service messages). One item = one file.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { CREDENTIAL_TYPE_OF } from '../client/transport';
import type { AppKind } from '../client/transport';
import { DEFAULT_READ_CONCURRENCY } from '../items/description';
import { WithBinary } from '../items/itemLoop';
import { concurrencyOf, stringParameter } from '../items/parameters';
import type { OperationRun } from '../items/router';
import { perItem } from '../items/router';
import { downloadMedia } from './download';
import type { MediaType } from './limits';
import { MediaUploads, readMediaFile } from './upload';

export const MEDIA_TYPES: Record<AppKind, MediaType[]> = {
	officialAccount: ['image', 'voice', 'video', 'thumb'],
	miniProgram: ['image'],
};

/** Upload: every item's binary field is checked first (nothing goes out while one is wrong), then uploaded. */
export async function uploadMediaOperation(this: IExecuteFunctions, app: AppKind): Promise<OperationRun> {
	const uploads = new MediaUploads(this, CREDENTIAL_TYPE_OF[app]);
	const typeOf = (itemIndex: number) => {
		const type = stringParameter.call(this, 'mediaType', itemIndex, 'image') as MediaType;
		return MEDIA_TYPES[app].includes(type) ? type : ('' as MediaType);
	};
	const fieldOf = (itemIndex: number) => stringParameter.call(this, 'binaryPropertyName', itemIndex, 'data');
	const checked = new Map<number, { sha256: string } | NodeOperationError>();
	for (let i = 0; i < this.getInputData().length; i++) {
		try {
			const type = typeOf(i);
			if (!type) throw new NodeOperationError(this.getNode(), `Media Type must be one of ${MEDIA_TYPES[app].join(', ')}`, { itemIndex: i });
			const { sha256 } = await readMediaFile.call(this, i, fieldOf(i), type);
			checked.set(i, { sha256 });
		} catch (error) {
			const failure = error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
			if (!this.continueOnFail()) throw failure;
			checked.set(i, failure);
		}
	}
	return perItem(concurrencyOf.call(this, DEFAULT_READ_CONCURRENCY), async (itemIndex) => {
		const check = checked.get(itemIndex);
		if (check instanceof NodeOperationError) return check;
		const type = typeOf(itemIndex);
		const field = fieldOf(itemIndex);
		const uploaded = await uploads.upload(type, check?.sha256 ?? '', async () => await readMediaFile.call(this, itemIndex, field, type));
		return { ...uploaded };
	});
}

/** Download: the media_id's file into the binary field (default "data"). */
export async function downloadMediaOperation(this: IExecuteFunctions, app: AppKind): Promise<OperationRun> {
	return perItem(concurrencyOf.call(this, DEFAULT_READ_CONCURRENCY), async (itemIndex) => {
		const mediaId = stringParameter.call(this, 'mediaId', itemIndex);
		const field = stringParameter.call(this, 'binaryPropertyName', itemIndex, 'data');
		const { json, binary } = await downloadMedia.call(this, CREDENTIAL_TYPE_OF[app], itemIndex, mediaId);
		return new WithBinary(json, { [field]: binary });
	});
}
