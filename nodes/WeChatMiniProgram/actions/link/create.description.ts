import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection, readConcurrencyOption } from '../../../wechat/items/description';
import { environmentField, expireDaysField, pageField, queryField } from './fields';

const LIMITS =
	'URL Links and URL Schemes open the Mini Program from outside WeChat (SMS, email, web pages). They expire after at most 30 days; a Mini Program may create 500,000 a day (both kinds together). Short Links work inside WeChat only (pasted in chats); permanent ones are capped at 100,000 per Mini Program, temporary ones last 30 days.';

export const urlDescription: INodeProperties[] = [
	{ displayName: LIMITS, name: 'linkNotice', type: 'notice', default: '' },
	pageField('A page of the released Mini Program, without "/" and query; empty opens the home page'),
	queryField,
	environmentField,
	expireDaysField,
	optionsCollection([readConcurrencyOption]),
];

export const shortLinkDescription: INodeProperties[] = [
	{ displayName: LIMITS, name: 'linkNotice', type: 'notice', default: '' },
	pageField('A page of the released Mini Program, without "/"', true),
	queryField,
	{
		displayName: 'Title',
		name: 'pageTitle',
		type: 'string',
		default: '',
		description: 'What the link shows in the chat (optional)',
	},
	{
		displayName: 'Permanent',
		name: 'permanent',
		type: 'boolean',
		default: false,
		description: 'Whether the link never expires (at most 100,000 per Mini Program); otherwise it lasts 30 days',
	},
	optionsCollection([readConcurrencyOption]),
];
