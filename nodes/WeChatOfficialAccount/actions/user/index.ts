import type { INodeProperties } from 'n8n-workflow';

import { operationParameters, operationProperty } from '../../../wechat/items/description';
import type { Operation } from '../../../wechat/items/router';
import { description as findByUnionIdDescription } from './findByUnionId.description';
import { execute as findByUnionId } from './findByUnionId.operation';
import { description as getUnionIdDescription } from './getUnionId.description';
import { execute as getUnionId } from './getUnionId.operation';

export const operations: Record<string, Operation> = { getUnionId, findByUnionId };

export const description: INodeProperties[] = [
	operationProperty('user', [
		{
			name: 'Find by UnionID',
			value: 'findByUnionId',
			description: 'Find the Official Account OpenID of users known by UnionID (for example Mini Program users), to send them template messages',
			action: 'Find a follower by UnionID',
		},
		{
			name: 'Get UnionID',
			value: 'getUnionId',
			description: 'Find the UnionID of Official Account followers, 100 per call',
			action: 'Get the UnionID of a follower',
		},
	], 'getUnionId'),
	...operationParameters('user', 'getUnionId', getUnionIdDescription),
	...operationParameters('user', 'findByUnionId', findByUnionIdDescription),
];
