/**
 * Lists of followers WeChat pages like user/get (10,000 OpenIDs a page, next_openid the cursor): the
 * followers of one tag (POST /cgi-bin/user/tag/get) and the blacklist (POST
 * /cgi-bin/tags/members/getblacklist). Read through scanFollowers (followers.ts) with its `page` option, so
 * Return All/Limit, Start After OpenID and user info work as for Get Many Followers.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { FollowerPage } from './followers';
import { weChatApiRequest } from './transport';

function pageOf(body: IDataObject): FollowerPage {
	const data = body.data as IDataObject | undefined;
	const openids = Array.isArray(data?.openid) ? (data.openid as unknown[]).map(String) : [];
	// user/tag/get gives no total (0 here: the list ends on a short page or an empty next_openid).
	return { openids, total: Number(body.total) || 0, nextOpenId: String(body.next_openid ?? '') };
}

/** A page source for scanFollowers: the followers of `tagId`. */
export function tagFollowerPages(tagId: number): (this: IExecuteFunctions, after: string) => Promise<FollowerPage> {
	return async function (this: IExecuteFunctions, after: string): Promise<FollowerPage> {
		const body = await weChatApiRequest.call(this, 'weChatOfficialAccountApi', {
			method: 'POST',
			path: '/cgi-bin/user/tag/get',
			body: { tagid: tagId, next_openid: after },
			retrySafe: true,
			action: `reading the followers of tag ${tagId}${after ? ` after ${after}` : ''}`,
		});
		return pageOf(body);
	};
}

/** A page source for scanFollowers: the account's blacklist. */
export async function blockedPage(this: IExecuteFunctions, after: string): Promise<FollowerPage> {
	const body = await weChatApiRequest.call(this, 'weChatOfficialAccountApi', {
		method: 'POST',
		path: '/cgi-bin/tags/members/getblacklist',
		body: { begin_openid: after },
		retrySafe: true,
		action: `reading the blacklist${after ? ` after ${after}` : ''}`,
	});
	return pageOf(body);
}
