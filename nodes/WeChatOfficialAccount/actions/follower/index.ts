import { updateDisplayOptions } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../../wechat/items/router';
import { description as getManyDescription } from './getMany.description';
import { execute as getMany } from './getMany.operation';

export const operations: Record<string, Operation> = { getAll: getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['follower'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Read the account\'s followers, optionally with their UnionID and profile, resuming where an earlier run stopped',
				action: 'Get many followers',
			},
		],
		default: 'getAll',
	},
	...updateDisplayOptions({ show: { resource: ['follower'], operation: ['getAll'] } }, getManyDescription),
];
