import type { INodeProperties } from 'n8n-workflow';

import { openIdProperty } from '../tag/fields';

export const description: INodeProperties[] = [
	openIdProperty,
	{
		displayName: 'Remark',
		name: 'remark',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.customerName }}',
		description: 'The name the account sees for this follower (at most 30 characters); empty clears it',
	},
];
