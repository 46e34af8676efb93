import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection, readConcurrencyOption } from '../../../wechat/items/description';

export const description: INodeProperties[] = [
	{
		displayName: 'UnionID',
		name: 'unionId',
		type: 'string',
		default: '={{ $json.unionId || $json.unionid }}',
		required: true,
		placeholder: 'o6_bmasdasdsad6_2sgVt7hMZOPfL',
		description: 'The user\'s UnionID (the same for every account bound to one Open Platform account). One per input item.',
	},
	{
		displayName: 'Look Up In',
		name: 'mappingSource',
		type: 'options',
		default: 'scan',
		options: [
			{
				name: 'Official Account Followers (Ask WeChat)',
				value: 'scan',
				description: 'Read the followers with their UnionID until every UnionID is found: 1 call per 10,000 followers plus 1 per 100, at most',
			},
			{
				name: 'Items of an Earlier Node',
				value: 'node',
				description: 'Match against items that already hold an OpenID and a UnionID, for example from Get many followers or your database: no call to WeChat',
			},
		],
	},
	{
		displayName: 'For big accounts, sync the followers into your database with "Get many followers" on a schedule and look them up there (or use Items of an Earlier Node): a scan reads the follower list on every run',
		name: 'scanNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { mappingSource: ['scan'] } },
	},
	{
		displayName: 'Node Name',
		name: 'pairsNode',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Get many followers',
		description: 'The name of an earlier node in this workflow, as shown on the canvas, whose output items each hold an Official Account OpenID and a UnionID. Rename it here too when you rename that node.',
		displayOptions: { show: { mappingSource: ['node'] } },
	},
	{
		displayName: 'OpenID Field',
		name: 'pairsOpenIdField',
		type: 'string',
		default: 'openid',
		description: 'The field of those items that holds the Official Account OpenID',
		displayOptions: { show: { mappingSource: ['node'] } },
	},
	{
		displayName: 'UnionID Field',
		name: 'pairsUnionIdField',
		type: 'string',
		default: 'unionid',
		description: 'The field of those items that holds the UnionID',
		displayOptions: { show: { mappingSource: ['node'] } },
	},

	optionsCollection([
		{
			...readConcurrencyOption,
			description: 'How many user-info calls (100 followers each) run at once while the next page of followers is read',
		},
	], { show: { mappingSource: ['scan'] } }),
];
