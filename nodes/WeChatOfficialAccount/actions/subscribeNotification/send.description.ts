import type { INodeProperties } from 'n8n-workflow';

import { concurrencyOption, dataProperties, miniProgramTargetProperty, recipientProperties, templateProperty } from '../../../wechat/messaging/properties';
import { optionsCollection } from '../../../wechat/items/description';
import { reportOptionProperties } from '../../../wechat/messaging/report';
import { truncateOption } from '../../../wechat/messaging/subscribeProperties';

export const description: INodeProperties[] = [
	...recipientProperties({
		notice:
			'Each input item is one recipient. A user who has not accepted the template (or has no notification left) is reported as "refused" (errcode 43101) in the output, not raised as an error: write it back to your subscription ledger.',
		description: 'The user\'s OpenID on this Official Account',
	}),
	templateProperty('searchSubscribeNotificationTemplates', 'e.g. OA_SUB_ORDER or a priTmplId from the console'),
	...dataProperties({
		withColor: false,
		mapperMethod: 'getSubscribeNotificationKeywords',
		example: '{\n  "thing1": "Coffee beans 1kg",\n  "character_string2": "SO-10001",\n  "time3": "2024-05-01 10:00"\n}',
	}),
	{
		displayName: 'Values are checked against WeChat\'s rule for their keyword type before anything is sent (the same rules as Mini Program subscribe messages): thing1 is a thing, at most 20 characters',
		name: 'rulesNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Web Page',
		name: 'page',
		type: 'string',
		default: '',
		placeholder: 'https://www.example.com/orders/SO-10001',
		description: 'Web page opened when the notification is tapped (page); none when empty. A Mini Program below wins over it.',
	},
	miniProgramTargetProperty({
		description: 'Mini Program opened when the notification is tapped (miniprogram)',
		pagePathDescription: 'Page to open, with query parameters if needed',
	}),
	optionsCollection([concurrencyOption, ...reportOptionProperties, truncateOption]),
];
