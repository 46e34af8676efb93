import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import * as accessToken from './actions/accessToken';
import * as customerServiceMessage from './actions/customerServiceMessage';
import * as link from './actions/link';
import * as login from './actions/login';
import * as media from './actions/media';
import * as miniProgramCode from './actions/miniProgramCode';
import * as phoneNumber from './actions/phoneNumber';
import * as quota from './actions/quota';
import * as subscribeMessage from './actions/subscribeMessage';
import * as subscribeTemplate from './actions/subscribeTemplate';
import { router } from './actions/router';
import { SEND_SUBTITLE } from '../wechat/messaging/templateFields';
import { searchSubscribeMessageTemplates } from './methods/listSearch';
import { getSubscribeMessageKeywords } from './methods/resourceMapping';
import { subscribeTemplateLoaders } from '../wechat/subscription/loaders';
import { authenticationProperties } from '../wechat/client/authorizedAccount';

export class WeChatMiniProgram implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeChat Mini Program',
		name: 'weChatMiniProgram',
		icon: { light: 'file:../../icons/wechat.svg', dark: 'file:../../icons/wechat.dark.svg' },
		group: ['output'],
		// 1.1: new nodes start with the template's keyword fields (messaging/properties.ts, dataMode).
		version: [1, 1.1],
		subtitle: SEND_SUBTITLE,
		description: 'Reach the users of a WeChat Mini Program (小程序): subscribe and customer-service messages, login codes, phone numbers, links and Mini Program codes',
		defaults: { name: 'WeChat Mini Program' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'weChatMiniProgramApi', required: true }],
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
					{ name: 'Link', value: 'link' },
					{ name: 'Login', value: 'login' },
					{ name: 'Media', value: 'media' },
					{ name: 'Mini Program Code', value: 'miniProgramCode' },
					{ name: 'Phone Number', value: 'phoneNumber' },
					{ name: 'Quota', value: 'quota' },
					{ name: 'Subscribe Message', value: 'subscribeMessage' },
					{ name: 'Subscribe Template', value: 'subscribeTemplate' },
				],
				default: 'subscribeMessage',
			},
			...accessToken.description,
			...customerServiceMessage.description,
			...link.description,
			...login.description,
			...media.description,
			...miniProgramCode.description,
			...phoneNumber.description,
			...quota.description,
			...subscribeMessage.description,
			...subscribeTemplate.description,
		],
	};

	methods = {
		listSearch: { searchSubscribeMessageTemplates },
		resourceMapping: { getSubscribeMessageKeywords },
		loadOptions: subscribeTemplateLoaders('miniProgram'),
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
