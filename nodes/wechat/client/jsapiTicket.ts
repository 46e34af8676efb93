/**
 * The JS-SDK's jsapi_ticket: one per account and process, fetched once however many items and executions
 * need it, and refreshed 300 s before WeChat's 7200 s expiry. It signs pages: a secret like the token.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { registerSecret } from '../codec/redact';
import { ExpiringCache } from './cache';
import { appKey, REFRESH_MARGIN_MS } from './token';
import { appCredentialsOf, weChatApiRequest } from './transport';

const tickets = new ExpiringCache<string>('jsapi_ticket', REFRESH_MARGIN_MS);

export async function jsapiTicket(this: IExecuteFunctions): Promise<{ appId: string; ticket: string }> {
	const app = await appCredentialsOf(this, 'weChatOfficialAccountApi');
	const ticket = await tickets.get(appKey(app), async () => {
		const started = Date.now();
		const body = await weChatApiRequest.call(this, 'weChatOfficialAccountApi', {
			method: 'GET',
			path: '/cgi-bin/ticket/getticket',
			qs: { type: 'jsapi' },
			retrySafe: true,
			action: 'getting the jsapi_ticket',
		});
		const value = String(body.ticket ?? '');
		registerSecret(value);
		return { value, expiresAt: started + (Number(body.expires_in) || 7200) * 1000 };
	});
	return { appId: app.appId, ticket };
}
