/**
 * Storing the component_verify_ticket where every n8n process finds it after a restart: the platform credential.
 * n8n gives a node no call to write a credential; it writes one after a credential's preAuthentication, merging
 * the keys preAuthentication returns into the stored credential (n8n 2.41: CredentialsHelper.preAuthentication
 * persists {...stored, ...output}; 1.123: the request's credential data with the output). So the Platform
 * Trigger makes a request with the new ticket in the credential data, store mode on and the token blanked:
 * preAuthentication (componentToken.ts) answers the ticket and the still-valid token without calling anyone,
 * n8n saves it, and the credential's authenticate stops the request before anything is sent.
 */
import type { IWebhookFunctions } from 'n8n-workflow';

import { STORE_TICKET_FIELD, STORE_TICKET_URL, TICKET_STORED } from './credential';
import { PLATFORM_CREDENTIAL_TYPE } from './request';

/** n8n wraps the credential's error: look for our marker along the cause chain. */
function mentions(error: unknown, marker: string): boolean {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current; depth++) {
		if (current instanceof Error && current.message.includes(marker)) return true;
		current = (current as { cause?: unknown }).cause;
	}
	return false;
}

export async function storeTicket(this: IWebhookFunctions, ticket: string, receivedAt: number): Promise<'stored' | 'unchanged' | 'failed'> {
	const stored = await this.getCredentials(PLATFORM_CREDENTIAL_TYPE);
	if (stored.componentVerifyTicket === ticket) return 'unchanged';
	const ref = this.getNode().credentials?.[PLATFORM_CREDENTIAL_TYPE];
	const data = {
		...stored,
		componentVerifyTicket: ticket,
		ticketAt: receivedAt,
		[STORE_TICKET_FIELD]: true,
		keptAccessToken: String(stored.componentAccessToken ?? ''),
		componentAccessToken: '',
	};
	let unexpected: unknown;
	try {
		await this.helpers.httpRequestWithAuthentication.call(
			this,
			PLATFORM_CREDENTIAL_TYPE,
			{ method: 'GET', url: STORE_TICKET_URL },
			{ credentialsDecrypted: { id: ref?.id ?? '', name: ref?.name ?? '', type: PLATFORM_CREDENTIAL_TYPE, data } },
		);
	} catch (error) {
		if (!mentions(error, TICKET_STORED)) unexpected = error;
	}
	// Whatever n8n said, the database decides: read the credential back.
	const after = await this.getCredentials(PLATFORM_CREDENTIAL_TYPE);
	if (after.componentVerifyTicket === ticket) return 'stored';
	if (unexpected) throw unexpected;
	return 'failed';
}
