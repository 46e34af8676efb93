'use strict';
/**
 * The third-party platform (issue #15) in real-n8n tests: the platform credential, a workflow with the WeChat
 * Platform Trigger, the merchant credential a user makes from an `authorized` event (its accessTokenUrl as the
 * External Token Server), and onboarding played by the simulator (ticket pushed, merchants authorizing).
 *
 *   const platform = { appId, secret, token, encodingAesKey };
 *   sim.addComponent(platform); sim.addApp({ appId: merchantAppId, secret, type: 'officialAccount' });
 *   await n8n.importCredentials([platformCredential(ref, platform, sim.url)]);
 *   await onboard(sim, platform, n8n.webhookUrl(`${triggerWebhookId}/events`), [merchantAppId]);
 */
const crypto = require('crypto');
const { node } = require('../../tools/workflows');

const PKG = 'n8n-nodes-wechat-platform';

/** The weChatPlatformApi credential for n8n's import: ticket stored by the trigger, nothing fetched yet. */
function platformCredential(ref, platform, baseUrl) {
	return {
		...ref,
		type: 'weChatPlatformApi',
		data: {
			componentAppId: platform.appId,
			componentAppSecret: platform.secret,
			token: platform.token,
			encodingAesKey: platform.encodingAesKey,
			baseUrl,
			ticketSource: 'trigger',
			componentVerifyTicket: '',
			ticketAt: 0,
			storeTicket: false,
			componentAccessToken: '',
			expiresAt: 0,
		},
	};
}

/** A workflow with only the WeChat Platform Trigger (authorization events; its GET serves authorizers' tokens). */
function platformTriggerWorkflow({ id, name, webhookId, credentialRef, options = {} }) {
	return {
		id,
		name,
		nodes: [
			node('Platform Trigger', `${PKG}.weChatPlatformTrigger`, 0, { events: ['authorized', 'updateauthorized', 'unauthorized'], options }, {
				webhookId,
				credentials: { weChatPlatformApi: credentialRef },
			}),
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

/** The trigger's accessTokenUrl for an authorizer: the same formula as nodes/wechat/platform/events.ts. */
function accessTokenUrl(eventsUrl, platformSecret, authorizerAppId) {
	const url = new URL(eventsUrl);
	url.searchParams.set('authorizer_appid', authorizerAppId);
	url.searchParams.set('key', crypto.createHmac('sha256', platformSecret).update(`authorizer-access-token|${authorizerAppId}`).digest('hex').slice(0, 40));
	return url.toString();
}

/** The merchant's Official Account credential as the README says to make it: External Token Server = accessTokenUrl. */
function merchantCredential(ref, authorizerAppId, tokenUrl, baseUrl) {
	return {
		...ref,
		type: 'weChatOfficialAccountApi',
		data: { appId: authorizerAppId, appSecret: '', tokenSource: 'external', externalTokenUrl: tokenUrl, baseUrl, accessToken: '', expiresAt: 0 },
	};
}

/**
 * WeChat's side of onboarding: the platform's event URL set, one component_verify_ticket pushed, then each
 * merchant authorizes (an `authorized` push each). Every push must be answered `success`; returns the answers.
 */
async function onboard(sim, platform, eventsUrl, authorizerAppIds) {
	sim.setPlatformEventUrl(platform.appId, eventsUrl);
	const ticket = await sim.pushTicket(platform.appId);
	const answers = [[ticket.status, ticket.body]];
	for (const appId of authorizerAppIds) {
		const authorized = await sim.authorizePlatform(platform.appId, appId, { permissionSets: [1, 2] });
		answers.push([authorized.status, authorized.body]);
	}
	return answers;
}

module.exports = { platformCredential, platformTriggerWorkflow, accessTokenUrl, merchantCredential, onboard };
