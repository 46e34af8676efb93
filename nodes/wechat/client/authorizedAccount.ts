/**
 * One workflow acting for many merchants (issue #15): the app nodes' Authentication "Authorized Account
 * (Third-Party Platform)" with the Authorizer AppID as a parameter (an expression: the merchant comes from the
 * item), and an account credential whose Token Source is "Third-Party Platform": the WeChat Platform Trigger's
 * platformTokenUrl, whose key is valid for every account authorized to the platform. The token request carries
 * the authorizer AppID (token.ts); n8n main (the trigger) fetches each authorizer's token from WeChat once and
 * hands it to every worker, and each process keeps it per authorizer (token.ts's state key holds the AppID).
 * The token n8n stores in the credential is never used here: one credential serves many authorizers.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, IExecuteFunctions, ILoadOptionsFunctions, INodeProperties, NodeApiError } from 'n8n-workflow';

export const PLATFORM_TOKEN_SOURCE = 'platform';
const AUTHORIZED = 'platformAuthorizer';
const AUTH_NAME = 'Authorized Account (Third-Party Platform)';

/** The app nodes' first parameters. */
export const authenticationProperties: INodeProperties[] = [
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Account Credential', value: 'appCredential', description: 'The account of the credential (its AppID)' },
			{ name: AUTH_NAME, value: AUTHORIZED, description: 'Any account authorized to your third-party platform, named by the Authorizer AppID below; the credential\'s Token Source is Third-Party Platform' },
		],
		default: 'appCredential',
	},
	{
		displayName: 'Authorizer AppID',
		name: 'authorizerAppId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.authorizerAppId }}',
		description: 'The AppID of the merchant\'s account this run acts for (an expression serves many merchants from one workflow; one run acts for one account)',
		displayOptions: { show: { authentication: [AUTHORIZED] } },
	},
];

type Context = IExecuteFunctions | ILoadOptionsFunctions;

function isExecute(context: Context): context is IExecuteFunctions {
	return typeof (context as IExecuteFunctions).getInputData === 'function';
}

function authenticationOf(context: Context): string {
	try {
		const value = isExecute(context) ? context.getNodeParameter('authentication', 0, 'appCredential') : context.getCurrentNodeParameter('authentication');
		return String(value ?? 'appCredential');
	} catch {
		return 'appCredential';
	}
}

/** The Authorizer AppID of this run: every item must name the same account. */
function authorizerOf(context: Context): string {
	const fail = (message: string, description: string) => new NodeOperationError(context.getNode(), message, { description });
	let values: string[];
	if (isExecute(context)) {
		const count = Math.max(1, context.getInputData().length);
		values = [...new Set(Array.from({ length: count }, (_, i) => String(context.getNodeParameter('authorizerAppId', i, '') ?? '').trim()))];
	} else {
		values = [String(context.getCurrentNodeParameter('authorizerAppId') ?? '').trim()];
	}
	if (values.length > 1) {
		throw fail(
			`Authorizer AppID differs between the items (${values.slice(0, 3).join(', ')}${values.length > 3 ? ', ...' : ''}): one run of the node acts for one account`,
			'Give the node one merchant\'s items at a time (e.g. one execution per merchant, or Loop Over Items grouped by merchant).',
		);
	}
	const appId = values[0];
	if (!/^wx[0-9A-Za-z]{8,32}$/.test(appId)) {
		throw fail(
			appId ? `Authorizer AppID "${appId}" is not an AppID` : 'Authorizer AppID is empty',
			'Set Authorizer AppID to the merchant account\'s AppID (wx followed by 16 letters or digits), e.g. the authorizerAppId of a WeChat Platform Trigger event.',
		);
	}
	return appId;
}

/**
 * The credential as a request for this run sees it: unchanged for an account credential; for an authorized
 * account, the authorizer's AppID and no stored token. A mismatch between the two settings is named.
 */
export function asAuthorizedAccount(context: Context, stored: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject {
	const viaPlatform = stored.tokenSource === PLATFORM_TOKEN_SOURCE;
	const authorized = authenticationOf(context) === AUTHORIZED;
	if (!viaPlatform && !authorized) return stored;
	if (!viaPlatform) {
		throw new NodeOperationError(context.getNode(), `Authentication is "${AUTH_NAME}" but the credential's Token Source is not Third-Party Platform`, {
			description: 'Pick (or create) a credential whose Token Source is Third-Party Platform, with the platformTokenUrl of a WeChat Platform Trigger event as its Platform Token URL.',
		});
	}
	if (!authorized) {
		throw new NodeOperationError(context.getNode(), 'The credential\'s Token Source is Third-Party Platform: the node must say which authorized account it acts for', {
			description: `Set Authentication to "${AUTH_NAME}" and Authorizer AppID to the merchant's AppID (an expression works).`,
		});
	}
	return { ...stored, appId: authorizerOf(context), accessToken: '', expiresAt: 0 };
}

/**
 * WeChat's 48001 ("api unauthorized") for an authorized account: most often the merchant's account is of the
 * other kind than the node's (a Mini Program authorizer named in the Official Account node, or the reverse).
 * The platform's token serves both kinds, so only WeChat's refusal tells: the error names the authorizer and
 * the node to use instead. Other errors, and credentials not on the platform, are left as they are.
 */
export function explainAuthorizerRefusal<E extends NodeApiError>(error: E, credentialType: string, stored: ICredentialDataDecryptedObject): E {
	if (stored.tokenSource !== PLATFORM_TOKEN_SOURCE || error.context.errcode !== 48001) return error;
	const mini = credentialType === 'weChatMiniProgramApi';
	const [api, other, otherNode] = mini ? ['Mini Program', 'an Official Account', 'WeChat Official Account'] : ['Official Account', 'a Mini Program', 'WeChat Mini Program'];
	const appId = String(stored.appId);
	error.message = `This ${api} API is not authorized for authorized account ${appId}: is it ${other}?`;
	error.description = `${error.description ?? ''} If ${appId} is ${other} (the WeChat Third-Party Platform node's Get Authorizer shows its kind), act for it with the ${otherNode} node and a ${otherNode} credential; otherwise the account's type or verification does not allow this API.`.trim();
	return error;
}
