/** Tag > Add Followers / Remove Followers: one follower per item, 50 OpenIDs per call (openidBatch.ts). */
import type { INodeProperties, IExecuteFunctions, IDataObject } from 'n8n-workflow';

import { openIdBatchRun, requireOpenId } from '../../../wechat/client/openidBatch';
import { refuseSystemTag, tagIdOf, TAGGING_BATCH_SIZE } from '../../../wechat/client/tags';
import { optionsCollection } from '../../../wechat/items/description';
import { concurrencyOf } from '../../../wechat/items/parameters';
import type { OperationRun } from '../../../wechat/items/router';
import { openIdProperty, tagLocator } from './fields';

export function membersDescription(verb: 'add' | 'remove'): INodeProperties[] {
	return [
		{
			displayName: `Each input item is one follower; they are ${verb === 'add' ? 'tagged' : 'untagged'} 50 per call to WeChat, and each gets its outcome (${verb === 'add' ? 'tagged' : 'untagged'}, invalidOpenid${verb === 'add' ? ', tooManyTags' : ''}) in the output`,
			name: 'membersNotice',
			type: 'notice',
			default: '',
		},
		tagLocator('tag', verb === 'add' ? 'The tag to give the followers' : 'The tag to take from the followers'),
		openIdProperty,
		optionsCollection([
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 20 },
				default: 5,
				description: 'How many calls of 50 followers run at once',
			},
		]),
	];
}

export function membersRun(this: IExecuteFunctions, verb: 'add' | 'remove'): OperationRun {
	return openIdBatchRun.call(this, {
		path: verb === 'add' ? '/cgi-bin/tags/members/batchtagging' : '/cgi-bin/tags/members/batchuntagging',
		size: TAGGING_BATCH_SIZE,
		read: (itemIndex) => {
			const tagId = tagIdOf.call(this, itemIndex);
			refuseSystemTag.call(this, itemIndex, tagId);
			return { openid: requireOpenId.call(this, itemIndex), group: String(tagId), fields: { tagId } };
		},
		body: (openids: string[], group: string): IDataObject => ({ openid_list: openids, tagid: Number(group) }),
		done: verb === 'add' ? 'tagged' : 'untagged',
		action: verb === 'add' ? 'adding followers to a tag' : 'removing followers from a tag',
		concurrency: concurrencyOf.call(this, 5),
	});
}
