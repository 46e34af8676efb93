import type { IWebhookDescription } from 'n8n-workflow';

/**
 * The WeChat Trigger's URLs. One account: `…/webhook/<webhookId>/callback` (GET check and POST callbacks).
 * A third-party platform's message URL: `…/webhook/<webhookId>/callback/$APPID$`, WeChat putting the authorized
 * account's AppID where the open platform's setting says $APPID$.
 *
 * How n8n (2.41 and 1.123 alike) keeps a dynamic path: the description's path with isFullPath, WITHOUT the
 * webhook id, in a table whose key is path + method; a request `<webhookId>/a/b` is matched by the webhook id,
 * the number of segments after it and the static segments. A parameter's name is not matched, so the name
 * carries the node's webhook id: every node's row is its own and any number of platform triggers activate side
 * by side. The row is registered only in platform mode (an empty HTTP method is skipped by n8n).
 */
export const CALLBACK_PATH = 'callback';

/** The Trigger's "Messages Of" parameter. */
export const MESSAGES_OF = 'messagesOf';
export const PLATFORM = 'platform';

/** Prefix of the path parameter holding the authorized account's AppID. */
export const AUTHORIZER_PARAM = 'authorizerAppId';

const isPlatform = `$parameter["${MESSAGES_OF}"] === "${PLATFORM}"`;
const RESPONSE_MODE = '={{$parameter["responseMode"]}}';

/** The dynamic path n8n stores for a node: `callback/:authorizerAppId_<webhook id>`. */
export const PLATFORM_PATH = `={{"${CALLBACK_PATH}/:${AUTHORIZER_PARAM}_" + $webhookId}}`;

export const triggerWebhooks: IWebhookDescription[] = [
	{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: CALLBACK_PATH, ndvHideUrl: `={{${isPlatform}}}` },
	{ name: 'default', httpMethod: 'POST', responseMode: RESPONSE_MODE, path: CALLBACK_PATH, ndvHideUrl: `={{${isPlatform}}}` },
	// Authorized accounts' messages (platform mode only): hidden in the editor, whose URL would show the parameter.
	{ name: 'default', httpMethod: `={{${isPlatform} ? "POST" : ""}}`, responseMode: RESPONSE_MODE, path: PLATFORM_PATH, isFullPath: true, ndvHideUrl: true },
	// Shown in the editor in platform mode: the URL to paste, $APPID$ included. No method: n8n registers nothing.
	{ name: 'default', httpMethod: '', path: `${CALLBACK_PATH}/$APPID$`, ndvHideMethod: true, ndvHideUrl: `={{!(${isPlatform})}}` },
];

/**
 * The authorized account's AppID from the request's path parameters (n8n names the parameter as the path
 * does), '' on the single-account URL. A value that cannot be an AppID is returned as undefined.
 */
export function authorizerAppIdOf(params: unknown): string | undefined {
	if (!params || typeof params !== 'object') return '';
	for (const [name, value] of Object.entries(params as Record<string, unknown>)) {
		if (name !== AUTHORIZER_PARAM && !name.startsWith(`${AUTHORIZER_PARAM}_`)) continue;
		return typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value) ? value : undefined;
	}
	return '';
}
