import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection, readConcurrencyOption } from '../../../wechat/items/description';
import { environmentField, pageField, queryField } from '../link/fields';

const picture: INodeProperties[] = [
	{
		displayName: 'Width (Pixels)',
		name: 'width',
		type: 'number',
		typeOptions: { minValue: 280, maxValue: 1280 },
		default: 430,
		description: 'The picture\'s width: 280 to 1280 pixels',
	},
	{
		displayName: 'Transparent Background',
		name: 'transparent',
		type: 'boolean',
		default: false,
		description: 'Whether the background is transparent (a PNG) instead of white',
	},
	environmentField,
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		hint: 'The name of the output binary field to put the picture in',
	},
	optionsCollection([readConcurrencyOption]),
];

export const limitedDescription: INodeProperties[] = [
	{
		displayName: 'WeChat creates at most 100,000 of these codes per Mini Program, ever (together with the old QR codes). For one code per user, order or shop, use Get Unlimited Code.',
		name: 'limitedNotice',
		type: 'notice',
		default: '',
	},
	pageField('The page the code opens, without "/" (empty: the home page)'),
	queryField,
	...picture,
];

export const unlimitedDescription: INodeProperties[] = [
	{
		displayName: 'Scene',
		name: 'scene',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. sku=42',
		description: 'Up to 32 characters the page receives as options.scene (letters, digits and !#$&\'()*+,/:;=?@-._~). Unlimited count.',
	},
	pageField('A page of the released Mini Program, without "/" and query (empty: the home page)'),
	{
		displayName: 'Check Page',
		name: 'checkPath',
		type: 'boolean',
		default: true,
		description: 'Whether WeChat checks that the page exists in the released version (turn off for pages not released yet)',
	},
	...picture,
];
