/** The parameters of Media > Upload and Media > Download, shared by both app nodes. */
import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection, readConcurrencyOption } from '../items/description';
import type { MediaType } from './limits';
import { MEDIA_LIMITS } from './limits';
import type { AppKind } from '../client/transport';
import { MEDIA_TYPES } from './operations';

const TYPE_NAMES: Record<MediaType, string> = { image: 'Image', voice: 'Voice', video: 'Video', thumb: 'Thumbnail' };

function limitText(type: MediaType): string {
	const limit = MEDIA_LIMITS[type];
	return `${limit.extensions.join(', ')}; at most ${limit.label}${type === 'voice' ? ', 60 seconds' : ''}`;
}

export function mediaUploadProperties(app: AppKind): INodeProperties[] {
	return [
		{
			displayName: 'Temporary media lives 3 days (expiresAt in the output). Each input item is one file; the same file in one run is uploaded once.',
			name: 'mediaNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Media Type',
			name: 'mediaType',
			type: 'options',
			default: 'image',
			options: MEDIA_TYPES[app].map((type) => ({ name: TYPE_NAMES[type], value: type, description: limitText(type) })),
		},
		{
			displayName: 'Input Binary Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			hint: 'The name of the input binary field containing the file to upload',
		},
		optionsCollection([readConcurrencyOption]),
	];
}

export function mediaDownloadProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Media ID',
			name: 'mediaId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. {{ $json.MediaId }}',
			description: 'The media_id of temporary media (uploaded, or received in a user\'s image/voice/video message)',
		},
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			hint: 'The name of the output binary field to put the file in',
		},
		optionsCollection([readConcurrencyOption]),
	];
}
