import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection, readConcurrencyOption } from '../../../wechat/items/description';

export const description: INodeProperties[] = [
	{
		displayName:
			'The user agrees by tapping a button with open-type="getPhoneNumber" in the Mini Program; its bindgetphonenumber event gives the code (once, for 5 minutes). WeChat charges the Mini Program for each successful verification (0.03 CNY since August 2023, after a free allowance): see Basic Features > Phone Number Verification in the Mini Program console.',
		name: 'phoneNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Phone Code',
		name: 'phoneCode',
		type: 'string',
		default: '={{ $json.code }}',
		required: true,
		description: 'The code of the getPhoneNumber button (e.detail.code), not a wx.login code',
	},
	optionsCollection([readConcurrencyOption]),
];
