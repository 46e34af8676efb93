/** Follower > Block / Unblock: the account's blacklist, 20 OpenIDs per call (openidBatch.ts). */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { openIdBatchRun, requireOpenId } from '../../../wechat/client/openidBatch';
import { optionsCollection } from '../../../wechat/items/description';
import { concurrencyOf } from '../../../wechat/items/parameters';
import type { OperationRun } from '../../../wechat/items/router';
import { openIdProperty } from '../tag/fields';

/** OpenIDs per tags/members/batchblacklist or batchunblacklist call (WeChat's limit). */
export const BLACKLIST_BATCH_SIZE = 20;

export function blocklistDescription(verb: 'block' | 'unblock'): INodeProperties[] {
	return [
		{
			displayName:
				verb === 'block'
					? 'Each input item is one follower; blocked followers receive nothing from the account (no mass sends, no messages). 20 per call to WeChat, an outcome per follower.'
					: 'Each input item is one follower, taken off the blacklist. 20 per call to WeChat, an outcome per follower.',
			name: 'blocklistNotice',
			type: 'notice',
			default: '',
		},
		openIdProperty,
		optionsCollection([
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 20 },
				default: 5,
				description: 'How many calls of 20 followers run at once',
			},
		]),
	];
}

export function blocklistRun(this: IExecuteFunctions, verb: 'block' | 'unblock'): OperationRun {
	return openIdBatchRun.call(this, {
		path: verb === 'block' ? '/cgi-bin/tags/members/batchblacklist' : '/cgi-bin/tags/members/batchunblacklist',
		size: BLACKLIST_BATCH_SIZE,
		read: (itemIndex) => ({ openid: requireOpenId.call(this, itemIndex), group: '', fields: {} }),
		body: (openids: string[]): IDataObject => ({ openid_list: openids }),
		done: verb === 'block' ? 'blocked' : 'unblocked',
		action: verb === 'block' ? 'blocking followers' : 'unblocking followers',
		concurrency: concurrencyOf.call(this, 5),
	});
}
