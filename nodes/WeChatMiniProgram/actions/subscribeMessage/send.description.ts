import type { INodeProperties } from 'n8n-workflow';

import { concurrencyOption, dataProperties, recipientProperties, templateProperty } from '../../../wechat/messaging/properties';
import { optionsCollection } from '../../../wechat/items/description';
import { reportOptionProperties } from '../../../wechat/messaging/report';
import { truncateOption } from '../../../wechat/messaging/subscribeProperties';

export const description: INodeProperties[] = [
	...recipientProperties({
		notice:
			'Each input item is one recipient. A user who has not accepted the message (or has no subscription left) is reported as "refused" in the output, not raised as an error.',
		description: 'The user\'s OpenID on this Mini Program (from wx.login / jscode2session; an Official Account OpenID does not work here)',
	}),
	templateProperty('searchSubscribeMessageTemplates', 'e.g. bDmywsp2oEHjwAadTGKkUHpC0RgBVPvfAtwFnpY6dBw'),
	...dataProperties({
		withColor: false,
		mapperMethod: 'getSubscribeMessageKeywords',
		example: '{\n  "thing1": "Coffee beans 1kg",\n  "amount3": "¥128.00",\n  "time4": "2024-05-01 10:00"\n}',
	}),
	{
		displayName: 'Values are checked against WeChat\'s rule for their keyword type before anything is sent; the type is the keyword name without its number (thing1 is a thing: at most 20 characters)',
		name: 'rulesNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Page',
		name: 'page',
		type: 'string',
		default: '',
		placeholder: 'pages/order/detail?orderNo=SO-10001',
		description: 'Mini Program page opened when the message is tapped, with query parameters if needed; no page when empty',
	},
	{
		displayName: 'Mini Program Version',
		name: 'miniprogramState',
		type: 'options',
		default: 'formal',
		options: [
			{ name: 'Developer', value: 'developer', description: 'The development version (for testing)' },
			{ name: 'Released', value: 'formal', description: 'The published version users have' },
			{ name: 'Trial', value: 'trial', description: 'The trial (体验版) version' },
		],
		description: 'Which version of the Mini Program the page opens in (miniprogram_state)',
	},
	{
		displayName: 'Language',
		name: 'lang',
		type: 'options',
		default: 'zh_CN',
		options: [
			{ name: 'Chinese (Simplified)', value: 'zh_CN' },
			{ name: 'Chinese (Traditional, Hong Kong)', value: 'zh_HK' },
			{ name: 'Chinese (Traditional, Taiwan)', value: 'zh_TW' },
			{ name: 'English', value: 'en_US' },
		],
		description: 'Language of the message card\'s fixed texts',
	},
	optionsCollection([
		concurrencyOption,
		...reportOptionProperties,
		truncateOption,
	]),
];
