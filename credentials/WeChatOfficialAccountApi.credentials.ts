import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

import {
	accessTokenInQuery,
	appCredentialProperties,
	credentialTest,
	preAuthenticateWithCachedToken,
} from '../nodes/wechat/client/appCredential';

export class WeChatOfficialAccountApi implements ICredentialType {
	name = 'weChatOfficialAccountApi';

	displayName = 'WeChat Official Account API';

	icon: Icon = { light: 'file:../icons/wechat.svg', dark: 'file:../icons/wechat.dark.svg' };

	documentationUrl = 'https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html';

	properties: INodeProperties[] = appCredentialProperties('Official Account');

	preAuthentication = preAuthenticateWithCachedToken;

	authenticate = accessTokenInQuery;

	test = credentialTest;
}
