import type { INodeProperties } from 'n8n-workflow';

export const MAX_EXPIRE_SECONDS = 2_592_000;

export const description: INodeProperties[] = [
	{
		displayName: 'Code Type',
		name: 'codeType',
		type: 'options',
		options: [
			{ name: 'Temporary', value: 'temporary', description: 'Works up to 30 days; as many as you need (campaigns, one-time logins)' },
			{ name: 'Permanent', value: 'permanent', description: 'Never expires; at most 100,000 per account (posters, shop counters)' },
		],
		default: 'temporary',
	},
	{
		displayName: 'Expire After (Seconds)',
		name: 'expireSeconds',
		type: 'number',
		typeOptions: { minValue: 60, maxValue: MAX_EXPIRE_SECONDS },
		default: MAX_EXPIRE_SECONDS,
		description: 'How long the code works: at most 2,592,000 seconds (30 days)',
		displayOptions: { show: { codeType: ['temporary'] } },
	},
	{
		displayName: 'Scene Type',
		name: 'sceneType',
		type: 'options',
		options: [
			{ name: 'Text', value: 'text', description: '1-64 characters, e.g. a campaign name' },
			{ name: 'Number', value: 'number', description: 'Temporary: 1-4294967295; permanent: 1-100000' },
		],
		default: 'text',
	},
	{
		displayName: 'Scene Text',
		name: 'sceneText',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. spring-sale-2026',
		description: 'What the WeChat Trigger gives as qrScene when someone scans the code (follow or scan event)',
		displayOptions: { show: { sceneType: ['text'] } },
	},
	{
		displayName: 'Scene Number',
		name: 'sceneNumber',
		type: 'number',
		default: 1,
		description: 'What the WeChat Trigger gives as qrScene when someone scans the code (follow or scan event)',
		displayOptions: { show: { sceneType: ['number'] } },
	},
	{
		displayName: 'Download Image',
		name: 'downloadImage',
		type: 'boolean',
		default: true,
		description: 'Whether to download the code\'s picture into a binary field (otherwise use imageUrl or URL)',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		hint: 'The name of the output binary field to put the picture in',
		displayOptions: { show: { downloadImage: [true] } },
	},
];
