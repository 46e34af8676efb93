/**
 * The subscription ledger's input: WeChat's subscribe_msg_popup_event / subscribe_msg_change_event (a
 * user's decisions) and subscribe_msg_sent_event (delivery results) carry a list of templates; the Trigger's
 * "Subscription Decision" and "Subscribe Message Result" choices turn each entry into one output item with
 * the same fields for Mini Programs (JSON or XML) and Official Accounts (XML).
 */
import type { IDataObject } from 'n8n-workflow';

import { writeWeChatMeta } from './item';
import type { WeChatMeta } from './item';
import type { WeChatMessage } from './verify';

export const DECISION_CHOICE = 'subscription:decision';
export const RESULT_CHOICE = 'subscription:result';

const DECISION_EVENTS: Record<string, { holder: string; source: string }> = {
	subscribe_msg_popup_event: { holder: 'SubscribeMsgPopupEvent', source: 'popup' },
	subscribe_msg_change_event: { holder: 'SubscribeMsgChangeEvent', source: 'settings' },
};
const RESULT_EVENT = { name: 'subscribe_msg_sent_event', holder: 'SubscribeMsgSentEvent' };

const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** The event's list wherever WeChat put it (under its holder in XML, at the top in JSON), always an array. */
function entriesOf(message: WeChatMessage, holder: string): IDataObject[] {
	const inner = message[holder];
	const list = inner && typeof inner === 'object' && !Array.isArray(inner) ? (inner as IDataObject).List : message.List;
	const items = Array.isArray(list) ? list : list && typeof list === 'object' ? [list] : [];
	return items.filter((e): e is IDataObject => !!e && typeof e === 'object' && !Array.isArray(e));
}

/** Which of the two choices covers this message ('' when neither). */
export function subscriptionChoiceOf(message: WeChatMessage): string {
	const event = text(message.Event);
	if (DECISION_EVENTS[event]) return DECISION_CHOICE;
	if (event === RESULT_EVENT.name) return RESULT_CHOICE;
	return '';
}

/** Whether the selection asks for this message as one item per template. */
export function wantsSubscriptionItems(message: WeChatMessage, selected: string[]): boolean {
	const choice = subscriptionChoiceOf(message);
	return choice !== '' && selected.includes(choice);
}

/**
 * One item per template: openid, templateId, status (decisions: accept / reject / ban, lower-cased; results:
 * sent / failed), source (popup / settings) or msgId and errorCode, appId, when, and `_wechat`. `kind`
 * (oneTime / longTerm) is not in WeChat's event: null here; the send node's output has it (templateKind).
 */
export function subscriptionItems(message: WeChatMessage, meta: WeChatMeta): IDataObject[] {
	const event = text(message.Event);
	const createTime = Number(text(message.CreateTime)) || null;
	const base: IDataObject = {
		openid: text(message.FromUserName),
		appId: meta.appId,
		at: createTime === null ? null : new Date(createTime * 1000).toISOString(),
		event,
	};
	const decision = DECISION_EVENTS[event];
	const items = decision
		? entriesOf(message, decision.holder).map((e) => ({
				...base,
				templateId: text(e.TemplateId),
				status: text(e.SubscribeStatusString).toLowerCase(),
				kind: null,
				source: decision.source,
				...(e.PopupScene !== undefined ? { popupScene: text(e.PopupScene) } : {}),
			}))
		: entriesOf(message, RESULT_EVENT.holder).map((e) => ({
				...base,
				templateId: text(e.TemplateId),
				status: text(e.ErrorStatus).toLowerCase() === 'success' ? 'sent' : 'failed',
				msgId: text(e.MsgID) || null,
				errorCode: Number(text(e.ErrorCode)) || 0,
			}));
	return items.map((item) => {
		writeWeChatMeta(item as IDataObject, meta);
		return item as IDataObject;
	});
}
