import type { INodeProperties } from 'n8n-workflow';

import { operationParameters, operationProperty } from '../../../wechat/items/description';
import type { Operation } from '../../../wechat/items/router';
import { description as blockDescription } from './block.description';
import { execute as block } from './block.operation';
import { description as getBlockedDescription } from './getBlocked.description';
import { execute as getBlocked } from './getBlocked.operation';
import { description as getManyDescription } from './getMany.description';
import { execute as getMany } from './getMany.operation';
import { description as unblockDescription } from './unblock.description';
import { execute as unblock } from './unblock.operation';
import { description as updateRemarkDescription } from './updateRemark.description';
import { execute as updateRemark } from './updateRemark.operation';

export const operations: Record<string, Operation> = { block, getAll: getMany, getBlocked, unblock, updateRemark };

export const description: INodeProperties[] = [
	operationProperty(
		'follower',
		[
			{ name: 'Block', value: 'block', description: 'Put each follower in the input on the account\'s blacklist (20 per call)', action: 'Block followers' },
			{ name: 'Get Blocked', value: 'getBlocked', description: 'Read the account\'s blacklist, resuming where an earlier run stopped', action: 'Get blocked followers' },
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Read the account\'s followers, optionally with their UnionID and profile, resuming where an earlier run stopped',
				action: 'Get many followers',
			},
			{ name: 'Unblock', value: 'unblock', description: 'Take each follower in the input off the blacklist (20 per call)', action: 'Unblock followers' },
			{ name: 'Update Remark', value: 'updateRemark', description: 'Set the name the account sees for a follower', action: 'Update the remark of a follower' },
		],
		'getAll',
	),
	...operationParameters('follower', 'block', blockDescription),
	...operationParameters('follower', 'getAll', getManyDescription),
	...operationParameters('follower', 'getBlocked', getBlockedDescription),
	...operationParameters('follower', 'unblock', unblockDescription),
	...operationParameters('follower', 'updateRemark', updateRemarkDescription),
];
