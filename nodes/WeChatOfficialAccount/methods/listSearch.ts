import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { officialAccountTemplates, searchTemplates } from '../../wechat/client/templates';

/** Template Message > Send: the account's templates, filtered by title, ID or keyword. */
export async function searchTemplateMessageTemplates(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await searchTemplates.call(this, officialAccountTemplates, filter, (t) => `ID ${t.id}`);
}
