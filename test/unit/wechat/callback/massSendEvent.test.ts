/** MASSSENDJOBFINISH in the WeChat Trigger: a named choice of Trigger On, counts as numbers, retries recognised. */
import { matchesTriggerOn, messageKey, toOutputJson, TRIGGER_ON_CHOICES } from '../../../../nodes/wechat/callback/message';

const event = {
	ToUserName: 'gh_5140a0000001',
	FromUserName: 'oOA0000000000000000000000000',
	CreateTime: '1764400000',
	MsgType: 'event',
	Event: 'MASSSENDJOBFINISH',
	MsgID: '1000000001',
	Status: 'send success',
	TotalCount: '25000',
	FilterCount: '24990',
	SentCount: '24985',
	ErrorCount: '5',
};

test('Trigger On lists "Mass Send Finished" and it matches the event only', () => {
	expect(TRIGGER_ON_CHOICES).toContainEqual(expect.objectContaining({ value: 'event:MASSSENDJOBFINISH', action: 'On mass send finished' }));
	expect(matchesTriggerOn(event, ['event:MASSSENDJOBFINISH'], [])).toBe(true);
	expect(matchesTriggerOn({ ...event, Event: 'TEMPLATESENDJOBFINISH' }, ['event:MASSSENDJOBFINISH'], [])).toBe(false);
	expect(messageKey(event)).toBe(`msg|${event.FromUserName}|1000000001`);
});

test('the counts come out as numbers; other fields keep WeChat\'s text', () => {
	const json = toOutputJson(event, { mode: 'safe', format: 'xml', appId: 'wxsimoa0000000001', awaitsReply: false });
	expect(json).toMatchObject({ TotalCount: 25000, FilterCount: 24990, SentCount: 24985, ErrorCount: 5, Status: 'send success', MsgID: '1000000001' });
	// A count that is not a number is left as sent (never NaN).
	expect(toOutputJson({ ...event, ErrorCount: '' }, { mode: 'plain', format: 'xml', appId: 'x', awaitsReply: false }).ErrorCount).toBe('');
	// Other events keep their text.
	expect(toOutputJson({ ...event, Event: 'TEMPLATESENDJOBFINISH' }, { mode: 'plain', format: 'xml', appId: 'x', awaitsReply: false }).TotalCount).toBe('25000');
});
