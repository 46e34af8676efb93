import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import type { TemplateInfo, TemplateSource } from './messaging';
import { keywordsOf, searchTemplates } from './messaging';

/** The Official Account's templates: GET /cgi-bin/template/get_all_private_template. */
export const officialAccountTemplates: TemplateSource = {
	credentialType: 'weChatOfficialAccountApi',
	path: '/cgi-bin/template/get_all_private_template',
	parse: (body: IDataObject): TemplateInfo[] =>
		((body.template_list as IDataObject[] | undefined) ?? []).map((t) => ({
			id: String(t.template_id ?? ''),
			title: String(t.title ?? t.template_id ?? ''),
			keywords: keywordsOf(t.content),
		})),
};

/** Keywords WeChat treats as optional decoration on older templates. */
export const LEGACY_OPTIONAL_KEYWORDS = ['first', 'remark'];

export async function searchOfficialAccountTemplates(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await searchTemplates.call(this, officialAccountTemplates, filter, (t) => `ID ${t.id}`);
}
