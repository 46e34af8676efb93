/** What each operation of the WeChat Third-Party Platform node does with one item. */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { stringParameter } from '../wechat/items/parameters';
import { rememberAuthorizer } from '../wechat/platform/authorizer';
import { permissionSets } from '../wechat/platform/events';
import { authorizationLink } from '../wechat/platform/links';
import type { AccountKinds, LinkForm } from '../wechat/platform/links';
import { platformCredentialsOf, platformRequest, startTicketPush } from '../wechat/platform/request';

type Operation = (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject | IDataObject[]>;

const PAGE = 500;

function required(this: IExecuteFunctions, name: string, label: string, itemIndex: number, fix: string): string {
	const value = stringParameter.call(this, name, itemIndex);
	if (!value) throw new NodeOperationError(this.getNode(), `${label} is empty: ${fix}`, { itemIndex });
	return value;
}

function appId(this: IExecuteFunctions, itemIndex: number): string {
	const value = String(this.getNodeParameter('authorizerAppId', itemIndex, '', { extractValue: true }) ?? '').trim();
	if (!value) throw new NodeOperationError(this.getNode(), 'Authorizer is empty: pick an account that authorized the platform, or enter its AppID', { itemIndex });
	if (!/^wx[0-9a-zA-Z]{14,18}$/.test(value)) {
		throw new NodeOperationError(this.getNode(), `Authorizer AppID "${value}" is not an AppID: it starts with wx followed by 16 letters or digits`, { itemIndex });
	}
	return value;
}

function authorizationOutput(info: IDataObject, includeRefreshToken: boolean): IDataObject {
	const out: IDataObject = {
		authorizerAppId: info.authorizer_appid,
		permissionSets: permissionSets(info),
	};
	if (includeRefreshToken) out.authorizerRefreshToken = info.authorizer_refresh_token;
	return out;
}

export const OPERATIONS: Record<string, Operation> = {
	async createAuthorizationLink(itemIndex) {
		const redirectUri = required.call(this, 'redirectUrl', 'Redirect URL', itemIndex, 'enter the page WeChat sends the admin to after authorizing');
		if (!/^https?:\/\//i.test(redirectUri)) throw new NodeOperationError(this.getNode(), 'Redirect URL must start with https:// (or http://)', { itemIndex });
		const form = this.getNodeParameter('linkForm', itemIndex) as LinkForm;
		const authType = Number(this.getNodeParameter('authType', itemIndex)) as AccountKinds;
		const options = this.getNodeParameter('linkOptions', itemIndex, {}) as IDataObject;
		const answer = await platformRequest.call(this, '/cgi-bin/component/api_create_preauthcode', {}, { action: 'creating a pre-authorization code', retrySafe: false });
		const c = await platformCredentialsOf(this);
		const link = authorizationLink(form, {
			componentAppId: c.componentAppId,
			preAuthCode: String(answer.pre_auth_code ?? ''),
			redirectUri,
			authType,
			bizAppId: String(options.bizAppId ?? '').trim() || undefined,
			categoryIds: String(options.categoryIds ?? '').trim() || undefined,
		});
		const expiresIn = Number(answer.expires_in ?? 1800);
		return { link, form, expiresAt: new Date(Date.now() + expiresIn * 1000).toISOString() };
	},

	async exchangeAuthorizationCode(itemIndex) {
		const code = required.call(this, 'authorizationCode', 'Authorization Code', itemIndex, 'map the authorizationCode of the WeChat Platform Trigger\'s authorized event, or the auth_code of the redirect');
		const answer = await platformRequest.call(this, '/cgi-bin/component/api_query_auth', { authorization_code: code }, { action: 'exchanging the authorization code', retrySafe: false });
		const info = (answer.authorization_info ?? {}) as IDataObject;
		const authorizer = String(info.authorizer_appid ?? '');
		await rememberAuthorizer(this, authorizer, String(info.authorizer_access_token ?? ''), Number(info.expires_in ?? 7200), String(info.authorizer_refresh_token ?? ''));
		return authorizationOutput(info, this.getNodeParameter('includeRefreshToken', itemIndex, false) as boolean);
	},

	async getAuthorizer(itemIndex) {
		const authorizer = appId.call(this, itemIndex);
		const answer = await platformRequest.call(this, '/cgi-bin/component/api_get_authorizer_info', { authorizer_appid: authorizer }, { action: `getting authorizer ${authorizer}` });
		const account = (answer.authorizer_info ?? {}) as IDataObject;
		const info = (answer.authorization_info ?? {}) as IDataObject;
		return {
			authorizerAppId: authorizer,
			name: account.nick_name,
			originalId: account.user_name,
			principalName: account.principal_name,
			kind: account.MiniProgramInfo ? 'miniProgram' : 'officialAccount',
			serviceType: (account.service_type_info as IDataObject | undefined)?.id,
			verifyType: (account.verify_type_info as IDataObject | undefined)?.id,
			permissionSets: permissionSets(info),
		};
	},

	async getManyAuthorizers(itemIndex) {
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const limit = returnAll ? Infinity : Number(this.getNodeParameter('limit', itemIndex, 50));
		const withRefresh = this.getNodeParameter('includeRefreshToken', itemIndex, false) as boolean;
		const out: IDataObject[] = [];
		for (let offset = 0; out.length < limit; offset += PAGE) {
			const count = Math.min(PAGE, limit - out.length);
			const answer = await platformRequest.call(this, '/cgi-bin/component/api_get_authorizer_list', { offset, count }, { action: 'listing authorizers' });
			const list = Array.isArray(answer.list) ? (answer.list as IDataObject[]) : [];
			for (const entry of list) {
				const item: IDataObject = { authorizerAppId: entry.authorizer_appid, authorizedAt: entry.auth_time ? new Date(Number(entry.auth_time) * 1000).toISOString() : undefined };
				if (withRefresh) item.authorizerRefreshToken = entry.refresh_token;
				out.push(item);
			}
			if (list.length < count || offset + list.length >= Number(answer.total_count ?? 0)) break;
		}
		return out.slice(0, limit);
	},

	async getAuthorizerOption(itemIndex) {
		const authorizer = appId.call(this, itemIndex);
		const optionName = this.getNodeParameter('optionName', itemIndex) as string;
		const answer = await platformRequest.call(this, '/cgi-bin/component/get_authorizer_option', { authorizer_appid: authorizer, option_name: optionName }, { action: `reading ${optionName} of ${authorizer}` });
		return { authorizerAppId: authorizer, optionName, optionValue: answer.option_value };
	},

	async setAuthorizerOption(itemIndex) {
		const authorizer = appId.call(this, itemIndex);
		const optionName = this.getNodeParameter('optionName', itemIndex) as string;
		const optionValue = required.call(this, 'optionValue', 'Option Value', itemIndex, 'enter 0 or 1 (location report also 2)');
		if (!/^[0-2]$/.test(optionValue) || (optionName !== 'location_report' && optionValue === '2')) {
			throw new NodeOperationError(this.getNode(), `Option Value "${optionValue}" is not allowed for ${optionName}: use 0 (off) or 1 (on)${optionName === 'location_report' ? ' or 2 (every 5 seconds)' : ''}`, { itemIndex });
		}
		await platformRequest.call(this, '/cgi-bin/component/set_authorizer_option', { authorizer_appid: authorizer, option_name: optionName, option_value: optionValue }, { action: `setting ${optionName} of ${authorizer}` });
		return { authorizerAppId: authorizer, optionName, optionValue, set: true };
	},

	async startTicketPush() {
		await startTicketPush.call(this);
		return { started: true };
	},

	async clearQuota() {
		await platformRequest.call(this, '/cgi-bin/component/clear_quota', {}, { action: 'clearing the platform quota', retrySafe: false });
		return { cleared: true };
	},
};
