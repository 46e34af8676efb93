import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { searchTagList } from '../../wechat/client/tags';
import { officialAccountTemplates, searchTemplates } from '../../wechat/client/templates';

/** Template Message > Send: the account's templates, filtered by title, ID or keyword. */
export async function searchTemplateMessageTemplates(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await searchTemplates.call(this, officialAccountTemplates, filter, (t) => `ID ${t.id}`);
}

/** Tag pickers (Tag actions, Mass Send, Get Many Followers' Tag option): the account's tags by name or ID. */
export async function searchTags(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return await searchTagList.call(this, filter);
}
