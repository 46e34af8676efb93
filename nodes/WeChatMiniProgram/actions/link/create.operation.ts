/**
 * Link > Create URL Link (/wxa/generate_urllink), Create URL Scheme (/wxa/generatescheme) and Create Short
 * Link (/wxa/genwxashortlink). Every item is checked first; creating again cannot act twice (retry-safe).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { growthRequest } from '../../../wechat/growth/errors';
import { DEFAULT_READ_CONCURRENCY } from '../../../wechat/items/description';
import { concurrencyOf, stringParameter } from '../../../wechat/items/parameters';
import type { OperationRun } from '../../../wechat/items/router';
import { perItem } from '../../../wechat/items/router';
import { checkAll, envOf, expireDaysOf, failure, pageOf, queryOf } from './fields';

type Kind = 'urlLink' | 'urlScheme' | 'shortLink';

const PATHS: Record<Kind, string> = { urlLink: '/wxa/generate_urllink', urlScheme: '/wxa/generatescheme', shortLink: '/wxa/genwxashortlink' };

function requestOf(this: IExecuteFunctions, kind: Kind, itemIndex: number): { body: IDataObject; expireDays?: number } {
	if (kind === 'shortLink') {
		const page = pageOf.call(this, itemIndex, true);
		const query = queryOf.call(this, itemIndex);
		const title = stringParameter.call(this, 'pageTitle', itemIndex);
		if ([...title].length > 64) throw failure.call(this, itemIndex, `Title is too long (${[...title].length} characters)`, 'Keep it short: it is shown in the chat.');
		const permanent = this.getNodeParameter('permanent', itemIndex, false) as boolean;
		return { body: { page_url: query ? `${page}?${query}` : page, page_title: title, is_permanent: permanent }, expireDays: permanent ? undefined : 30 };
	}
	const path = pageOf.call(this, itemIndex, false);
	const query = queryOf.call(this, itemIndex);
	const env = envOf.call(this, itemIndex);
	const expireDays = expireDaysOf.call(this, itemIndex);
	const expiry = { expire_type: 1, expire_interval: expireDays };
	if (kind === 'urlLink') return { body: { path, query, env_version: env, ...expiry }, expireDays };
	return { body: { jump_wxa: { path, query, env_version: env }, is_expire: true, ...expiry }, expireDays };
}

export async function createLink(this: IExecuteFunctions, kind: Kind): Promise<OperationRun> {
	const requests = checkAll(this, (i) => requestOf.call(this, kind, i));
	return perItem(concurrencyOf.call(this, DEFAULT_READ_CONCURRENCY), async (itemIndex) => {
		const request = requests[itemIndex];
		if (request instanceof NodeOperationError) return request;
		const answer = await growthRequest.call(this, 'weChatMiniProgramApi', 'link', {
			method: 'POST',
			path: PATHS[kind],
			body: request.body,
			retrySafe: true,
			action: `creating the link of item ${itemIndex}`,
		});
		const link = String(answer.url_link ?? answer.openlink ?? answer.link ?? '');
		const out: IDataObject = { link };
		if (kind === 'urlLink') out.urlLink = link;
		if (kind === 'urlScheme') out.openlink = link;
		out.expiresAt = request.expireDays === undefined ? null : new Date(Date.now() + request.expireDays * 86_400_000).toISOString();
		return out;
	});
}
