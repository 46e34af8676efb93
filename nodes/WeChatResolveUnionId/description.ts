import type { INodeProperties } from 'n8n-workflow';

const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 20 },
	default: 5,
	description: 'How many calls to WeChat run at once',
};

export const resolveUnionIdProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'openIdToUnionId',
		options: [
			{
				name: 'Login Code to OpenID',
				value: 'loginCodeToOpenId',
				description: 'Exchange a Mini Program wx.login code for the user\'s Mini Program OpenID and UnionID',
				action: 'Exchange a login code for the openid and unionid',
			},
			{
				name: 'OpenID to UnionID',
				value: 'openIdToUnionId',
				description: 'Find the UnionID of Official Account followers, 100 per call',
				action: 'Get the unionid of an openid',
			},
			{
				name: 'UnionID to Official Account OpenID',
				value: 'unionIdToOaOpenId',
				description: 'Find the Official Account OpenID of users known by UnionID (for example Mini Program users), to send them template messages',
				action: 'Find the official account openid of a unionid',
			},
		],
	},

	// ---------------------------------------------------------------- OpenID to UnionID
	{
		displayName: 'OpenID',
		name: 'openId',
		type: 'string',
		default: '={{ $json.openid }}',
		required: true,
		placeholder: 'oLVPpjqs9BhvzwPj5A-vTYAX3GLc',
		description: 'The Official Account OpenID of the user (28 characters). One per input item; WeChat is asked for 100 items at a time.',
		displayOptions: { show: { operation: ['openIdToUnionId'] } },
	},

	// ---------------------------------------------------------------- Login Code to OpenID
	{
		displayName: 'Login Code',
		name: 'loginCode',
		type: 'string',
		default: '={{ $json.code }}',
		required: true,
		description: 'The code that wx.login returned in the Mini Program. It works once and for 5 minutes.',
		displayOptions: { show: { operation: ['loginCodeToOpenId'] } },
	},
	{
		displayName: 'Include Session Key',
		name: 'includeSessionKey',
		type: 'boolean',
		default: false,
		description: 'Whether to output the session_key as sessionKey. It is a secret (it decrypts the user\'s phone number and other data): never log it, store it only encrypted, and never send it to a browser or the Mini Program.',
		displayOptions: { show: { operation: ['loginCodeToOpenId'] } },
	},

	// ---------------------------------------------------------------- UnionID to Official Account OpenID
	{
		displayName: 'UnionID',
		name: 'unionId',
		type: 'string',
		default: '={{ $json.unionId || $json.unionid }}',
		required: true,
		placeholder: 'o6_bmasdasdsad6_2sgVt7hMZOPfL',
		description: 'The user\'s UnionID (the same for every account bound to one Open Platform account). One per input item.',
		displayOptions: { show: { operation: ['unionIdToOaOpenId'] } },
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
				description: 'Match against items that already hold an OpenID and a UnionID, for example from Get Followers or your database: no call to WeChat',
			},
		],
		displayOptions: { show: { operation: ['unionIdToOaOpenId'] } },
	},
	{
		displayName: 'For big accounts, sync the followers into your database with Get Followers on a schedule and look them up there (or use Items of an Earlier Node): a scan reads the follower list on every run',
		name: 'scanNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['unionIdToOaOpenId'], mappingSource: ['scan'] } },
	},
	{
		displayName: 'Node Name',
		name: 'pairsNode',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'WeChat Get Followers',
		description: 'The name of an earlier node in this workflow (as shown on the canvas) whose output items each hold an Official Account OpenID and a UnionID',
		displayOptions: { show: { operation: ['unionIdToOaOpenId'], mappingSource: ['node'] } },
	},
	{
		displayName: 'OpenID Field',
		name: 'pairsOpenIdField',
		type: 'string',
		default: 'openid',
		description: 'The field of those items that holds the Official Account OpenID',
		displayOptions: { show: { operation: ['unionIdToOaOpenId'], mappingSource: ['node'] } },
	},
	{
		displayName: 'UnionID Field',
		name: 'pairsUnionIdField',
		type: 'string',
		default: 'unionid',
		description: 'The field of those items that holds the UnionID',
		displayOptions: { show: { operation: ['unionIdToOaOpenId'], mappingSource: ['node'] } },
	},

	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { operation: ['openIdToUnionId', 'loginCodeToOpenId'] } },
		options: [concurrencyOption],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { operation: ['unionIdToOaOpenId'], mappingSource: ['scan'] } },
		options: [
			{
				...concurrencyOption,
				description: 'How many user-info calls (100 followers each) run at once while the next page of followers is read',
			},
		],
	},
];
