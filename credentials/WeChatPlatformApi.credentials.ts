import type { Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { ERRCODES } from '../nodes/wechat/client/errcodes';
import { platformCredentialProperties, componentTokenInQuery } from '../nodes/wechat/platform/credential';
import { preAuthenticatePlatform } from '../nodes/wechat/platform/componentToken';

export class WeChatPlatformApi implements ICredentialType {
	name = 'weChatPlatformApi';

	displayName = 'WeChat Third-Party Platform API';

	icon: Icon = { light: 'file:../icons/wechat.svg', dark: 'file:../icons/wechat.dark.svg' };

	documentationUrl = 'https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/component_access_token.html';

	properties: INodeProperties[] = platformCredentialProperties;

	preAuthentication = preAuthenticatePlatform;

	authenticate = componentTokenInQuery;

	// n8n runs preAuthentication (the component token from the ticket) first; this call then checks the token and the IP whitelist.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/cgi-bin/component/api_get_authorizer_list',
			method: 'POST',
			body: { component_appid: '={{$credentials.componentAppId}}', offset: 0, count: 1 },
		},
		rules: [61004, 61005, 61006, 40001, 42001].map((errcode) => ({
			type: 'responseSuccessBody' as const,
			properties: {
				key: 'errcode',
				value: errcode,
				message: `${ERRCODES[errcode]?.message ?? `WeChat errcode ${errcode}`} (WeChat errcode ${errcode}). ${ERRCODES[errcode]?.hint ?? ''}`,
			},
		})),
	};
}
