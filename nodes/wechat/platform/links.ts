/** Authorization links (the merchant's admin opens one and scans): PC and mobile forms, from a pre_auth_code. */
export type LinkForm = 'pc' | 'mobile';

/** auth_type: 1 Official Accounts only, 2 Mini Programs only, 3 both (WeChat's values). */
export type AccountKinds = 1 | 2 | 3 | 6;

export interface LinkOptions {
	componentAppId: string;
	preAuthCode: string;
	redirectUri: string;
	authType: AccountKinds;
	/** Restrict the link to one account (biz_appid). */
	bizAppId?: string;
	/** Permission sets to offer (category_id_list, "1|2|3"). */
	categoryIds?: string;
}

export function authorizationLink(form: LinkForm, o: LinkOptions): string {
	const params = new URLSearchParams();
	if (form === 'mobile') {
		params.set('action', 'bindcomponent');
		params.set('no_scan', '1');
	}
	params.set('component_appid', o.componentAppId);
	params.set('pre_auth_code', o.preAuthCode);
	params.set('redirect_uri', o.redirectUri);
	params.set('auth_type', String(o.authType));
	if (o.bizAppId) params.set('biz_appid', o.bizAppId);
	if (o.categoryIds) params.set('category_id_list', o.categoryIds);
	return form === 'pc'
		? `https://mp.weixin.qq.com/cgi-bin/componentloginpage?${params.toString()}`
		: `https://open.weixin.qq.com/wxaopen/safe/bindcomponent?${params.toString()}#wechat_redirect`;
}
