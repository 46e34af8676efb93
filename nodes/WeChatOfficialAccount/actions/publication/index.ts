import type { INodeProperties } from 'n8n-workflow';

import { operationParameters, operationProperty } from '../../../wechat/items/description';
import type { Operation } from '../../../wechat/items/router';
import { draftIdProperty, getManyProperties } from '../draft';
import { getAll, getArticle, getStatus, publish, remove } from './operations';

export const operations: Record<string, Operation> = { delete: remove, getAll, getArticle, getStatus, publish };

const articleId: INodeProperties = { displayName: 'Article ID', name: 'articleId', type: 'string', default: '={{ $json.articleId }}', required: true, description: 'The articleId of a publication' };

export const description: INodeProperties[] = [
	operationProperty(
		'publication',
		[
			{ name: 'Delete', value: 'delete', description: 'Delete a published article (it disappears from the account)', action: 'Delete a publication' },
			{ name: 'Get Article', value: 'getArticle', description: 'Get the articles of a publication', action: 'Get a published article' },
			{ name: 'Get Many', value: 'getAll', description: 'List the account\'s publications', action: 'Get many publications' },
			{ name: 'Get Status', value: 'getStatus', description: 'Get the result of a publish job', action: 'Get the status of a publication' },
			{ name: 'Publish', value: 'publish', description: 'Publish a draft (verified accounts only since 2025)', action: 'Publish a draft' },
		],
		'publish',
	),
	...operationParameters('publication', 'publish', [
		{
			displayName: 'Since 2025 WeChat lets only verified accounts publish through the API (errcode 48001 otherwise). Publishing is a job: the result comes later, here (Wait for Result) or as the WeChat Trigger\'s PUBLISHJOBFINISH event.',
			name: 'publishNotice',
			type: 'notice',
			default: '',
		},
		draftIdProperty,
		{ displayName: 'Wait for Result', name: 'waitForResult', type: 'boolean', default: true, description: 'Whether to wait until WeChat has published (or refused) the draft, asking with back-off' },
		{ displayName: 'Maximum Wait (Seconds)', name: 'maxWaitSeconds', type: 'number', typeOptions: { minValue: 1, maxValue: 600 }, default: 60, displayOptions: { show: { waitForResult: [true] } }, description: 'After this the output says publishing; Get Status or the Trigger tells the end' },
	]),
	...operationParameters('publication', 'getStatus', [
		{ displayName: 'Publish ID', name: 'publishId', type: 'string', default: '={{ $json.publishId }}', required: true, description: 'The publishId that Publish returned' },
	]),
	...operationParameters('publication', 'getAll', getManyProperties('publication')),
	...operationParameters('publication', 'getArticle', [articleId]),
	...operationParameters('publication', 'delete', [
		articleId,
		{ displayName: 'Article Index', name: 'articleIndex', type: 'number', typeOptions: { minValue: 0 }, default: 0, description: 'Which article to delete, from 1; 0 deletes them all' },
	]),
];
