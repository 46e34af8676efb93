/** Subscribe Notification > Send: POST /cgi-bin/message/subscribe/bizsend, one recipient per item. */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { officialAccountSubscribeTemplates } from '../../../wechat/client/templates';
import { nodeParameter, stringParameter } from '../../../wechat/items/parameters';
import type { OperationRun } from '../../../wechat/items/router';
import { perItem } from '../../../wechat/items/router';
import { prepareSendBatch } from '../../../wechat/messaging/batch';
import type { MessageData } from '../../../wechat/messaging/data';
import { checkAgainstTemplate, checkMessageData, readMessageData, requireTouser, templateIdOf } from '../../../wechat/messaging/data';

/** Reads one item into the body of POST /cgi-bin/message/subscribe/bizsend. Throws what is wrong with it. */
export function buildSubscribeNotification(this: IExecuteFunctions, itemIndex: number): { body: IDataObject; data: MessageData } {
	const touser = requireTouser.call(this, itemIndex, 'Official Account');
	const templateId = templateIdOf.call(this, itemIndex);
	const options = nodeParameter.call(this, 'options', itemIndex, {}) as IDataObject;
	const data = readMessageData.call(this, itemIndex, false);
	checkMessageData.call(this, itemIndex, data, { truncate: options.truncate === true });
	const body: IDataObject = { touser, template_id: templateId, data: data as unknown as IDataObject };

	const page = stringParameter.call(this, 'page', itemIndex);
	if (page) {
		if (!/^https?:\/\/\S+$/i.test(page)) {
			throw new NodeOperationError(this.getNode(), `Web Page "${page}" is not a valid http(s) address`, {
				itemIndex,
				description: 'Use a full address such as https://www.example.com/orders/1, or leave Web Page empty (a Mini Program page goes under Mini Program).',
			});
		}
		body.page = page;
	}
	const target = (nodeParameter.call(this, 'miniProgram', itemIndex, {}) as IDataObject).target as IDataObject | undefined;
	if (target) {
		const appid = String(target.appid ?? '').trim();
		const pagepath = String(target.pagepath ?? '').trim().replace(/^\/+/, '');
		if (!appid) {
			throw new NodeOperationError(this.getNode(), 'Mini Program: the AppID is empty', {
				itemIndex,
				description: 'Fill in the AppID of a Mini Program linked to this Official Account, or remove the Mini Program.',
			});
		}
		body.miniprogram = pagepath ? { appid, pagepath } : { appid };
	}
	return { body, data };
}

export async function execute(this: IExecuteFunctions): Promise<OperationRun> {
	const batch = await prepareSendBatch.call(this, {
		credentialType: 'weChatOfficialAccountApi',
		path: '/cgi-bin/message/subscribe/bizsend',
		// No dedupMs: WeChat does not deduplicate subscribe notifications, so after an unknown outcome it is never sent again.
		templates: officialAccountSubscribeTemplates,
		build: (itemIndex) => buildSubscribeNotification.call(this, itemIndex),
		check: (itemIndex, template, data) => checkAgainstTemplate.call(this, itemIndex, template, data, { requireAll: true }),
		describe: (body) => ({ touser: body.touser, templateId: body.template_id }),
	});
	return perItem(batch.concurrency, batch.send);
}
