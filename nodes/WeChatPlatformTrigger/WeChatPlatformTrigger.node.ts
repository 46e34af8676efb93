import { NodeConnectionTypes } from 'n8n-workflow';
import type { IWebhookFunctions, IWebhookResponseData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { AUTHORIZATION_EVENTS } from '../wechat/platform/events';
import { pastedUrlWebhookMethods } from '../wechat/callback/webhookMethods';
import { handlePlatformWebhook } from './webhook';

/** One URL: POST for WeChat's authorization events, GET for the authorized accounts' access tokens. */
const EVENTS_PATH = 'events';

export class WeChatPlatformTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeChat Platform Trigger',
		name: 'weChatPlatformTrigger',
		icon: { light: 'file:../../icons/wechat.svg', dark: 'file:../../icons/wechat.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Authorization events and tickets',
		description: 'The third-party platform\'s authorization-event URL: stores the component_verify_ticket WeChat pushes every 10 minutes and starts the workflow when a merchant authorizes, changes or revokes',
		defaults: { name: 'WeChat Platform Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'weChatPlatformApi', required: true }],
		webhooks: [
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: EVENTS_PATH },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: EVENTS_PATH },
		],
		properties: [
			{
				displayName: 'Paste the Production URL as the "authorization event URL" of the platform in the Open Platform console, then publish the workflow. Tickets are stored in the platform credential (no execution); the same URL, with ?authorizer_appid=…&key=…, gives authorized accounts\' access tokens to account credentials (External Token Server).',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				default: ['authorized', 'updateauthorized', 'unauthorized'],
				options: AUTHORIZATION_EVENTS,
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Exchange Authorization Code',
						name: 'exchangeCode',
						type: 'boolean',
						default: true,
						description: 'Whether to exchange the code of authorized and updateauthorized events at once (output: permissionSets, codeExchanged)',
					},
					{
						displayName: 'Output Access Token URL',
						name: 'accessTokenUrl',
						type: 'boolean',
						default: true,
						description: 'Whether to output accessTokenUrl: paste it as Token Server URL (External Token Server) into a WeChat Official Account or Mini Program credential to act for that merchant; and platformTokenUrl, the Platform Token URL of a credential with Token Source Third-Party Platform, for any merchant (the node\'s Authorizer AppID says which). They carry keys: keep them like passwords.',
					},
				],
			},
		],
	};

	webhookMethods = pastedUrlWebhookMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handlePlatformWebhook.call(this);
	}
}
