import { createHash } from 'crypto';
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { MessageData, SendBatch } from './messaging';
import {
	checkAgainstTemplate,
	prepareSendBatch,
	readMessageData,
	requireTouser,
	stringParameter,
	templateIdOf,
} from './messaging';
import { LEGACY_OPTIONAL_KEYWORDS, officialAccountTemplates } from './templates';

/** Length of the client_msg_id the node derives (WeChat documents no limit; 32 is safe everywhere). */
export const CLIENT_MSG_ID_LENGTH = 32;

/** JSON with object keys sorted at every level: equal content gives equal text. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.keys(value as IDataObject)
			.filter((k) => (value as IDataObject)[k] !== undefined)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as IDataObject)[k])}`);
		return `{${entries.join(',')}}`;
	}
	return JSON.stringify(value ?? null);
}

function sha1Hex(text: string): string {
	return createHash('sha1').update(text, 'utf8').digest('hex').slice(0, CLIENT_MSG_ID_LENGTH);
}

/**
 * The dedup key WeChat honours for 10 minutes per recipient, derived from everything the recipient sees:
 * a retry of the same item (a new execution, a retried node, a replayed request) sends nothing new.
 */
export function deriveClientMsgId(message: IDataObject): string {
	return sha1Hex(
		canonicalJson([message.touser, message.template_id, message.data, message.url ?? '', message.miniprogram ?? null]),
	);
}

/** A user-given ID as WeChat gets it: as typed when short enough, else its SHA-1 (stable, so still a key). */
export function normaliseClientMsgId(given: string): string {
	return given.length <= CLIENT_MSG_ID_LENGTH ? given : sha1Hex(given);
}

/** Reads one item into the body of POST /cgi-bin/message/template/send. Throws what is wrong with it. */
export function buildTemplateMessage(this: IExecuteFunctions, itemIndex: number): { body: IDataObject; data: MessageData } {
	const touser = requireTouser.call(this, itemIndex, 'Official Account');
	const templateId = templateIdOf.call(this, itemIndex);
	const data = readMessageData.call(this, itemIndex, true);
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
	const miniProgram = this.getNodeParameter('miniProgram', itemIndex, {}) as IDataObject;
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

	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const given = String(options.clientMsgId ?? '').trim();
	body.client_msg_id = given ? normaliseClientMsgId(given) : deriveClientMsgId(body);
	return { body, data };
}

export async function prepareTemplateBatch(this: IExecuteFunctions): Promise<SendBatch> {
	return await prepareSendBatch.call(this, {
		credentialType: 'weChatOfficialAccountApi',
		path: '/cgi-bin/message/template/send',
		// WeChat drops a second send with the same touser + client_msg_id: replaying after an unknown outcome is safe.
		retrySafe: true,
		templates: officialAccountTemplates,
		build: (itemIndex) => buildTemplateMessage.call(this, itemIndex),
		// Older templates have first/remark; WeChat accepts messages that leave keywords out.
		check: (itemIndex, template, data) =>
			checkAgainstTemplate.call(this, itemIndex, template, data, { tolerated: LEGACY_OPTIONAL_KEYWORDS, requireAll: false }),
		describe: (body) => ({ touser: body.touser, templateId: body.template_id, clientMsgId: body.client_msg_id }),
	});
}
