import type { INodeProperties } from 'n8n-workflow';

export const description: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. VIP customers',
		description: 'The tag\'s name: unique in the account, at most 30 bytes (10 Chinese characters or 30 letters). An account has at most 100 tags.',
	},
];
