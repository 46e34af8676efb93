/**
 * Media > permanent material and article images on the Official Account node (a Mini Program has only
 * temporary media). One item = one file or one media ID; Count and Get Many run once per input item.
 * Files are checked for every item before the first call: a wrong file fails naming the field and WeChat's
 * limit, and nothing is sent while one is wrong (Continue On Fail: that item fails, the others go).
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { DEFAULT_READ_CONCURRENCY } from '../items/description';
import { WithBinary } from '../items/itemLoop';
import { concurrencyOf, stringParameter } from '../items/parameters';
import type { OperationRun } from '../items/router';
import { perItem } from '../items/router';
import type { MediaStore, MediaType } from './limits';
import { WECHAT_MEDIA_LIMITS } from './limits';
import { addMaterial, countMaterials, deleteMaterial, getMaterial, listMaterials, uploadArticleImage } from './material';
import type { MaterialListType } from './material';
import { readMediaFile } from './upload';
import type { MediaFile } from './upload';

export const PERMANENT_TYPES = Object.keys(WECHAT_MEDIA_LIMITS.permanent.types) as MediaType[];
export const MATERIAL_LIST_TYPES: MaterialListType[] = ['image', 'voice', 'video', 'news'];
const FIELD = 'Input Binary Field';

/** Every item's file read and checked first; the errors (Continue On Fail) kept for their items. */
async function checkFiles(
	context: IExecuteFunctions,
	store: MediaStore,
	typeOf: (itemIndex: number) => MediaType,
): Promise<Map<number, MediaFile | NodeOperationError>> {
	const checked = new Map<number, MediaFile | NodeOperationError>();
	for (let i = 0; i < context.getInputData().length; i++) {
		try {
			const field = stringParameter.call(context, 'binaryPropertyName', i, 'data').trim();
			checked.set(i, await readMediaFile.call(context, i, field, typeOf(i), FIELD, store));
		} catch (error) {
			const failure = error instanceof NodeOperationError ? error : new NodeOperationError(context.getNode(), error as Error, { itemIndex: i });
			if (!context.continueOnFail()) throw failure;
			checked.set(i, failure);
		}
	}
	return checked;
}

/** Add a permanent material: image, voice, video (with title and introduction) or thumb. */
export async function addMaterialOperation(this: IExecuteFunctions): Promise<OperationRun> {
	const typeOf = (itemIndex: number): MediaType => {
		const type = stringParameter.call(this, 'mediaType', itemIndex, 'image') as MediaType;
		if (!PERMANENT_TYPES.includes(type)) {
			throw new NodeOperationError(this.getNode(), `Media Type must be one of ${PERMANENT_TYPES.join(', ')}`, { itemIndex });
		}
		if (type === 'video' && !stringParameter.call(this, 'title', itemIndex).trim()) {
			throw new NodeOperationError(this.getNode(), 'Title is empty: WeChat lists a permanent video by its title', {
				itemIndex,
				description: 'Set "Title" (and "Introduction") for the video.',
			});
		}
		return type;
	};
	const files = await checkFiles(this, 'permanent', typeOf);
	// One at a time: adds are never resent and fill a capped library; the order of the items is kept.
	return perItem(1, async (itemIndex) => {
		const file = files.get(itemIndex);
		if (!file || file instanceof NodeOperationError) return file ?? new NodeOperationError(this.getNode(), 'No file', { itemIndex });
		const type = typeOf(itemIndex);
		const video =
			type === 'video'
				? { title: stringParameter.call(this, 'title', itemIndex).trim(), introduction: stringParameter.call(this, 'introduction', itemIndex).trim() }
				: undefined;
		return await addMaterial.call(this, type, file, video);
	});
}

/** Get a permanent material: a file into the output binary field, or a video's or news' JSON. */
export async function getMaterialOperation(this: IExecuteFunctions): Promise<OperationRun> {
	return perItem(concurrencyOf.call(this, DEFAULT_READ_CONCURRENCY), async (itemIndex) => {
		const fetched = await getMaterial.call(this, itemIndex, stringParameter.call(this, 'mediaId', itemIndex));
		if (!fetched.binary) return fetched.json;
		const field = stringParameter.call(this, 'binaryPropertyName', itemIndex, 'data').trim() || 'data';
		return new WithBinary(fetched.json, { [field]: fetched.binary });
	});
}

export async function deleteMaterialOperation(this: IExecuteFunctions): Promise<OperationRun> {
	return perItem(1, async (itemIndex) => await deleteMaterial.call(this, itemIndex, stringParameter.call(this, 'mediaId', itemIndex)));
}

export async function countMaterialsOperation(this: IExecuteFunctions): Promise<OperationRun> {
	return perItem(1, async () => await countMaterials.call(this));
}

/** Get many permanent materials of one type, 20 per call, Return All or up to Limit. */
export async function getAllMaterialsOperation(this: IExecuteFunctions): Promise<OperationRun> {
	return perItem(1, async (itemIndex) => {
		const type = stringParameter.call(this, 'materialType', itemIndex, 'image') as MaterialListType;
		if (!MATERIAL_LIST_TYPES.includes(type)) {
			throw new NodeOperationError(this.getNode(), `Material Type must be one of ${MATERIAL_LIST_TYPES.join(', ')}`, { itemIndex });
		}
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const limit = returnAll ? undefined : Math.floor(Number(this.getNodeParameter('limit', itemIndex, 50)));
		if (limit !== undefined && !(limit >= 1)) {
			throw new NodeOperationError(this.getNode(), `Limit must be 1 or more (got ${String(limit)})`, {
				itemIndex,
				description: 'Set Limit to the number of materials to return, or turn on Return All.',
			});
		}
		return await listMaterials.call(this, type, limit);
	});
}

/** Upload an article image: jpg or png under 1 MB; WeChat answers a URL for the article's body. */
export async function uploadArticleImageOperation(this: IExecuteFunctions): Promise<OperationRun> {
	const files = await checkFiles(this, 'articleImage', () => 'image');
	return perItem(concurrencyOf.call(this, DEFAULT_READ_CONCURRENCY), async (itemIndex) => {
		const file = files.get(itemIndex);
		if (!file || file instanceof NodeOperationError) return file ?? new NodeOperationError(this.getNode(), 'No file', { itemIndex });
		return await uploadArticleImage.call(this, file);
	});
}
