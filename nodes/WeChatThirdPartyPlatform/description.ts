import { updateDisplayOptions } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import { returnAllProperties } from '../wechat/items/description';

const show = (...operation: string[]) => ({ show: { operation } });

const authorizerAppId: INodeProperties = {
	displayName: 'Authorizer',
	name: 'authorizerAppId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The merchant\'s Official Account or Mini Program that authorized the platform',
	displayOptions: show('getAuthorizer', 'getAuthorizerOption', 'setAuthorizerOption'),
	modes: [
		{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchAuthorizers', searchable: true } },
		{ displayName: 'By AppID', name: 'id', type: 'string', placeholder: 'e.g. wx1234567890abcdef' },
	],
};

export const platformProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'createAuthorizationLink',
		options: [
			{ name: 'Clear Quota', value: 'clearQuota', action: 'Clear the platform API quota', description: 'Reset the platform\'s daily API call counts (a few times a month)' },
			{ name: 'Create Authorization Link', value: 'createAuthorizationLink', action: 'Create an authorization link', description: 'A link the merchant\'s admin opens and scans to authorize the platform' },
			{ name: 'Exchange Authorization Code', value: 'exchangeAuthorizationCode', action: 'Exchange an authorization code', description: 'Turn the code of an authorized event or redirect into the authorizer\'s AppID and permission sets' },
			{ name: 'Get Authorizer', value: 'getAuthorizer', action: 'Get an authorizer', description: 'The account\'s name, type and the permission sets it granted' },
			{ name: 'Get Authorizer Option', value: 'getAuthorizerOption', action: 'Get an authorizer option' },
			{ name: 'Get Many Authorizers', value: 'getManyAuthorizers', action: 'Get many authorizers', description: 'Every account that authorized the platform' },
			{ name: 'Set Authorizer Option', value: 'setAuthorizerOption', action: 'Set an authorizer option' },
			{ name: 'Start Ticket Push', value: 'startTicketPush', action: 'Start ticket push', description: 'Ask WeChat to push the component_verify_ticket again (after the pushes stopped)' },
		],
	},
	{
		displayName: 'Redirect URL',
		name: 'redirectUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.com/wechat/authorized',
		description: 'Where WeChat sends the admin\'s browser after authorizing (with auth_code). Its domain must be the platform\'s authorization domain in the Open Platform console.',
		displayOptions: show('createAuthorizationLink'),
	},
	{
		displayName: 'Link Form',
		name: 'linkForm',
		type: 'options',
		default: 'pc',
		options: [
			{ name: 'PC (Scan a QR Code)', value: 'pc', description: 'Open on a computer (mp.weixin.qq.com/cgi-bin/componentloginpage): the admin scans with WeChat' },
			{ name: 'Mobile (Open in WeChat)', value: 'mobile', description: 'Open inside WeChat on the phone (open.weixin.qq.com/wxaopen/safe/bindcomponent)' },
		],
		displayOptions: show('createAuthorizationLink'),
	},
	{
		displayName: 'Accounts Offered',
		name: 'authType',
		type: 'options',
		default: 3,
		options: [
			{ name: 'Official Accounts and Mini Programs', value: 3 },
			{ name: 'Official Accounts Only', value: 1 },
			{ name: 'Mini Programs Only', value: 2 },
		],
		displayOptions: show('createAuthorizationLink'),
	},
	{
		displayName: 'Options',
		name: 'linkOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: show('createAuthorizationLink'),
		options: [
			{ displayName: 'Only This Account (AppID)', name: 'bizAppId', type: 'string', default: '', description: 'Only this account may authorize with the link' },
			{ displayName: 'Permission Sets', name: 'categoryIds', type: 'string', default: '', placeholder: 'e.g. 1|2|3', description: 'Permission set IDs offered, separated by |; all when empty' },
		],
	},
	{
		displayName: 'Authorization Code',
		name: 'authorizationCode',
		type: 'string',
		default: '={{ $json.authorizationCode }}',
		required: true,
		description: 'From the authorized event (WeChat Platform Trigger) or the auth_code of the redirect; works once, within an hour',
		displayOptions: show('exchangeAuthorizationCode'),
	},
	authorizerAppId,
	{
		displayName: 'Option Name',
		name: 'optionName',
		type: 'options',
		default: 'customer_service',
		options: [
			{ name: 'Customer Service (Multi-Agent)', value: 'customer_service' },
			{ name: 'Location Report', value: 'location_report' },
			{ name: 'Voice Recognition', value: 'voice_recognize' },
		],
		displayOptions: show('getAuthorizerOption', 'setAuthorizerOption'),
	},
	{
		displayName: 'Option Value',
		name: 'optionValue',
		type: 'string',
		default: '1',
		description: 'Location report: 0 off, 1 on entering a session, 2 every 5 s; voice recognition and customer service: 0 off, 1 on',
		displayOptions: show('setAuthorizerOption'),
	},
	...updateDisplayOptions(show('getManyAuthorizers'), returnAllProperties),
	{
		displayName: 'Include Refresh Tokens',
		name: 'includeRefreshToken',
		type: 'boolean',
		default: false,
		description: 'Whether to output the authorizer refresh token (a secret: only if you keep it yourself; the nodes look it up from WeChat when needed)',
		displayOptions: show('exchangeAuthorizationCode', 'getManyAuthorizers'),
	},
];
