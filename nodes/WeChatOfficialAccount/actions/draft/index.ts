import type { INodeProperties } from 'n8n-workflow';

import { operationParameters, operationProperty, returnAllProperties } from '../../../wechat/items/description';
import type { Operation } from '../../../wechat/items/router';
import { articleProperties } from './fields';
import { count, create, get, getMany, remove, update } from './operations';

export const draftIdProperty: INodeProperties = { displayName: 'Draft ID', name: 'draftId', type: 'string', default: '={{ $json.mediaId }}', required: true, description: 'The mediaId of the draft' };

export const getManyProperties = (what: string): INodeProperties[] => [
	...returnAllProperties,
	{ displayName: 'Include Content', name: 'includeContent', type: 'boolean', default: false, description: `Whether to include each ${what}'s HTML content` },
];

export const operations: Record<string, Operation> = {
	count,
	create,
	delete: remove,
	get,
	getAll: async function () {
		return await getMany.call(this, '/cgi-bin/draft/batchget', 'media_id', 'mediaId');
	},
	update,
};

export const description: INodeProperties[] = [
	operationProperty(
		'draft',
		[
			{ name: 'Count', value: 'count', description: 'How many drafts the account has', action: 'Count drafts' },
			{ name: 'Create', value: 'create', description: 'Create a draft article (cover from a binary field or a permanent image)', action: 'Create a draft' },
			{ name: 'Delete', value: 'delete', description: 'Delete a draft', action: 'Delete a draft' },
			{ name: 'Get', value: 'get', description: 'Get a draft\'s articles', action: 'Get a draft' },
			{ name: 'Get Many', value: 'getAll', description: 'List the account\'s drafts', action: 'Get many drafts' },
			{ name: 'Update', value: 'update', description: 'Replace one article of a draft', action: 'Update a draft' },
		],
		'create',
	),
	...operationParameters('draft', 'create', articleProperties),
	...operationParameters('draft', 'get', [draftIdProperty]),
	...operationParameters('draft', 'delete', [draftIdProperty]),
	...operationParameters('draft', 'getAll', getManyProperties('draft')),
	...operationParameters('draft', 'update', [
		draftIdProperty,
		{ displayName: 'Article Index', name: 'articleIndex', type: 'number', typeOptions: { minValue: 0, maxValue: 7 }, default: 0, description: 'Which article of the draft to replace, from 0' },
		...articleProperties,
	]),
];
