/**
 * The authorization-event URL's messages (InfoType), decrypted: what they mean and the trigger item they become.
 */
import { createHmac } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

export type InfoType = 'component_verify_ticket' | 'authorized' | 'updateauthorized' | 'unauthorized' | string;

export const AUTHORIZATION_EVENTS = [
	{ name: 'Authorized', value: 'authorized', description: 'A merchant authorized the platform (an authorization code comes with it)' },
	{ name: 'Authorization Updated', value: 'updateauthorized', description: 'A merchant changed the permission sets granted' },
	{ name: 'Unauthorized', value: 'unauthorized', description: 'A merchant revoked the authorization' },
];

const text = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));

export function infoTypeOf(message: Record<string, unknown>): InfoType {
	return text(message.InfoType);
}

/** The trigger's item for an authorization event (before any code exchange). */
export function authorizationItem(message: Record<string, unknown>): IDataObject {
	const item: IDataObject = {
		event: infoTypeOf(message),
		authorizerAppId: text(message.AuthorizerAppid),
		componentAppId: text(message.AppId),
		createTime: Number(message.CreateTime ?? 0) || 0,
	};
	if (message.CreateTime) item.createdAt = new Date(Number(message.CreateTime) * 1000).toISOString();
	if (message.AuthorizationCode) {
		item.authorizationCode = text(message.AuthorizationCode);
		const expires = Number(message.AuthorizationCodeExpiredTime ?? 0);
		if (expires) item.authorizationCodeExpiresAt = new Date(expires * 1000).toISOString();
	}
	return item;
}

/** The key in an authorizer's access-token URL (the Platform Trigger's GET): HMAC of the AppID with the platform's AppSecret. */
export function accessTokenKey(componentAppSecret: string, authorizerAppId: string): string {
	return createHmac('sha256', componentAppSecret).update(`authorizer-access-token|${authorizerAppId}`).digest('hex').slice(0, 40);
}

/** The key valid for every authorizer (the Third-Party Platform token source names the AppID per request). */
export const ANY_AUTHORIZER = '*';

/** The Platform Token URL of the account credentials' Third-Party Platform token source: the key only. */
export function platformTokenUrl(triggerUrl: string, componentAppSecret: string): string {
	const url = new URL(triggerUrl);
	url.searchParams.set('key', accessTokenKey(componentAppSecret, ANY_AUTHORIZER));
	return url.toString();
}

export function accessTokenUrl(triggerUrl: string, componentAppSecret: string, authorizerAppId: string): string {
	const url = new URL(triggerUrl);
	url.searchParams.set('authorizer_appid', authorizerAppId);
	url.searchParams.set('key', accessTokenKey(componentAppSecret, authorizerAppId));
	return url.toString();
}

/** Permission set ids of an api_query_auth / api_get_authorizer_info answer (func_info[].funcscope_category.id). */
export function permissionSets(authorizationInfo: IDataObject): number[] {
	const list = Array.isArray(authorizationInfo.func_info) ? (authorizationInfo.func_info as IDataObject[]) : [];
	return list.map((f) => Number((f.funcscope_category as IDataObject | undefined)?.id ?? 0)).filter((id) => id > 0);
}
