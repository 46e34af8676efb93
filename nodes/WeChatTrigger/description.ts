import type { INodeProperties } from 'n8n-workflow';

import { TRIGGER_ON_CHOICES } from '../wechat/callback/message';
import { optionsCollection } from '../wechat/items/description';
import { MESSAGES_OF, PLATFORM } from './platformPath';

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Messages Of',
		name: MESSAGES_OF,
		type: 'options',
		default: 'account',
		options: [
			{
				name: 'One Official Account or Mini Program',
				value: 'account',
				description: 'Its own server URL, with the account\'s Token and EncodingAESKey in the credential',
			},
			{
				name: 'Accounts Authorized to a Third-Party Platform',
				value: PLATFORM,
				description: 'The platform\'s message and event URL, with the platform\'s Component AppID, Token and EncodingAESKey in the credential',
			},
		],
		description: 'Whose messages and events this trigger receives',
	},
	{
		displayName:
			'In the WeChat console\'s server settings, enter the Production URL (Webhook URLs, above) with this credential\'s Token and EncodingAESKey. Publish the workflow first (Activate in n8n 1.x): WeChat checks the URL when you click Submit.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { [MESSAGES_OF]: ['account'] } },
	},
	{
		displayName:
			'In the open platform\'s development settings, enter the Production URL (Webhook URLs, above) as the message and event URL, $APPID$ included: WeChat puts each authorized account\'s AppID there. Items carry it as authorizerAppId. Publish the workflow first (Activate in n8n 1.x).',
		name: 'platformNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { [MESSAGES_OF]: [PLATFORM] } },
	},
	{
		displayName: 'Respond',
		name: 'responseMode',
		type: 'options',
		default: 'onReceived',
		options: [
			{
				name: 'Immediately With "Success"',
				value: 'onReceived',
				description: 'Answer WeChat at once and run the workflow. No passive reply is sent.',
			},
			{
				name: 'Using WeChat Reply Node',
				value: 'responseNode',
				description: 'A WeChat Reply node in this workflow sends a passive reply (text, image, news...) to the user',
			},
		],
		description: 'When and how WeChat gets its answer. WeChat waits 5 seconds, then retries.',
	},
	{
		displayName:
			'Answer takes longer than 5 seconds (an AI step, a CRM lookup)? Respond immediately and send it as a customer-service message.',
		name: 'respondNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Add a WeChat Reply node with the same credential. It must answer within 5 seconds; without one, the user sees no reply.',
		name: 'replyNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { responseMode: ['responseNode'] } },
	},
	{
		displayName: 'Trigger On',
		name: 'triggerOn',
		type: 'multiOptions',
		default: ['*'],
		options: TRIGGER_ON_CHOICES,
		description: 'Messages and events that start the workflow. Others are answered "success" and start nothing.',
	},
	optionsCollection([
		{
			displayName: 'Ignore Retried Duplicates',
			name: 'deduplicate',
			type: 'boolean',
			default: true,
			description:
				'Whether a message WeChat sends again (same MsgId, or same sender, CreateTime, Event and EventKey within 5 minutes) is answered "success" without starting another execution. Exact with one n8n main process, queue mode included (webhooks are received on main). With several main processes a retry can reach another one: add a Remove Duplicates node on the item field _wechat.messageKey if that matters.',
		},
		{
			displayName: 'Max Timestamp Difference (Seconds)',
			name: 'maxTimestampSkew',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 300,
			description: 'Callbacks whose timestamp is further than this from the server clock are refused as replays. 0 turns the check off.',
		},
		{
			displayName: 'Other Events or Message Types',
			name: 'otherEvents',
			type: 'string',
			default: '',
			placeholder: 'MASSSENDJOBFINISH, scancode_push, debug_demo',
			description: 'Comma-separated Event names or MsgType values that also start the workflow (case does not matter)',
		},
		{
			displayName: 'Security Mode',
			name: 'securityMode',
			type: 'options',
			default: 'any',
			options: [
				{
					name: 'Accept Plaintext, Compatible or Safe Mode',
					value: 'any',
					description: 'Whatever the WeChat console is set to. Encrypted callbacks are always verified and decrypted.',
				},
				{
					name: 'Require Safe Mode (Encrypted)',
					value: 'safe',
					description: 'Refuse plaintext callbacks: in plaintext mode WeChat\'s signature does not cover the message body',
				},
			],
			description: 'Which Message Encryption Methods are accepted',
		},
	]),
];
