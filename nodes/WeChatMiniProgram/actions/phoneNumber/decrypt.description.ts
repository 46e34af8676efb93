import type { INodeProperties } from 'n8n-workflow';

export const description: INodeProperties[] = [
	{
		displayName:
			'The older flow: the Mini Program sends encryptedData and iv, and this node decrypts them with the user\'s session_key (Login > Exchange Code with Include Session Key). Nothing is sent to WeChat. Prefer Get From Button Code for phone numbers.',
		name: 'decryptNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Encrypted Data',
		name: 'encryptedData',
		type: 'string',
		default: '={{ $json.encryptedData }}',
		required: true,
		description: 'The encryptedData the Mini Program received (base64)',
	},
	{
		displayName: 'IV',
		name: 'iv',
		type: 'string',
		default: '={{ $json.iv }}',
		required: true,
		description: 'The iv that came with it (base64)',
	},
	{
		displayName: 'Session Key',
		name: 'sessionKey',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		description: 'The user\'s current session_key (from Exchange Code). A new wx.login replaces it: decrypt with the key of the same session.',
	},
];
