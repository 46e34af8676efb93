import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { miniProgramTemplates } from '../../../wechat/client/templates';
import { nodeParameter, stringParameter } from '../../../wechat/items/parameters';
import type { OperationRun } from '../../../wechat/items/router';
import { perItem } from '../../../wechat/items/router';
import { prepareSendBatch } from '../../../wechat/messaging/batch';
import type { MessageData } from '../../../wechat/messaging/data';
import { checkAgainstTemplate, checkMessageData, readMessageData, requireTouser, templateIdOf } from '../../../wechat/messaging/data';

const STATES = ['developer', 'trial', 'formal'];
const LANGS = ['zh_CN', 'en_US', 'zh_HK', 'zh_TW'];

/** Reads one item into the body of POST /cgi-bin/message/subscribe/send. Throws what is wrong with it. */
export function buildSubscribeMessage(this: IExecuteFunctions, itemIndex: number): { body: IDataObject; data: MessageData } {
	const touser = requireTouser.call(this, itemIndex, 'Mini Program');
	const templateId = templateIdOf.call(this, itemIndex);
	const options = nodeParameter.call(this, 'options', itemIndex, {}) as IDataObject;
	const data = readMessageData.call(this, itemIndex, false);
	checkMessageData.call(this, itemIndex, data, { truncate: options.truncate === true });

	const state = stringParameter.call(this, 'miniprogramState', itemIndex) || 'formal';
	const lang = stringParameter.call(this, 'lang', itemIndex) || 'zh_CN';
	if (!STATES.includes(state)) {
		throw new NodeOperationError(this.getNode(), `Mini Program Version "${state}" is not one of ${STATES.join(', ')}`, { itemIndex });
	}
	if (!LANGS.includes(lang)) {
		throw new NodeOperationError(this.getNode(), `Language "${lang}" is not one of ${LANGS.join(', ')}`, { itemIndex });
	}
	const body: IDataObject = {
		touser,
		template_id: templateId,
		data: data as unknown as IDataObject,
		miniprogram_state: state,
		lang,
	};
	const page = stringParameter.call(this, 'page', itemIndex).replace(/^\/+/, '');
	if (page) body.page = page;
	return { body, data };
}

/** Subscribe Message > Send: POST /cgi-bin/message/subscribe/send, one recipient per item. */
export async function execute(this: IExecuteFunctions): Promise<OperationRun> {
	const batch = await prepareSendBatch.call(this, {
		credentialType: 'weChatMiniProgramApi',
		path: '/cgi-bin/message/subscribe/send',
		// No dedupMs: WeChat does not deduplicate subscribe sends, so after an unknown outcome the message is never sent again.
		templates: miniProgramTemplates,
		build: (itemIndex) => buildSubscribeMessage.call(this, itemIndex),
		check: (itemIndex, template, data) => checkAgainstTemplate.call(this, itemIndex, template, data, { requireAll: true }),
		describe: (body) => ({ touser: body.touser, templateId: body.template_id }),
	});
	return perItem(batch.concurrency, batch.send);
}
