/**
 * The Media resource, the same on both app nodes but for the app kind (which media types it takes): its
 * Operation parameter, each operation's parameters and what runs it. A node's actions/media/index.ts is this
 * resource for its app.
 */
import type { INodeProperties } from 'n8n-workflow';

import type { AppKind } from '../client/transport';
import { operationParameters, operationProperty } from '../items/description';
import type { Operation } from '../items/router';
import { downloadMediaOperation, uploadMediaOperation } from './operations';
import { mediaDownloadProperties, mediaUploadProperties } from './properties';

export function mediaResource(app: AppKind): { operations: Record<string, Operation>; description: INodeProperties[] } {
	return {
		operations: {
			upload: async function () {
				return await uploadMediaOperation.call(this, app);
			},
			download: async function () {
				return await downloadMediaOperation.call(this, app);
			},
		},
		description: [
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
			...operationParameters('media', 'upload', mediaUploadProperties(app)),
			...operationParameters('media', 'download', mediaDownloadProperties()),
		],
	};
}
