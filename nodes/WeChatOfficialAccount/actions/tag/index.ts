import type { INodeProperties } from 'n8n-workflow';

import { operationParameters, operationProperty } from '../../../wechat/items/description';
import type { Operation } from '../../../wechat/items/router';
import { description as addFollowersDescription } from './addFollowers.description';
import { execute as addFollowers } from './addFollowers.operation';
import { description as createDescription } from './create.description';
import { execute as create } from './create.operation';
import { description as deleteDescription } from './delete.description';
import { execute as deleteTag } from './delete.operation';
import { description as getAllDescription } from './getAll.description';
import { execute as getAll } from './getAll.operation';
import { description as getFollowersDescription } from './getFollowers.description';
import { execute as getFollowers } from './getFollowers.operation';
import { description as removeFollowersDescription } from './removeFollowers.description';
import { execute as removeFollowers } from './removeFollowers.operation';
import { description as updateDescription } from './update.description';
import { execute as update } from './update.operation';

export const operations: Record<string, Operation> = { addFollowers, create, delete: deleteTag, getAll, getFollowers, removeFollowers, update };

export const description: INodeProperties[] = [
	operationProperty(
		'tag',
		[
			{ name: 'Add Followers', value: 'addFollowers', description: 'Give a tag to each follower in the input (50 per call)', action: 'Add followers to a tag' },
			{ name: 'Create', value: 'create', description: 'Create a follower tag', action: 'Create a tag' },
			{ name: 'Delete', value: 'delete', description: 'Delete a tag (it is taken from every follower)', action: 'Delete a tag' },
			{ name: 'Get Followers', value: 'getFollowers', description: 'Read the followers who have a tag, resuming where an earlier run stopped', action: 'Get the followers of a tag' },
			{ name: 'Get Many', value: 'getAll', description: 'List the account\'s tags with their follower counts', action: 'Get many tags' },
			{ name: 'Remove Followers', value: 'removeFollowers', description: 'Take a tag from each follower in the input (50 per call)', action: 'Remove followers from a tag' },
			{ name: 'Update', value: 'update', description: 'Rename a tag', action: 'Update a tag' },
		],
		'getAll',
	),
	...operationParameters('tag', 'addFollowers', addFollowersDescription),
	...operationParameters('tag', 'create', createDescription),
	...operationParameters('tag', 'delete', deleteDescription),
	...operationParameters('tag', 'getAll', getAllDescription),
	...operationParameters('tag', 'getFollowers', getFollowersDescription),
	...operationParameters('tag', 'removeFollowers', removeFollowersDescription),
	...operationParameters('tag', 'update', updateDescription),
];
