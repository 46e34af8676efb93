import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The secrets of a WeChat server-callback configuration (WeChat console: Settings and Development >
 * Basic Configuration > Server Configuration). Kept in an encrypted credential, never in workflow data.
 * There is no WeChat API to test these against: the trigger verifies every callback with them instead.
 */
export class WeChatCallbackApi implements ICredentialType {
	name = 'weChatCallbackApi';

	displayName = 'WeChat Callback API';

	icon: Icon = { light: 'file:../icons/wechat.svg', dark: 'file:../icons/wechat.dark.svg' };

	documentationUrl = 'https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html';

	properties: INodeProperties[] = [
		{
			// n8n's test banner says only "Connection tested successfully": say here what the test can check.
			displayName:
				'From the server settings in the WeChat console (Official Account: Settings and Development > Basic Configuration; Mini Program: Development > Development Management > Message Push). The test checks only that they are well-formed: WeChat checks them when you click Submit there.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'AppID',
			name: 'appId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'wx1234567890abcdef',
			description: 'The AppID of the Official Account or Mini Program whose callbacks arrive here. Encrypted callbacks must carry exactly this AppID.',
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The Token entered in the WeChat console\'s server configuration (3 to 32 letters or digits)',
		},
		// The EncodingAESKey decrypts every callback: it is a secret, whatever its name suggests to the lint.
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password
		{
			displayName: 'EncodingAESKey',
			name: 'encodingAesKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The 43-character EncodingAESKey from the server configuration. Required in compatible and safe mode; leave empty in plaintext mode.',
		},
		// The EncodingAESKey decrypts every callback: it is a secret, whatever its name suggests to the lint.
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password
		{
			displayName: 'Previous EncodingAESKey',
			name: 'previousEncodingAesKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'After changing the EncodingAESKey, messages encrypted with the old key can still arrive for a while: put the old key here so they are not refused',
		},
	];
}
