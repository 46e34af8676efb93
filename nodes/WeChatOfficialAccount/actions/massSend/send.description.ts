import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../../../wechat/items/description';
import { tagLocator } from '../tag/fields';
import { contentProperties } from './content';

const properties: INodeProperties[] = [
	{
		displayName:
			'Mass sends are rationed by WeChat: a subscription account may mass send once a day; on a service account each follower receives at most 4 mass sends a month (more are filtered out), whether sent here or in the console. Every send carries a clientmsgid: WeChat refuses the same one for 24 hours, so running the node again never sends twice (outcome alreadySent).',
		name: 'quotaNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Send To',
		name: 'target',
		type: 'options',
		noDataExpression: true,
		default: 'tag',
		options: [
			{ name: 'All Followers', value: 'all', description: 'Every follower of the account (needs "Send to All Followers")' },
			{ name: 'Followers with a Tag', value: 'tag', description: 'One mass send per input item, to the followers with the tag' },
			{ name: 'OpenID List', value: 'openids', description: 'Each input item is one recipient; all items make one mass send (10,000 OpenIDs per call)' },
		],
	},
	tagLocator('tag', 'The followers who get the message'),
	{
		displayName: 'Recipient OpenID',
		name: 'touser',
		type: 'string',
		default: '={{ $json.openid }}',
		required: true,
		description: 'The follower\'s OpenID on this Official Account. All input items together are the list (at least 2 different OpenIDs).',
		displayOptions: { show: { target: ['openids'] } },
	},
	{
		displayName: 'Send to All Followers',
		name: 'sendToAll',
		type: 'boolean',
		default: false,
		description: 'Whether to really send to every follower. Each follower\'s monthly mass send quota (4 on service accounts) is spent by this send.',
		displayOptions: { show: { target: ['all'] } },
	},
	...contentProperties,
	optionsCollection([
		{
			displayName: 'Client Message ID',
			name: 'clientMsgId',
			type: 'string',
			default: '',
			placeholder: 'e.g. newsletter-2026-11',
			description:
				'WeChat refuses a second mass send with the same ID for 24 hours (the node reports alreadySent with the first msg_id). Empty: derived from the message and its target, so the same mass send run again is never delivered twice, and the same message to the same target cannot be sent twice within 24 hours. A list taking several calls gets -1, -2, ... appended.',
		},
		{
			displayName: 'Send Even If Reprinted',
			name: 'sendIgnoreReprint',
			type: 'boolean',
			default: false,
			description: 'Whether an article WeChat finds to be a reprint (of an original that allows reprints) is still sent (send_ignore_reprint). Off: WeChat stops the send.',
		},
	]),
];

export const description: INodeProperties[] = properties.map((p) =>
	p.name === 'tag' ? { ...p, displayOptions: { show: { target: ['tag'] } } } : p,
);
