import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { platformRequest } from '../wechat/platform/request';

const PAGE = 20;

/** The accounts that authorized the platform, 20 a page, named by api_get_authorizer_info; the filter matches name or AppID. */
export async function searchAuthorizers(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const offset = Number(paginationToken ?? 0) || 0;
	const answer = await platformRequest.call(this, '/cgi-bin/component/api_get_authorizer_list', { offset, count: PAGE }, { action: 'listing authorizers' });
	const list = Array.isArray(answer.list) ? (answer.list as IDataObject[]) : [];
	const results = await Promise.all(
		list.map(async (entry) => {
			const appId = String(entry.authorizer_appid ?? '');
			let name = appId;
			try {
				const info = await platformRequest.call(this, '/cgi-bin/component/api_get_authorizer_info', { authorizer_appid: appId }, { action: `getting authorizer ${appId}` });
				const nick = String((info.authorizer_info as IDataObject | undefined)?.nick_name ?? '');
				if (nick) name = `${nick} (${appId})`;
			} catch {
				// The AppID alone still identifies it.
			}
			return { name, value: appId };
		}),
	);
	const needle = (filter ?? '').trim().toLowerCase();
	const next = offset + list.length;
	return {
		results: needle ? results.filter((r) => r.name.toLowerCase().includes(needle)) : results,
		paginationToken: list.length === PAGE && next < Number(answer.total_count ?? 0) ? String(next) : undefined,
	};
}
