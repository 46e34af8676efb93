import type { INodeProperties } from 'n8n-workflow';
import { optionsCollection, returnAllProperties } from '../../../wechat/items/description';
import { tagLocator } from '../tag/fields';

export const description: INodeProperties[] = [
	{
		displayName: 'Reads 10,000 followers per call, plus one call per 100 followers when Include User Info is on. Runs once per input item (a trigger gives one).',
		name: 'callsNotice',
		type: 'notice',
		default: '',
	},
	...returnAllProperties,
	{
		displayName: 'Include User Info',
		name: 'includeUserInfo',
		type: 'boolean',
		default: true,
		description: 'Whether to add each follower\'s unionid (null when the account is not bound to an Open Platform account), subscribe_time (and subscribedAt, its ISO time), subscribe_scene, tagid_list, remark and language. Off: openids only.',
	},
	{
		displayName: 'Output',
		name: 'outputMode',
		type: 'options',
		default: 'follower',
		options: [
			{
				name: 'One Item per Follower',
				value: 'follower',
				description: 'Each item is one follower with WeChat\'s fields (openid, unionid, ...). The last item also has nextOpenId and hasMore.',
			},
			{
				name: 'One Item per Group of Followers',
				value: 'group',
				description: 'Each item holds up to "Followers per Item" followers in a followers array, with count, nextOpenId and hasMore: for bulk inserts into a database',
			},
		],
		description: 'The last item (or each group item) has nextOpenId: where a later run continues (put it into Start After OpenID). It is empty when the list was read to the end, so the next run starts over; hasMore is then false.',
	},
	{
		displayName: 'Followers per Item',
		name: 'followersPerItem',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 10000 },
		default: 1000,
		description: 'How many followers each output item holds',
		displayOptions: { show: { outputMode: ['group'] } },
	},
	optionsCollection([
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 20 },
			default: 5,
			description: 'How many user-info calls (100 followers each) run at once while the next page of followers is read',
		},
		{
			displayName: 'Start After OpenID',
			name: 'startAfter',
			type: 'string',
			default: '',
			placeholder: 'e.g. {{ $json.nextOpenId }}',
			description: 'Continue a sync: the nextOpenId of an earlier run (WeChat\'s next_openid). Followers after this OpenID are returned. Empty: start from the first follower.',
		},
		{
			...tagLocator('tag', 'Only the followers with this tag (WeChat\'s user/tag/get, also 10,000 per call)'),
			required: false,
		},
	]),
];
