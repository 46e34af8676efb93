/**
 * The third-party platform's credential (weChatPlatformApi): its fields, how they are read, and the cached
 * component_access_token (preAuthentication -> componentToken.ts). The component_verify_ticket WeChat pushes to
 * the Platform Trigger is kept in this credential too (hidden field), written the only way n8n lets a node write
 * a credential: through preAuthentication's answer, which n8n merges into the stored credential (ticketStore.ts).
 */
import type { ICredentialDataDecryptedObject, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { decodeAesKey } from '../codec/crypto';
import { DEFAULT_BASE_URL } from '../client/token';

export type TicketSource = 'trigger' | 'external' | 'pasted';

export interface PlatformCredentials {
	componentAppId: string;
	componentAppSecret: string;
	token: string;
	encodingAesKey: string;
	baseUrl: string;
	ticketSource: TicketSource;
	externalUrl: string;
	ticket: string;
	/** When the stored ticket arrived (ms), 0 if never. */
	ticketAt: number;
	accessToken: string;
	expiresAt: number;
}

/** The field preAuthentication reads to know the Platform Trigger is storing a ticket (ticketStore.ts). */
export const STORE_TICKET_FIELD = 'storeTicket';

const CONSOLE = 'the Open Platform console (open.weixin.qq.com): Management Center > Third-Party Platform > Development Settings';

export const platformCredentialProperties: INodeProperties[] = [
	{
		displayName: 'Component AppID',
		name: 'componentAppId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. wx1234567890abcdef',
		description: `The third-party platform's AppID (component_appid), from ${CONSOLE}`,
	},
	{
		displayName: 'Component AppSecret',
		name: 'componentAppSecret',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		description: `From ${CONSOLE}`,
	},
	{
		displayName: 'Message Verification Token',
		name: 'token',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description: 'The Token of the platform\'s authorization-event and message URLs (the WeChat Platform Trigger checks signatures with it)',
	},
	{
		displayName: 'Message Encryption Key (EncodingAESKey)',
		name: 'encodingAesKey',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description: 'The 43-character key of the platform\'s URLs: tickets and authorization events are always encrypted with it',
	},
	{
		displayName: 'API Base URL',
		name: 'baseUrl',
		type: 'string',
		default: DEFAULT_BASE_URL,
		description: 'WeChat\'s API host (or a forward proxy whose IP is on the platform\'s IP whitelist)',
	},
	{
		displayName: 'Ticket Source',
		name: 'ticketSource',
		type: 'options',
		default: 'trigger',
		options: [
			{
				name: 'WeChat Platform Trigger (Stored in This Credential)',
				value: 'trigger',
				description: 'A published workflow with a WeChat Platform Trigger receives the ticket WeChat pushes every 10 minutes and stores it here',
			},
			{
				name: 'External Ticket or Token Server',
				value: 'external',
				description: 'Your own server answers {"component_access_token": "...", "expires_in": 7200} or {"component_verify_ticket": "..."}',
			},
			{
				name: 'Pasted Ticket (Tests)',
				value: 'pasted',
				description: 'A ticket copied by hand: valid 12 hours',
			},
		],
	},
	{
		displayName: 'Ticket or Token Server URL',
		name: 'externalUrl',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		placeholder: 'e.g. https://tickets.example.com/wechat/component?appid=wx1234567890abcdef',
		displayOptions: { show: { ticketSource: ['external'] } },
	},
	{
		displayName: 'Component Verify Ticket',
		name: 'pastedTicket',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		placeholder: 'e.g. ticp9Yq...',
		displayOptions: { show: { ticketSource: ['pasted'] } },
	},
	{ displayName: 'Stored Ticket', name: 'componentVerifyTicket', type: 'hidden', typeOptions: { password: true }, default: '' },
	{ displayName: 'Ticket Received At', name: 'ticketAt', type: 'hidden', default: 0 },
	{ displayName: 'Store Ticket', name: STORE_TICKET_FIELD, type: 'hidden', default: false },
	{
		displayName: 'Component Access Token',
		name: 'componentAccessToken',
		type: 'hidden',
		typeOptions: { expirable: true, password: true },
		default: '',
	},
	{ displayName: 'Expires At', name: 'expiresAt', type: 'hidden', default: 0 },
];

const str = (value: unknown): string => (typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value).trim());

export function readPlatformCredentials(data: ICredentialDataDecryptedObject): PlatformCredentials {
	const ticketSource = (str(data.ticketSource) || 'trigger') as TicketSource;
	return {
		componentAppId: str(data.componentAppId),
		componentAppSecret: str(data.componentAppSecret),
		token: str(data.token),
		encodingAesKey: str(data.encodingAesKey),
		baseUrl: (str(data.baseUrl) || DEFAULT_BASE_URL).replace(/\/+$/, ''),
		ticketSource,
		externalUrl: str(data.externalUrl),
		ticket: ticketSource === 'pasted' ? str(data.pastedTicket) : str(data.componentVerifyTicket),
		ticketAt: Number(data.ticketAt ?? 0) || 0,
		accessToken: str(data.componentAccessToken),
		expiresAt: Number(data.expiresAt ?? 0) || 0,
	};
}

/** The platform's callback key, checked; the message names the field and the fix (never the value). */
export function platformAesKey(c: PlatformCredentials): Buffer {
	let key: Buffer | undefined;
	try {
		key = decodeAesKey(c.encodingAesKey);
	} catch {
		key = undefined;
	}
	if (!key) throw new Error('The platform credential\'s Message Encryption Key must be the 43 letters and digits shown in the Open Platform console');
	return key;
}

/** Platform API calls take the component token in the query (authorizer calls bring their own token). */
export async function componentTokenInQuery(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	if (requestOptions.url === STORE_TICKET_URL) {
		// The Platform Trigger only stores a ticket (ticketStore.ts): n8n has written the credential by now.
		throw new Error(TICKET_STORED);
	}
	requestOptions.qs = { ...(requestOptions.qs ?? {}), component_access_token: credentials.componentAccessToken };
	return requestOptions;
}

export const TICKET_STORED = 'weChatPlatformTicketStored';
/** The "request" the Platform Trigger makes to have n8n store a ticket: never sent (see componentTokenInQuery). */
export const STORE_TICKET_URL = 'wechat-platform:store-ticket';
