import type { ILoadOptionsFunctions, INodeListSearchResult, ResourceMapperFields } from 'n8n-workflow';

import { officialAccountSubscribeTemplates, searchTemplates } from '../../wechat/client/templates';
import { templateKeywordFields } from '../../wechat/messaging/templateFields';
import { keywordHint, keywordTypeOf } from '../../wechat/messaging/valueRules';

/** Subscribe Notification > Send: the account's subscribe templates (/wxaapi/newtmpl/gettemplate), filtered by title, ID or keyword. */
export async function searchSubscribeNotificationTemplates(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await searchTemplates.call(this, officialAccountSubscribeTemplates, filter, (t) =>
		[`ID ${t.id}`, t.kind === 'longTerm' ? 'long-term' : t.kind === 'oneTime' ? 'one-time' : '', t.keywords.map((k) => `${k}: ${keywordTypeOf(k)}`).join(', ')]
			.filter(Boolean)
			.join('; '),
	);
}

/** Subscribe Notification > Send: the selected template's keywords as fields, each with its type and WeChat's rule. */
export async function getSubscribeNotificationKeywords(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	return await templateKeywordFields.call(this, officialAccountSubscribeTemplates, keywordHint);
}
