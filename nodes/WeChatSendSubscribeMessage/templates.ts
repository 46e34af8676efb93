import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import type { TemplateInfo, TemplateSource } from '../WeChatSendTemplateMessage/messaging';
import { keywordsOf, searchTemplates } from '../WeChatSendTemplateMessage/messaging';
import { keywordTypeOf } from './valueRules';

/** The Mini Program's subscribe templates: GET /wxaapi/newtmpl/gettemplate. */
export const miniProgramTemplates: TemplateSource = {
	credentialType: 'weChatMiniProgramApi',
	path: '/wxaapi/newtmpl/gettemplate',
	parse: (body: IDataObject): TemplateInfo[] =>
		((body.data as IDataObject[] | undefined) ?? []).map((t) => ({
			id: String(t.priTmplId ?? ''),
			title: String(t.title ?? t.priTmplId ?? ''),
			keywords: keywordsOf(t.content),
		})),
};

/** "thing1: thing, amount2: amount": what each keyword of the template takes. */
export function describeKeywords(t: TemplateInfo): string {
	return t.keywords.map((k) => `${k}: ${keywordTypeOf(k)}`).join(', ');
}

export async function searchMiniProgramTemplates(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await searchTemplates.call(this, miniProgramTemplates, filter, (t) => `ID ${t.id}; ${describeKeywords(t)}`);
}
