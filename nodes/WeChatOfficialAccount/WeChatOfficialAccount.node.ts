import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import * as accessToken from './actions/accessToken';
import * as customerServiceMessage from './actions/customerServiceMessage';
import * as draft from './actions/draft';
import * as follower from './actions/follower';
import * as media from './actions/media';
import * as jsSdk from './actions/jsSdk';
import * as publication from './actions/publication';
import * as qrCode from './actions/qrCode';
import * as quota from './actions/quota';
import * as massSend from './actions/massSend';
import * as subscribeNotification from './actions/subscribeNotification';
import * as subscribeTemplate from './actions/subscribeTemplate';
import * as tag from './actions/tag';
import * as templateMessage from './actions/templateMessage';
import * as user from './actions/user';
import { router } from './actions/router';
import { SEND_SUBTITLE } from '../wechat/messaging/templateFields';
import { searchTags, searchTemplateMessageTemplates } from './methods/listSearch';
import { getTemplateMessageKeywords } from './methods/resourceMapping';
import { getSubscribeNotificationKeywords, searchSubscribeNotificationTemplates } from './methods/subscribeTemplates';
import { subscribeTemplateLoaders } from '../wechat/subscription/loaders';
import { authenticationProperties } from '../wechat/client/authorizedAccount';

export class WeChatOfficialAccount implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeChat Official Account',
		name: 'weChatOfficialAccount',
		icon: { light: 'file:../../icons/wechat.svg', dark: 'file:../../icons/wechat.dark.svg' },
		group: ['output'],
		// 1.1: new nodes start with the template's keyword fields (messaging/properties.ts, dataMode).
		version: [1, 1.1],
		subtitle: SEND_SUBTITLE,
		description: 'Reach the followers of a WeChat Official Account (公众号): template and customer-service messages, followers, UnionIDs, JS-SDK signatures, QR codes, drafts and publishing',
		defaults: { name: 'WeChat Official Account' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'weChatOfficialAccountApi',
				required: true,
				// Not needed when Find by UnionID matches against an earlier node's items.
				displayOptions: { hide: { mappingSource: ['node'] } },
			},
		],
		properties: [
			...authenticationProperties,
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Access Token', value: 'accessToken' },
					{ name: 'Customer-Service Message', value: 'customerServiceMessage' },
					{ name: 'Draft', value: 'draft' },
					{ name: 'Follower', value: 'follower' },
					{ name: 'JS-SDK', value: 'jsSdk' },
					{ name: 'Mass Send', value: 'massSend' },
					{ name: 'Media', value: 'media' },
					{ name: 'Publication', value: 'publication' },
					{ name: 'QR Code', value: 'qrCode' },
					{ name: 'Quota', value: 'quota' },
					{ name: 'Subscribe Notification', value: 'subscribeNotification' },
					{ name: 'Subscribe Template', value: 'subscribeTemplate' },
					{ name: 'Tag', value: 'tag' },
					{ name: 'Template Message', value: 'templateMessage' },
					{ name: 'User', value: 'user' },
				],
				default: 'templateMessage',
			},
			...accessToken.description,
			...customerServiceMessage.description,
			...draft.description,
			...follower.description,
			...jsSdk.description,
			...massSend.description,
			...media.description,
			...publication.description,
			...qrCode.description,
			...quota.description,
			...subscribeNotification.description,
			...subscribeTemplate.description,
			...tag.description,
			...templateMessage.description,
			...user.description,
		],
	};

	methods = {
		listSearch: { searchTags, searchTemplateMessageTemplates, searchSubscribeNotificationTemplates },
		resourceMapping: { getTemplateMessageKeywords, getSubscribeNotificationKeywords },
		loadOptions: subscribeTemplateLoaders('officialAccount'),
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
