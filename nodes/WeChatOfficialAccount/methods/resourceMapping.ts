import type { ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import { LEGACY_OPTIONAL_KEYWORDS, officialAccountTemplates } from '../../wechat/client/templates';
import { templateKeywordFields } from '../../wechat/messaging/templateFields';
import { keywordTypeOf } from '../../wechat/messaging/valueRules';

/** Template Message > Send: the selected template's keywords as fields (first/remark of older templates optional). */
export async function getTemplateMessageKeywords(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	return await templateKeywordFields.call(
		this,
		officialAccountTemplates,
		(keyword) => (LEGACY_OPTIONAL_KEYWORDS.includes(keyword) ? 'optional' : keywordTypeOf(keyword)),
		LEGACY_OPTIONAL_KEYWORDS,
	);
}
