/**
 * The platform core without HTTP: authorization links (PC and mobile, exact parameter order), event items, the
 * access-token URL's key, permission sets, and the credential's preAuthentication in store mode (the Platform
 * Trigger's ticket write: no call, the ticket and a still-valid token kept) and the authenticate guard.
 */
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { authorizerToken, rememberAuthorizer } from '../../../../nodes/wechat/platform/authorizer';
import { preAuthenticatePlatform } from '../../../../nodes/wechat/platform/componentToken';
import { componentTokenInQuery, readPlatformCredentials, STORE_TICKET_URL, TICKET_STORED } from '../../../../nodes/wechat/platform/credential';
import { accessTokenKey, accessTokenUrl, authorizationItem, permissionSets } from '../../../../nodes/wechat/platform/events';
import { authorizationLink } from '../../../../nodes/wechat/platform/links';
import type { PlatformContext } from '../../../../nodes/wechat/platform/request';
import { explainAuthorizerRefusal } from '../../../../nodes/wechat/client/authorizedAccount';
import { errcodeInfo, weChatApiError } from '../../../../nodes/wechat/client/errcodes';

const base = { componentAppId: 'wxcomponent000001', componentAppSecret: 'secret', token: 't', encodingAesKey: 'k', baseUrl: 'https://api.weixin.qq.com/', ticketSource: 'trigger' };

test('authorization links: PC and mobile forms with WeChat\'s parameters', () => {
	const o = { componentAppId: 'wxc', preAuthCode: 'pre@@@A', redirectUri: 'https://x.example/cb?a=1', authType: 3 as const };
	expect(authorizationLink('pc', o)).toBe('https://mp.weixin.qq.com/cgi-bin/componentloginpage?component_appid=wxc&pre_auth_code=pre%40%40%40A&redirect_uri=https%3A%2F%2Fx.example%2Fcb%3Fa%3D1&auth_type=3');
	expect(authorizationLink('mobile', { ...o, bizAppId: 'wxbiz', categoryIds: '1|2' })).toBe(
		'https://open.weixin.qq.com/wxaopen/safe/bindcomponent?action=bindcomponent&no_scan=1&component_appid=wxc&pre_auth_code=pre%40%40%40A&redirect_uri=https%3A%2F%2Fx.example%2Fcb%3Fa%3D1&auth_type=3&biz_appid=wxbiz&category_id_list=1%7C2#wechat_redirect',
	);
});

test('event items, permission sets and the access-token URL', () => {
	expect(authorizationItem({ AppId: 'wxc', InfoType: 'authorized', AuthorizerAppid: 'wxa', AuthorizationCode: 'code', AuthorizationCodeExpiredTime: '1700003600', CreateTime: '1700000000' })).toEqual({
		event: 'authorized',
		authorizerAppId: 'wxa',
		componentAppId: 'wxc',
		createTime: 1700000000,
		createdAt: '2023-11-14T22:13:20.000Z',
		authorizationCode: 'code',
		authorizationCodeExpiresAt: '2023-11-14T23:13:20.000Z',
	});
	expect(permissionSets({ func_info: [{ funcscope_category: { id: 1 } }, { funcscope_category: { id: 11 } }, {}] })).toEqual([1, 11]);
	const url = new URL(accessTokenUrl('https://n8n.example/webhook/abc/events', 'secret', 'wxa'));
	expect(url.searchParams.get('authorizer_appid')).toBe('wxa');
	expect(url.searchParams.get('key')).toBe(accessTokenKey('secret', 'wxa'));
	expect(accessTokenKey('secret', 'wxa')).not.toBe(accessTokenKey('secret', 'wxb'));
	expect(accessTokenKey('secret', 'wxa')).toHaveLength(40);
});

test('store mode: the ticket and a still-valid token are returned without any call; the request is stopped before it is sent', async () => {
	const httpRequest = jest.fn();
	const expiresAt = Date.now() + 3_600_000;
	const credentials: ICredentialDataDecryptedObject = { ...base, componentVerifyTicket: 'ticket-2', ticketAt: 5, storeTicket: true, keptAccessToken: 'component-token-1', componentAccessToken: '', expiresAt };
	const output = await preAuthenticatePlatform.call({ helpers: { httpRequest } } as never, credentials);
	expect(output).toEqual({ componentVerifyTicket: 'ticket-2', ticketAt: 5, componentAccessToken: 'component-token-1', expiresAt, storeTicket: false, keptAccessToken: '' });
	expect(httpRequest).not.toHaveBeenCalled();
	// A token close to expiry is not kept: the next platform call fetches one.
	const stale = await preAuthenticatePlatform.call({ helpers: { httpRequest } } as never, { ...credentials, componentAppId: 'wxother', expiresAt: Date.now() + 60_000 });
	expect(stale.componentAccessToken).toBe('');
	await expect(componentTokenInQuery({}, { url: STORE_TICKET_URL } as IHttpRequestOptions)).rejects.toThrow(TICKET_STORED);
	const options = await componentTokenInQuery({ componentAccessToken: 'tok' }, { url: 'https://api.weixin.qq.com/x', qs: { a: 1 } } as IHttpRequestOptions);
	expect(options.qs).toEqual({ a: 1, component_access_token: 'tok' });
});

