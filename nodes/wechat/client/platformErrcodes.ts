/**
 * Errcodes of the third-party platform (第三方平台): what they mean and what to do. Part of the catalogue in
 * errcodes.ts (merged into ERRCODES there), kept apart so each file stays readable.
 */
import type { ErrcodeInfo } from './errcodes';

const fail = (message: string, hint: string, scope: ErrcodeInfo['scope'] = 'account'): ErrcodeInfo => ({ message, hint, handling: 'fail', scope });

const REAUTHORIZE = 'Send the merchant a new authorization link (WeChat Third-Party Platform > Create an authorization link); once they scan it, the platform can act for them again.';

export const PLATFORM_ERRCODES: Record<number, ErrcodeInfo> = {
	61003: fail('The merchant revoked the authorization (or never authorized this third-party platform)', REAUTHORIZE),
	61004: fail(
		'This server\'s IP is not on the third-party platform\'s IP whitelist',
		'Add the IP in WeChat\'s message to the platform\'s whitelist: Open Platform console > Third-Party Platform > Development Settings > Whitelisted IPs. It is separate from each authorized account\'s own whitelist.',
		'configuration',
	),
	61005: fail(
		'The component_verify_ticket has expired',
		'Tickets live 12 hours and WeChat pushes a new one every 10 minutes: check that the workflow with the WeChat Platform Trigger is published and its URL is the authorization-event URL in the Open Platform console; Start Ticket Push restarts stopped pushes.',
		'configuration',
	),
	61006: fail(
		'The component_verify_ticket is stale or not valid: the newest one must be used',
		'Only the latest pushed ticket works. Check that the WeChat Platform Trigger receives the pushes (published, its URL in the Open Platform console) and that no other server stores tickets for this platform; Start Ticket Push asks WeChat to push again.',
		'configuration',
	),
	61007: fail(
		'The merchant did not grant the permission set this API needs',
		'Each API belongs to a permission set the merchant ticks when authorizing (e.g. 1 Message Management for template and customer-service messages, 2 User Management for followers and tags, 3 Account Services, 4 Web Page Services, 7 WeChat Stores, 11 Material Management, 17 Mini Program Account Management, 18 Mini Program Development). Get an authorizer lists the sets granted; send the merchant a new authorization link that includes the set.',
	),
	61009: fail('The authorization code is not valid or was already used', 'An authorization code works once: exchange it once (the WeChat Platform Trigger can do it as the event arrives), or have the merchant authorize again.', 'input'),
	61010: fail('The authorization code has expired', 'Authorization codes live 1 hour: exchange them when the authorized event arrives, or have the merchant authorize again.', 'input'),
	61023: fail('The authorizer refresh token is not valid', `The refresh token changes when the merchant authorizes again: Get many authorizers returns the current one. If the merchant revoked the authorization: ${REAUTHORIZE}`),
};
