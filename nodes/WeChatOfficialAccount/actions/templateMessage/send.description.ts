import type { INodeProperties } from 'n8n-workflow';

import { concurrencyOption, dataProperties, miniProgramTargetProperty, recipientProperties, templateProperty } from '../../../wechat/messaging/properties';
import { optionsCollection } from '../../../wechat/items/description';
import { reportOptionProperties } from '../../../wechat/messaging/report';

export const description: INodeProperties[] = [
	...recipientProperties({
		notice:
			'Each input item is one recipient. Outcomes about the recipient (not following, invalid OpenID) are reported in the output, not raised as errors.',
		description: 'The follower\'s OpenID on this Official Account (an OpenID from a Mini Program does not work here)',
	}),
	templateProperty('searchTemplateMessageTemplates', 'e.g. Ls7mJ2vIbDdr5bH0xjkBEA-FN5F8sl8tTRSYUPFFp9A'),
	...dataProperties({
		withColor: true,
		mapperMethod: 'getTemplateMessageKeywords',
		example: '{\n  "thing1": "Coffee beans 1kg",\n  "amount2": "¥128.00",\n  "time3": "2024-05-01 10:00"\n}',
	}),
	{
		displayName:
			'Values are checked against WeChat\'s rule for their keyword type before anything is sent (thing1 is a thing: at most 20 characters; amount2 an amount such as ¥128.00). Since May 2023 WeChat shows no "first" or "remark" keyword and no colours: they are sent but not displayed.',
		name: 'rulesNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		default: '',
		placeholder: 'https://www.example.com/orders/SO-10001',
		description: 'Web page opened when the message is tapped. When a Mini Program is also set, WeChat opens the Mini Program and uses this URL only on WeChat versions that cannot open Mini Programs.',
	},
	miniProgramTargetProperty({
		description: 'Mini Program opened when the message is tapped; it wins over the URL, which stays the fallback for WeChat versions without Mini Programs',
		pagePathDescription: 'Page to open, with query parameters if needed; the Mini Program\'s home page when empty',
	}),
	optionsCollection([
		{
			displayName: 'Client Message ID',
			name: 'clientMsgId',
			type: 'string',
			default: '',
			placeholder: 'e.g. {{ $json.orderId }}',
			description: 'WeChat sends one message per recipient and ID within 10 minutes, so a retried item is never delivered twice. When empty, the ID is derived from the message (recipient, template, data, URL, Mini Program): an identical message to the same person within 10 minutes is sent once. IDs longer than 32 characters are replaced by their SHA-1 (32 characters).',
		},
		concurrencyOption,
		...reportOptionProperties,
	]),
];
