/** The parameters of Media's permanent-material operations and of Upload an article image (Official Account). */
import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection, readConcurrencyOption, returnAllProperties } from '../items/description';
import type { MediaStore, MediaType } from './limits';
import { WECHAT_MEDIA_LIMITS } from './limits';

const TYPE_NAMES: Record<MediaType, string> = { image: 'Image', voice: 'Voice', video: 'Video', thumb: 'Thumbnail' };

/** "bmp, png, jpeg, jpg, gif; at most 10 MB": what an option's description says, from the one table. */
export function limitText(store: MediaStore, type: MediaType): string {
	const { types, bound } = WECHAT_MEDIA_LIMITS[store];
	const limit = types[type];
	return limit ? `${limit.extensions.join(', ')}; ${bound} ${limit.label}${type === 'voice' ? ', 60 seconds' : ''}` : '';
}

const inputBinaryField: INodeProperties = {
	displayName: 'Input Binary Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	hint: 'The name of the input binary field containing the file to upload',
};

const mediaIdField = (description: string): INodeProperties => ({
	displayName: 'Media ID',
	name: 'mediaId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. {{ $json.mediaId }}',
	description,
});

export function addMaterialProperties(): INodeProperties[] {
	const types = Object.keys(WECHAT_MEDIA_LIMITS.permanent.types) as MediaType[];
	return [
		{
			displayName: 'Permanent material stays in the account\'s library (WeChat caps it: 100,000 images, 1,000 of each other type). Each input item is one file.',
			name: 'materialNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Media Type',
			name: 'mediaType',
			type: 'options',
			default: 'image',
			options: types.map((type) => ({ name: TYPE_NAMES[type], value: type, description: limitText('permanent', type) })),
		},
		inputBinaryField,
		{
			displayName: 'Title',
			name: 'title',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { mediaType: ['video'] } },
			description: 'The video\'s title in the library',
		},
		{
			displayName: 'Introduction',
			name: 'introduction',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			displayOptions: { show: { mediaType: ['video'] } },
			description: 'The video\'s introduction in the library',
		},
	];
}

export function getMaterialProperties(): INodeProperties[] {
	return [
		mediaIdField('The media_id of a permanent material. Image, voice and thumbnail come as a file; a video as its title, description and down_url; news as JSON.'),
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			hint: 'The name of the output binary field to put the file in (image, voice, thumbnail)',
		},
		optionsCollection([readConcurrencyOption]),
	];
}

export function deleteMaterialProperties(): INodeProperties[] {
	return [mediaIdField('The media_id of the permanent material to delete')];
}

export function getAllMaterialsProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Material Type',
			name: 'materialType',
			type: 'options',
			default: 'image',
			options: [
				{ name: 'Image', value: 'image', description: 'Images (thumbnails are listed with them)' },
				{ name: 'News', value: 'news', description: 'Articles saved as news material' },
				{ name: 'Video', value: 'video' },
				{ name: 'Voice', value: 'voice' },
			],
		},
		...returnAllProperties,
	];
}

export function uploadArticleImageProperties(): INodeProperties[] {
	return [
		{
			displayName: `For images inside an article's content (WeChat removes outside image links): ${limitText('articleImage', 'image')}. WeChat answers a URL; the image is not added to the library.`,
			name: 'articleImageNotice',
			type: 'notice',
			default: '',
		},
		inputBinaryField,
		optionsCollection([readConcurrencyOption]),
	];
}
