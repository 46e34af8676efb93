/**
 * What the Official Account and Mini Program credentials share: fields, how the token is attached, the
 * cached-token hook (preAuthentication -> token.ts) and a credential test that explains WeChat's answer.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { ERRCODES } from './errcodes';
import { DEFAULT_BASE_URL, fetchAccessToken, tokenStatesOf } from './token';

/** Where each account kind's console shows its AppID and AppSecret. */
const CONSOLE_PATH = {
	'Official Account': 'the Official Account console (mp.weixin.qq.com): Settings and Development > Basic Configuration',
	'Mini Program': 'the Mini Program console (mp.weixin.qq.com): Development > Development Management > Development Settings',
};

export function appCredentialProperties(accountKind: 'Official Account' | 'Mini Program'): INodeProperties[] {
	const consolePath = CONSOLE_PATH[accountKind];
	return [
		{
			displayName: 'AppID',
			name: 'appId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'wx1234567890abcdef',
			description: `The ${accountKind}'s AppID, from ${consolePath}`,
			// An authorized account's AppID is set on the node (authorizedAccount.ts).
			displayOptions: { hide: { tokenSource: ['platform'] } },
		},
		{
			displayName: 'AppSecret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: `From ${consolePath}. Also needed with an external token server for Mini Program login (jscode2session).`,
		},
		{
			displayName: 'Token Source',
			name: 'tokenSource',
			type: 'options',
			default: 'stable',
			options: [
				{
					name: 'Stable Token (Recommended)',
					value: 'stable',
					description: 'WeChat returns the same token to every caller while it is valid, so other systems using this account are not knocked out',
				},
				{
					name: 'Classic Token',
					value: 'classic',
					description: 'Each fetch invalidates the previous token after 5 minutes: use only if nothing else fetches tokens for this account',
				},
				{
					name: 'External Token Server',
					value: 'external',
					description: 'Your company\'s central token server (中控服务器) answers {"access_token": "...", "expires_in": 7200}',
				},
				{
					name: 'Third-Party Platform (AppID Set on the Node)',
					value: 'platform',
					description: 'Accounts authorized to your third-party platform: the node\'s Authentication is Authorized Account and its Authorizer AppID says which one',
				},
			],
		},
		{
			displayName: 'Token Server URL',
			name: 'externalTokenUrl',
			type: 'string',
			// The URL often carries the token server's own key.
			typeOptions: { password: true },
			default: '',
			placeholder: 'https://token.example.com/wechat/access-token?appid=wx1234567890abcdef',
			description: 'GET this URL returns {"access_token": "...", "expires_in": seconds}',
			displayOptions: { show: { tokenSource: ['external'] } },
		},
		{
			displayName: 'Platform Token URL',
			name: 'platformTokenUrl',
			type: 'string',
			// The key in it hands out the token of every account authorized to the platform.
			typeOptions: { password: true },
			default: '',
			placeholder: 'https://n8n.example.com/webhook/.../events?key=...',
			description: 'The platformTokenUrl of a WeChat Platform Trigger event: it hands out the access token of any account authorized to the platform (keep it like a password)',
			displayOptions: { show: { tokenSource: ['platform'] } },
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			description: 'WeChat\'s API host: https://api.weixin.qq.com, or a regional host (https://api2.weixin.qq.com, https://sh.api.weixin.qq.com, https://sz.api.weixin.qq.com, https://hk.api.weixin.qq.com), or a forward proxy whose IP is on the IP whitelist',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Expires At',
			name: 'expiresAt',
			type: 'hidden',
			default: 0,
		},
	];
}

/**
 * WeChat takes the token as a query parameter on every API call. A function rather than n8n's generic
 * `={{$credentials.accessToken}}` form: n8n evaluates that expression on every request, which bench/
 * measured as a large share of a 10,000-message batch's CPU time.
 */
export async function accessTokenInQuery(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	requestOptions.qs = { ...(requestOptions.qs ?? {}), access_token: credentials.accessToken };
	return requestOptions;
}

export async function preAuthenticateWithCachedToken(
	this: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<IDataObject> {
	return await fetchAccessToken(this.helpers.httpRequest, credentials, tokenStatesOf(this));
}

/**
 * n8n runs preAuthentication before the test request, so a bad AppID/AppSecret or a missing whitelist
 * entry already fails there with token.ts's explanation; these rules explain what the API call itself says.
 */
export const credentialTest: ICredentialTestRequest = {
	request: {
		baseURL: '={{$credentials.baseUrl}}',
		url: '/cgi-bin/get_api_domain_ip',
		method: 'GET',
	},
	rules: [40164, 48001, 40001, 40013, 40125, 45009].map((errcode) => ({
		type: 'responseSuccessBody' as const,
		properties: {
			key: 'errcode',
			value: errcode,
			message: `${ERRCODES[errcode].message} (WeChat errcode ${errcode}). ${ERRCODES[errcode].hint}`,
		},
	})),
};
