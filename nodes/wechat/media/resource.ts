/**
 * The Media resource, the same on both app nodes but for the app kind: temporary media (upload, download)
 * on both, with the media types of the app; permanent material (add, get, delete, count, get many) and
 * article images on the Official Account only (a Mini Program has no material library). Its Operation
 * parameter, each operation's parameters and what runs it. A node's actions/media/index.ts is this
 * resource for its app.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { AppKind } from '../client/transport';
import { operationParameters, operationProperty } from '../items/description';
import type { Operation } from '../items/router';
import {
	addMaterialOperation,
	countMaterialsOperation,
	deleteMaterialOperation,
	getAllMaterialsOperation,
	getMaterialOperation,
	uploadArticleImageOperation,
} from './materialOperations';
import {
	addMaterialProperties,
	deleteMaterialProperties,
	getAllMaterialsProperties,
	getMaterialProperties,
	uploadArticleImageProperties,
} from './materialProperties';
import { downloadMediaOperation, uploadMediaOperation } from './operations';
import { mediaDownloadProperties, mediaUploadProperties } from './properties';

interface MediaAction {
	option: INodePropertyOptions;
	run: Operation;
	properties: INodeProperties[];
}

const temporary = (app: AppKind): MediaAction[] => [
	{
		option: { name: 'Download', value: 'download', description: 'Download temporary media by its Media ID into a binary field', action: 'Download media' },
		run: async function () {
			return await downloadMediaOperation.call(this, app);
		},
		properties: mediaDownloadProperties(),
	},
	{
		option: { name: 'Upload', value: 'upload', description: 'Upload a file from a binary field as temporary media (3 days) and get its Media ID', action: 'Upload media' },
		run: async function () {
			return await uploadMediaOperation.call(this, app);
		},
		properties: mediaUploadProperties(app),
	},
];

const permanent = (): MediaAction[] => [
	{
		option: { name: 'Add Permanent Material', value: 'addMaterial', description: 'Add a file from a binary field to the account\'s material library', action: 'Add a permanent material' },
		run: addMaterialOperation,
		properties: addMaterialProperties(),
	},
	{
		option: { name: 'Count Permanent Materials', value: 'countMaterials', description: 'How many images, voices, videos and news the library holds', action: 'Count permanent materials' },
		run: countMaterialsOperation,
		properties: [],
	},
	{
		option: { name: 'Delete Permanent Material', value: 'deleteMaterial', description: 'Delete a material from the library by its Media ID', action: 'Delete a permanent material' },
		run: deleteMaterialOperation,
		properties: deleteMaterialProperties(),
	},
	{
		option: { name: 'Get Many Permanent Materials', value: 'getAllMaterials', description: 'List the library\'s materials of one type', action: 'Get many permanent materials' },
		run: getAllMaterialsOperation,
		properties: getAllMaterialsProperties(),
	},
	{
		option: { name: 'Get Permanent Material', value: 'getMaterial', description: 'Get a material by its Media ID (a file into a binary field)', action: 'Get a permanent material' },
		run: getMaterialOperation,
		properties: getMaterialProperties(),
	},
	{
		option: { name: 'Upload Article Image', value: 'uploadArticleImage', description: 'Upload an image for an article\'s content and get its URL', action: 'Upload an article image' },
		run: uploadArticleImageOperation,
		properties: uploadArticleImageProperties(),
	},
];

export function mediaResource(app: AppKind): { operations: Record<string, Operation>; description: INodeProperties[] } {
	const actions = [...temporary(app), ...(app === 'officialAccount' ? permanent() : [])].sort((a, b) => a.option.name.localeCompare(b.option.name));
	return {
		operations: Object.fromEntries(actions.map((a) => [a.option.value as string, a.run])),
		description: [
			operationProperty(
				'media',
				actions.map((a) => a.option),
				'upload',
			),
			...actions.flatMap((a) => operationParameters('media', a.option.value as string, a.properties)),
		],
	};
}
