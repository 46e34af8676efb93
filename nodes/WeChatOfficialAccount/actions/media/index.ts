import type { INodeProperties } from 'n8n-workflow';

import { operationParameters, operationProperty } from '../../../wechat/items/description';
import type { Operation } from '../../../wechat/items/router';
import { description as downloadDescription } from './download.description';
import { execute as download } from './download.operation';
import { description as uploadDescription } from './upload.description';
import { execute as upload } from './upload.operation';

export const operations: Record<string, Operation> = { upload, download };

export const description: INodeProperties[] = [
	operationProperty(
		'media',
		[
			{
				name: 'Download',
				value: 'download',
				description: 'Download temporary media by its Media ID into a binary field',
				action: 'Download media',
			},
			{
				name: 'Upload',
				value: 'upload',
				description: 'Upload a file from a binary field as temporary media (3 days) and get its Media ID',
				action: 'Upload media',
			},
		],
		'upload',
	),
	...operationParameters('media', 'upload', uploadDescription),
	...operationParameters('media', 'download', downloadDescription),
];
