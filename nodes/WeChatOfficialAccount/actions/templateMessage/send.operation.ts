/** Template Message > Send: POST /cgi-bin/message/template/send, one recipient per item, at most once. */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { LEGACY_OPTIONAL_KEYWORDS, officialAccountTemplates } from '../../../wechat/client/templates';
import { prepareSendBatch } from '../../../wechat/messaging/batch';
import { CLIENT_MSG_ID_DEDUP_MS, deriveClientMsgId, normaliseClientMsgId } from '../../../wechat/messaging/clientMsgId';
import type { MessageData } from '../../../wechat/messaging/data';
import { checkAgainstTemplate, checkMessageData, readMessageData, requireTouser, templateIdOf } from '../../../wechat/messaging/data';
import { nodeParameter, stringParameter } from '../../../wechat/items/parameters';
import type { OperationRun } from '../../../wechat/items/router';
import { perItem } from '../../../wechat/items/router';

/** The client_msg_id of a message: from everything the recipient sees, so a retried item is sent once. */
export function templateClientMsgId(message: IDataObject): string {
	return deriveClientMsgId([message.touser, message.template_id, message.data, message.url ?? '', message.miniprogram ?? null]);
}

/** Reads one item into the body of POST /cgi-bin/message/template/send. Throws what is wrong with it. */
export function buildTemplateMessage(this: IExecuteFunctions, itemIndex: number): { body: IDataObject; data: MessageData } {
	const touser = requireTouser.call(this, itemIndex, 'Official Account');
	const templateId = templateIdOf.call(this, itemIndex);
	const data = readMessageData.call(this, itemIndex, true);
	// Category templates type their keywords like subscribe messages (WeChat's 47003 otherwise); first/remark are untyped.
	checkMessageData.call(this, itemIndex, data, { skip: LEGACY_OPTIONAL_KEYWORDS });
	const body: IDataObject = { touser, template_id: templateId, data: data as unknown as IDataObject };

	const url = stringParameter.call(this, 'url', itemIndex);
	if (url) {
		if (!/^https?:\/\/\S+$/i.test(url)) {
			throw new NodeOperationError(this.getNode(), `URL "${url}" is not a valid http(s) address`, {
				itemIndex,
				description: 'Use a full address such as https://www.example.com/orders/1, or leave URL empty.',
			});
		}
		body.url = url;
	}
	const miniProgram = nodeParameter.call(this, 'miniProgram', itemIndex, {}) as IDataObject;
	const target = miniProgram.target as IDataObject | undefined;
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

	const options = nodeParameter.call(this, 'options', itemIndex, {}) as IDataObject;
	const given = String(options.clientMsgId ?? '').trim();
	body.client_msg_id = given ? normaliseClientMsgId(given) : templateClientMsgId(body);
	return { body, data };
}

/** Since 2023 WeChat shows no first/remark and no colours: said once on the run when the data sets them. */
function legacyDecorationHint(this: IExecuteFunctions): void {
	const items = this.getInputData().length;
	for (let i = 0; i < Math.min(items, 50); i++) {
		let data: MessageData;
		try {
			data = readMessageData.call(this, i, true);
		} catch {
			continue;
		}
		const used = Object.entries(data).filter(([key, v]) => LEGACY_OPTIONAL_KEYWORDS.includes(key) || v.color);
		if (!used.length) continue;
		this.addExecutionHints({
			message: `WeChat has shown no "first" or "remark" keyword and no colours since May 2023: ${used.map(([key]) => key).join(', ')} ${used.length === 1 ? 'is' : 'are'} sent but not displayed.`,
			type: 'info',
			location: 'outputPane',
		});
		return;
	}
}

export async function execute(this: IExecuteFunctions): Promise<OperationRun> {
	legacyDecorationHint.call(this);
	const batch = await prepareSendBatch.call(this, {
		credentialType: 'weChatOfficialAccountApi',
		path: '/cgi-bin/message/template/send',
		// WeChat drops a second send with the same touser + client_msg_id within 10 minutes.
		dedupMs: CLIENT_MSG_ID_DEDUP_MS,
		templates: officialAccountTemplates,
		build: (itemIndex) => buildTemplateMessage.call(this, itemIndex),
		// Older templates have first/remark; WeChat accepts messages that leave keywords out.
		check: (itemIndex, template, data) =>
			checkAgainstTemplate.call(this, itemIndex, template, data, { tolerated: LEGACY_OPTIONAL_KEYWORDS, requireAll: false }),
		describe: (body) => ({ touser: body.touser, templateId: body.template_id, clientMsgId: body.client_msg_id }),
	});
	return perItem(batch.concurrency, batch.send);
}
