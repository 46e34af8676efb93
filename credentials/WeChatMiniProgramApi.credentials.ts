import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

import {
	accessTokenInQuery,
	appCredentialProperties,
	credentialTest,
	preAuthenticateWithCachedToken,
} from '../nodes/wechat/client/appCredential';

export class WeChatMiniProgramApi implements ICredentialType {
	name = 'weChatMiniProgramApi';

	displayName = 'WeChat Mini Program API';

	icon: Icon = { light: 'file:../icons/wechat.svg', dark: 'file:../icons/wechat.dark.svg' };

	documentationUrl = 'https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-access-token/getStableAccessToken.html';

	properties: INodeProperties[] = appCredentialProperties('Mini Program');

	preAuthentication = preAuthenticateWithCachedToken;

	authenticate = accessTokenInQuery;

	test = credentialTest;
}
