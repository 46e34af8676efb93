/** The Trigger's subscription choices: one item per template from WeChat's popup/change/sent events (XML and JSON shapes). */
import { subscriptionItems, wantsSubscriptionItems } from '../../../../nodes/wechat/callback/subscription';
import type { WeChatMeta } from '../../../../nodes/wechat/callback/item';
import { matchesTriggerOn, TRIGGER_ON_CHOICES } from '../../../../nodes/wechat/callback/message';

const meta: WeChatMeta = { mode: 'safe', format: 'xml', appId: 'wxapp', awaitsReply: false, messageKey: 'evt|o1|1714528800|subscribe_msg_popup_event|' };
const base = { ToUserName: 'gh_1', FromUserName: 'oUser1', CreateTime: '1714528800', MsgType: 'event' };

test('popup (XML, Official Account): one item per template, status lower-cased, kind unknown', () => {
	const message = {
		...base,
		Event: 'subscribe_msg_popup_event',
		SubscribeMsgPopupEvent: {
			List: [
				{ TemplateId: 'T1', SubscribeStatusString: 'accept', PopupScene: '2' },
				{ TemplateId: 'T2', SubscribeStatusString: 'reject', PopupScene: '2' },
			],
		},
	};
	expect(subscriptionItems(message, meta)).toEqual([
		{ openid: 'oUser1', appId: 'wxapp', at: '2024-05-01T02:00:00.000Z', event: 'subscribe_msg_popup_event', templateId: 'T1', status: 'accept', kind: null, source: 'popup', popupScene: '2', _wechat: meta },
		{ openid: 'oUser1', appId: 'wxapp', at: '2024-05-01T02:00:00.000Z', event: 'subscribe_msg_popup_event', templateId: 'T2', status: 'reject', kind: null, source: 'popup', popupScene: '2', _wechat: meta },
	]);
});

test('change (JSON, Mini Program, list at the top, one entry as an object): ban from the settings', () => {
	const message = { ...base, Event: 'subscribe_msg_change_event', List: { TemplateId: 'T3', SubscribeStatusString: 'ban' } };
	expect(subscriptionItems(message, meta)).toEqual([expect.objectContaining({ templateId: 'T3', status: 'ban', source: 'settings', openid: 'oUser1' })]);
});

test('sent results: sent / failed with the errorCode and msgId', () => {
	const message = {
		...base,
		Event: 'subscribe_msg_sent_event',
		SubscribeMsgSentEvent: { List: [{ TemplateId: 'T1', MsgID: '170', ErrorCode: '0', ErrorStatus: 'success' }, { TemplateId: 'T2', MsgID: '171', ErrorCode: '10005', ErrorStatus: 'fail' }] },
	};
	expect(subscriptionItems(message, meta).map(({ templateId, status, msgId, errorCode }) => ({ templateId, status, msgId, errorCode }))).toEqual([
		{ templateId: 'T1', status: 'sent', msgId: '170', errorCode: 0 },
		{ templateId: 'T2', status: 'failed', msgId: '171', errorCode: 10005 },
	]);
});

test('the choices: named in the event list, chosen only for their own events; raw events unchanged', () => {
	expect(TRIGGER_ON_CHOICES.find((c) => c.value === 'subscription:decision')?.action).toBe('On subscription decision');
	const popup = { ...base, Event: 'subscribe_msg_popup_event', List: [] };
	const sent = { ...base, Event: 'subscribe_msg_sent_event', List: [] };
	expect(wantsSubscriptionItems(popup, ['subscription:decision'])).toBe(true);
	expect(wantsSubscriptionItems({ ...popup, Event: 'subscribe_msg_change_event' }, ['subscription:decision'])).toBe(true);
	expect(wantsSubscriptionItems(sent, ['subscription:decision'])).toBe(false);
	expect(wantsSubscriptionItems(sent, ['subscription:result'])).toBe(true);
	expect(wantsSubscriptionItems(popup, ['*'])).toBe(false);
	expect(matchesTriggerOn({ ...base, MsgType: 'text', Content: 'hi' }, ['subscription:decision'], [])).toBe(false);
	expect(subscriptionItems(popup, meta)).toEqual([]);
});
