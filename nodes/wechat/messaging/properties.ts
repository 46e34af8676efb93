/**
 * Parameters every template-based send shows the same way (template messages, subscribe messages, and the
 * sends still to come): the template picker, the keyword data, the Concurrency option.
 */
import type { INodeProperties } from 'n8n-workflow';

import { SEND_CONCURRENCY } from './batch';
import { keywordsProperty } from './templateFields';

/** Node versions from which new nodes start with the template's keyword fields (Map Template Keywords). */
export const MAPPER_DEFAULT_VERSION = 1.1;

/**
 * Properties both send nodes show the same way: how the data is given. New nodes (version 1.1) start with
 * the template's keyword fields; version 1 keeps "Using Fields Below" as its default, because n8n does not
 * save a parameter left at its default: such workflows must keep reading their Data rows.
 */
export function dataProperties(options: { withColor: boolean; example: string; mapperMethod: string }): INodeProperties[] {
	const row: INodeProperties[] = [
		{
			displayName: 'Keyword',
			name: 'key',
			type: 'string',
			default: '',
			placeholder: 'thing1',
			description: 'The keyword\'s name in the template, without braces: thing1 for {{thing1.DATA}}',
		},
		{
			displayName: 'Value',
			name: 'value',
			type: 'string',
			default: '',
		},
	];
	if (options.withColor) {
		row.push({
			displayName: 'Color',
			name: 'color',
			type: 'color',
			default: '',
			description: 'Text color of this keyword (#RRGGBB); WeChat\'s default when empty',
			hint: 'WeChat has shown no colours since May 2023: the colour is sent but not displayed',
		});
	}
	const dataMode = (defaultMode: string, versions: NonNullable<INodeProperties['displayOptions']>['show']): INodeProperties => ({
		displayName: 'Specify Data',
		name: 'dataMode',
		type: 'options',
		default: defaultMode,
		displayOptions: { show: versions },
		options: [
			{
				name: 'Map Template Keywords',
				value: 'mapper',
				description: 'The selected template\'s keywords as fields: map each, or take them from item fields of the same name',
			},
			{ name: 'Using Fields Below', value: 'keyValue', description: 'A row per keyword: its name and value' },
			{ name: 'Using JSON', value: 'json', description: 'An object of keyword: value' },
		],
		description: 'How to give the values of the template\'s keywords',
	});
	return [
		dataMode('keyValue', { '@version': [1] }),
		dataMode('mapper', { '@version': [{ _cnd: { gte: MAPPER_DEFAULT_VERSION } }] }),
		keywordsProperty(options.mapperMethod),
		{
			displayName: 'Data',
			name: 'data',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			placeholder: 'Add Keyword',
			displayOptions: { show: { dataMode: ['keyValue'] } },
			options: [{ displayName: 'Keyword', name: 'values', values: row }],
		},
		{
			displayName: 'Data (JSON)',
			name: 'dataJson',
			type: 'json',
			default: '{}',
			placeholder: options.example,
			displayOptions: { show: { dataMode: ['json'] } },
			description: options.withColor
				? 'An object of keyword: value (a "color" is still accepted, but WeChat has shown no colours since May 2023)'
				: 'An object of keyword: value, or keyword: {"value": "..."}',
		},
	];
}

/** The account's templates from WeChat, or an ID typed in. */
export function templateProperty(listMethod: string, placeholder: string): INodeProperties {
	return {
		displayName: 'Template',
		name: 'template',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The message template, from the account\'s template list in the WeChat console',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: listMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder,
			},
		],
	};
}

export const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 100 },
	default: SEND_CONCURRENCY,
	description: 'How many messages are sent at the same time. Lower it if WeChat answers 45011 (too frequent).',
};


/**
 * One recipient per item: the notice and the Recipient OpenID field every send starts with, pre-filled with
 * where the OpenID usually is (a follower sync's `openid`; a WeChat Trigger's `FromUserName`) so that a fresh
 * node works on typical input as it is.
 */
export function recipientProperties(options: { notice: string; description: string; from?: 'openid' | 'FromUserName' }): INodeProperties[] {
	return [
		{
			displayName: options.notice,
			name: 'itemsNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Recipient OpenID',
			name: 'touser',
			type: 'string',
			default: `={{ $json.${options.from ?? 'openid'} }}`,
			required: true,
			placeholder: 'oXYZ1234567890abcdefghijklmn',
			description: options.description,
		},
	];
}

/**
 * The Mini Program a template message or subscribe notification opens when tapped (WeChat's `miniprogram`:
 * appid + pagepath). The two sends differ only in what they say about it.
 */
export function miniProgramTargetProperty(options: { description: string; pagePathDescription: string }): INodeProperties {
	return {
		displayName: 'Mini Program',
		name: 'miniProgram',
		type: 'fixedCollection',
		default: {},
		placeholder: 'Add Mini Program',
		description: options.description,
		options: [
			{
				displayName: 'Mini Program',
				name: 'target',
				values: [
					{
						displayName: 'Mini Program AppID',
						name: 'appid',
						type: 'string',
						default: '',
						placeholder: 'wx1234567890abcdef',
						description: 'AppID of a Mini Program linked to this Official Account',
					},
					{
						displayName: 'Page Path',
						name: 'pagepath',
						type: 'string',
						default: '',
						placeholder: 'pages/order/detail?orderNo=SO-10001',
						description: options.pagePathDescription,
					},
				],
			},
		],
	};
}
