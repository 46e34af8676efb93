/** Parameters several tag actions (and Mass Send, Get Many Followers) show the same way. */
import type { INodeProperties } from 'n8n-workflow';

/** The tag picker: the account's tags from WeChat, or a tag ID typed in. */
export function tagLocator(name = 'tag', description = 'The tag, from the account\'s tag list'): INodeProperties {
	return {
		displayName: 'Tag',
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchTags', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 100',
				validation: [{ type: 'regex', properties: { regex: '^\\d+$', errorMessage: 'A tag ID is a whole number' } }],
			},
		],
	};
}

/** One follower per input item. */
export const openIdProperty: INodeProperties = {
	displayName: 'Follower OpenID',
	name: 'openid',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. {{ $json.openid }}',
	description: 'The follower\'s OpenID on this Official Account. Each input item is one follower.',
};

