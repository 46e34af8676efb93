/** The message of a mass send or preview: Message Type and the field it needs. */
import type { INodeProperties } from 'n8n-workflow';

const mediaDescription = 'The media_id of a permanent material (Media > Add a permanent material). Temporary media IDs expire after 3 days.';

export const contentProperties: INodeProperties[] = [
	{
		displayName: 'Message Type',
		name: 'messageType',
		type: 'options',
		noDataExpression: true,
		default: 'text',
		options: [
			{ name: 'Article (Mpnews)', value: 'mpnews', description: 'An article from the account\'s materials or drafts, by media_id' },
			{ name: 'Card', value: 'wxcard', description: 'A WeChat card (coupon) of the account, by card_id' },
			{ name: 'Image', value: 'image', description: 'One or more images, by media_id' },
			{ name: 'Text', value: 'text', description: 'A text of at most 600 characters' },
			{ name: 'Video', value: 'mpvideo', description: 'A video for mass sends (mpvideo), by media_id' },
			{ name: 'Voice', value: 'voice', description: 'A voice message, by media_id' },
		],
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		description: 'At most 600 characters (WeChat\'s limit for a mass-sent text). Links to articles of this or other accounts are allowed.',
		displayOptions: { show: { messageType: ['text'] } },
	},
	{
		displayName: 'Image Media IDs',
		name: 'imageMediaIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. mediaId1, mediaId2',
		description: 'Comma-separated media_ids of permanent materials (Media > Add a permanent material); a preview shows the first. Temporary media IDs expire after 3 days.',
		displayOptions: { show: { messageType: ['image'] } },
	},
	{
		displayName: 'Media ID',
		name: 'mediaId',
		type: 'string',
		default: '',
		required: true,
		description: mediaDescription,
		displayOptions: { show: { messageType: ['voice', 'mpvideo', 'mpnews'] } },
	},
	{
		displayName: 'Card ID',
		name: 'cardId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { messageType: ['wxcard'] } },
	},
];
