import type { INodeProperties } from 'n8n-workflow';

import { TRIGGER_ON_CHOICES } from '../wechat/callback/message';
import { optionsCollection } from '../wechat/items/description';

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			'Paste the Production URL above (Webhook URLs, POST or GET: it is the same URL) into the WeChat console: Official Account: Settings and Development > Basic Configuration > Server Configuration; Mini Program: Development > Development Management > Message Push. Use the same Token and EncodingAESKey as in this node\'s credential, and a Message Encryption Method that Security Mode below accepts (Safe Mode recommended). Activate the workflow before you click Submit: WeChat verifies the URL at once.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
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
			'Slow answer (an AI model, a CRM lookup, a person)? Respond immediately (WeChat gets "success" at once): the workflow goes on and sends the answer as a customer-service message (WeChat Official Account > Customer-Service Message, Show Typing first). Use a WeChat Reply node only when the answer is ready well within WeChat\'s 5 seconds.',
		name: 'respondNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName:
			'Add a WeChat Reply node (same credential). WeChat waits 5 seconds for it. If the workflow ends without a reply, n8n answers with an empty body, which WeChat accepts as "no reply". If the workflow fails before the reply, n8n 2.x answers 500 and WeChat retries (the retries are recognised as duplicates and answered "success"); n8n 1.x answers with an empty body, which WeChat takes as "no reply".',
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
