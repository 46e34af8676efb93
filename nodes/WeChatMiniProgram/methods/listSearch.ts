import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { miniProgramTemplates, searchTemplates } from '../../wechat/client/templates';
import type { TemplateInfo } from '../../wechat/client/templates';
import { keywordTypeOf } from '../../wechat/messaging/valueRules';

/** "thing1: thing, amount2: amount": what each keyword of the template takes. */
export function describeKeywords(t: TemplateInfo): string {
	return t.keywords.map((k) => `${k}: ${keywordTypeOf(k)}`).join(', ');
}

/** Subscribe Message > Send: the Mini Program's templates, filtered by title, ID or keyword. */
export async function searchSubscribeMessageTemplates(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await searchTemplates.call(this, miniProgramTemplates, filter, (t) => `ID ${t.id}; ${describeKeywords(t)}`);
}
