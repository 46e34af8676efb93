/** The parameters of Subscribe Template > * (both app nodes; the pickers are the node's own methods). */
import type { INodeProperties } from 'n8n-workflow';

import { returnAllProperties } from '../items/description';
import { templateProperty } from '../messaging/properties';

export const LIBRARY_NOTICE: INodeProperties = {
	displayName: 'WeChat limits calls to the public template library per day; the answers are kept in this n8n process for a day',
	name: 'libraryNotice',
	type: 'notice',
	default: '',
};


const tid: INodeProperties = {
	displayName: 'Public Template ID',
	name: 'tid',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 1101',
	description: 'The tid of a public template (from "Search public templates")',
};

export const searchPublicProperties: INodeProperties[] = [
	LIBRARY_NOTICE,
	{
		displayName: 'Category Names or IDs',
		name: 'categoryIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getSubscribeCategories' },
		default: [],
		required: true,
		description: 'The account\'s categories (set in the WeChat console) whose public templates are listed. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Title Contains',
		name: 'titleFilter',
		type: 'string',
		default: '',
		placeholder: 'e.g. payment',
		description: 'Only templates whose title contains this text (case does not matter); all when empty',
	},
	...returnAllProperties,
];

export const getKeywordsProperties: INodeProperties[] = [LIBRARY_NOTICE, tid];

export const addProperties: INodeProperties[] = [
	tid,
	{
		displayName: 'Keyword Names or IDs',
		name: 'keywordIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getPublicTemplateKeywords', loadOptionsDependsOn: ['tid'] },
		default: [],
		required: true,
		description: 'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: '2 to 5 of the public template\'s keywords (kid), in the order the message shows them',
	},
	{
		displayName: 'Scene Description',
		name: 'sceneDesc',
		type: 'string',
		default: '',
		placeholder: 'e.g. Order updates',
		description: 'What the template is used for, at most 15 characters (sceneDesc)',
	},
];

export const getAllProperties: INodeProperties[] = [...returnAllProperties];

export function deleteProperties(listMethod: string): INodeProperties[] {
	return [templateProperty(listMethod, 'e.g. the priTmplId from Get Many')];
}
