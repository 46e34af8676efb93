import type { INodeProperties } from 'n8n-workflow';

import { operationParameters, operationProperty } from '../../../wechat/items/description';
import type { Operation } from '../../../wechat/items/router';
import { description as getManyDescription } from './getMany.description';
import { execute as getMany } from './getMany.operation';

export const operations: Record<string, Operation> = { getAll: getMany };

export const description: INodeProperties[] = [
	operationProperty('follower', [
		{
			name: 'Get Many',
			value: 'getAll',
			description: 'Read the account\'s followers, optionally with their UnionID and profile, resuming where an earlier run stopped',
			action: 'Get many followers',
		},
	]),
	...operationParameters('follower', 'getAll', getManyDescription),
];
