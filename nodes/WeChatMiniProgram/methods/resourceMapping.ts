import type { ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import { miniProgramTemplates } from '../../wechat/client/templates';
import { templateKeywordFields } from '../../wechat/messaging/templateFields';
import { keywordHint } from '../../wechat/messaging/valueRules';

/** Subscribe Message > Send: the selected template's keywords as fields, each with its type and WeChat's rule. */
export async function getSubscribeMessageKeywords(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	return await templateKeywordFields.call(this, miniProgramTemplates, keywordHint);
}
