/**
 * Access Token > Get Access Token, the same on both app nodes: the central token server (client/
 * tokenServer.ts). The one action whose output carries a token: the notice says so, and nothing else in the
 * package outputs or logs one.
 */
import type { INodeProperties } from 'n8n-workflow';

import { tokenForCaller } from '../client/tokenServer';
import { CREDENTIAL_TYPE_OF } from '../client/transport';
import type { AppKind } from '../client/transport';
import { operationParameters, operationProperty } from '../items/description';
import { stringParameter } from '../items/parameters';
import type { Operation } from '../items/router';
import { perItem } from '../items/router';

/** Callers at once: they share one token fetch anyway. */
const CONCURRENCY = 20;

export const TOKEN_SERVER_NOTICE =
	'This action outputs the account\'s access token, deliberately: it lets your other systems use n8n\'s token instead of fetching their own (a classic fetch elsewhere knocks out n8n\'s). Anyone who gets the output can act as the account until the token expires. Put it only behind authentication (e.g. a Webhook with Header Auth), answer only to your own systems, and do not store the output (turn off saving successful executions for this workflow).';

const properties: INodeProperties[] = [
	{
		displayName: TOKEN_SERVER_NOTICE,
		name: 'tokenServerNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Rejected Token',
		name: 'rejectedToken',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		placeholder: 'e.g. {{ $json.query.rejected }}',
		description:
			'Leave empty to get the current token. To refresh, put the token a caller says WeChat rejected (errcode 40001/42001): a new token is fetched only when it is still the current one (so 20 callers reporting the same token cause one refresh); otherwise the current, newer token is returned.',
	},
];

export function accessTokenResource(app: AppKind): { operations: Record<string, Operation>; description: INodeProperties[] } {
	return {
		operations: {
			get: async function () {
				return perItem(CONCURRENCY, async (itemIndex) => {
					const rejected = stringParameter.call(this, 'rejectedToken', itemIndex);
					const issued = await tokenForCaller.call(this, CREDENTIAL_TYPE_OF[app], rejected);
					return {
						accessToken: issued.accessToken,
						expiresIn: Math.max(0, Math.floor((issued.expiresAt - Date.now()) / 1000)),
						expiresAt: new Date(issued.expiresAt).toISOString(),
						refreshed: issued.refreshed,
					};
				});
			},
		},
		description: [
			operationProperty('accessToken', [
				{
					name: 'Get Access Token',
					value: 'get',
					description: 'Hand the account\'s current access token and its expiry to another system (central token server)',
					action: 'Get an access token',
				},
			]),
			...operationParameters('accessToken', 'get', properties),
		],
	};
}