test('the ticket comes from the source chosen; a missing ticket says where tickets come from', async () => {
	expect(readPlatformCredentials({ ...base, ticketSource: 'pasted', pastedTicket: ' p ', componentVerifyTicket: 'stored' }).ticket).toBe('p');
	expect(readPlatformCredentials({ ...base, componentVerifyTicket: 'stored' })).toMatchObject({ ticket: 'stored', baseUrl: 'https://api.weixin.qq.com' });
	const httpRequest = jest.fn();
	await expect(preAuthenticatePlatform.call({ helpers: { httpRequest } } as never, { ...base, componentAppId: 'wxnoticket', componentVerifyTicket: '', componentAccessToken: '' })).rejects.toThrow(/No component_verify_ticket yet: .*WeChat Platform Trigger/);
	expect(httpRequest).not.toHaveBeenCalled();
});

test('platform errcodes are explained', () => {
	expect(errcodeInfo(61006).message).toMatch(/stale/);
	expect(errcodeInfo(61023).hint).toMatch(/Get many authorizers/);
	expect(errcodeInfo(61007).hint).toMatch(/1 Message Management/);
	expect(errcodeInfo(61004).hint).toMatch(/separate from each authorized account's own whitelist/);
	expect(errcodeInfo(61003).message).toMatch(/merchant revoked the authorization/);
});

test('the token URL\'s rejected token: retired only while it is the current one, one api_authorizer_token call for concurrent callers; an older token gets the current one', async () => {
	const paths: string[] = [];
	const context = {
		getNode: () => ({ name: 'Platform' }),
		getCredentials: async () => ({ ...base, componentAccessToken: 'component-token', expiresAt: Date.now() + 3_600_000 }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
				paths.push(options.url);
				await new Promise((resolve) => setTimeout(resolve, 5));
				return { authorizer_access_token: `authorizer-token-${paths.length}`, expires_in: 7200, authorizer_refresh_token: 'refresh' };
			},
		},
	} as unknown as PlatformContext;
	const appId = 'wxunitauthorizer01';
	await rememberAuthorizer(context, appId, 'authorizer-token-0', 7200, 'refresh');
	expect((await authorizerToken(context, appId)).accessToken).toBe('authorizer-token-0');
	expect((await authorizerToken(context, appId, 'authorizer-token-older')).accessToken).toBe('authorizer-token-0');
	expect(paths).toEqual([]);
	const answers = await Promise.all(Array.from({ length: 10 }, () => authorizerToken(context, appId, 'authorizer-token-0')));
	expect(answers.map((a) => a.accessToken)).toEqual(Array(10).fill('authorizer-token-1'));
	expect(paths).toEqual(['https://api.weixin.qq.com/cgi-bin/component/api_authorizer_token']);
	// A caller late with the retired token: the current one, nothing fetched.
	expect((await authorizerToken(context, appId, 'authorizer-token-0')).accessToken).toBe('authorizer-token-1');
	expect(paths).toHaveLength(1);
});

test('48001 for an authorized account names the authorizer and the node of the other kind; other errors and credentials unchanged', () => {
	const node = { id: 'n', name: 'Send', type: 't', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
	const platform = { tokenSource: 'platform', appId: 'wxauthorizer00001' };
	const refusal = () => weChatApiError(node, 48001, 'api unauthorized rid: x', 'sending to o1');
	expect(explainAuthorizerRefusal(refusal(), 'weChatOfficialAccountApi', platform)).toMatchObject({
		message: 'This Official Account API is not authorized for authorized account wxauthorizer00001: is it a Mini Program?',
		description: expect.stringContaining('act for it with the WeChat Mini Program node and a WeChat Mini Program credential'),
	});
	expect(explainAuthorizerRefusal(refusal(), 'weChatMiniProgramApi', platform).message).toBe('This Mini Program API is not authorized for authorized account wxauthorizer00001: is it an Official Account?');
	expect(explainAuthorizerRefusal(refusal(), 'weChatMiniProgramApi', { tokenSource: 'stable', appId: 'wxown' }).message).toBe('This API is not authorized for this account (sending to o1)');
	expect(explainAuthorizerRefusal(weChatApiError(node, 43101, 'refused', 'sending to o1'), 'weChatMiniProgramApi', platform).message).not.toMatch(/authorized account/);
});
