/**
 * Customer-Service Message against the WeChat simulator over real HTTP: the window and its quota as WeChat
 * applies them (the (N+1)th message is quotaExceeded, a closed window windowClosed, neither stops the batch,
 * counts from the simulator), typing, a connection dropped after WeChat accepted (unknown, never resent,
 * one delivery), and the Mini Program node on the same endpoint.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { SendCustomerServiceMessage, SendMiniProgramCustomerServiceMessage, ShowTyping } from '../../../helpers/appNodes';
import { executeContext, simulatorStore } from '../../../helpers/n8nContext';
import { FAST_RETRIES, useSimulator } from '../../../helpers/simulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEFAULT_APPS } = require('../../../../tools/simulator');

const sim = useSimulator({ followers: 100 });
const N = 3;

beforeEach(() => {
	sim.customServiceRules({ messageQuota: N, messageWindowSeconds: 48 * 3600, eventQuota: 1, eventWindowSeconds: 60 });
});

type ActionClass = new () => { execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> };

async function run(action: ActionClass, items: IDataObject[], extra: Record<string, unknown> = {}, store = simulatorStore(sim, { oa: DEFAULT_APPS.oa })) {
	const parameters = (name: string, i: number) =>
		({ touser: items[i].openid, messageType: 'text', text: items[i].text, options: { concurrency: 1 }, ...extra })[name];
	const ctx = executeContext({ store, items, parameters, retryDelaysMs: FAST_RETRIES });
	return (await new action().execute.call(ctx as IExecuteFunctions))[0].map((item) => item.json);
}

const oa = (i: number) => sim.person(i).oaOpenId as string;

test('window and quota: the (N+1)th message is quotaExceeded, a closed window windowClosed, the batch goes on', async () => {
	const talking = oa(1); // wrote to the account: N messages over 48 hours
	const followed = oa(2); // just followed: a short window of 1
	const silent = oa(3); // never interacted
	const gone = oa(4); // wrote, then unfollowed
	sim.userInteraction(DEFAULT_APPS.oa.appId, talking, 'message');
	sim.userInteraction(DEFAULT_APPS.oa.appId, followed, 'follow');
	sim.userInteraction(DEFAULT_APPS.oa.appId, gone, 'message');
	sim.userInteraction(DEFAULT_APPS.oa.appId, gone, 'unfollow');
	const recipients = [talking, silent, talking, followed, talking, gone, talking, followed];
	const out = await run(SendCustomerServiceMessage, recipients.map((openid, k) => ({ openid, text: `message ${k}` })));
	expect(out.map((o) => o.outcome)).toEqual(['sent', 'windowClosed', 'sent', 'sent', 'sent', 'windowClosed', 'quotaExceeded', 'quotaExceeded']);
	expect(out[1]).toMatchObject({ touser: silent, errcode: 45015, errmsg: expect.stringMatching(/^response out of time limit or subscription is canceled rid: /) });
	expect(out[6]).toMatchObject({ touser: talking, errcode: 45047, errmsg: expect.stringMatching(/^out of response count limit rid: /) });
	// Counted by WeChat (the simulator), not by the node: N to the talking user, 1 to the follower.
	const delivered = sim.customServiceDeliveries.map((d: IDataObject) => [d.touser, (d.body as IDataObject & { text: IDataObject }).text.content]);
	expect(delivered).toEqual([
		[talking, 'message 0'],
		[talking, 'message 2'],
		[followed, 'message 3'],
		[talking, 'message 4'],
	]);
	expect(sim.calls['/cgi-bin/message/custom/send']).toBe(8);

	// The user writes again: a new quota, and the 48 hours start over.
	sim.userInteraction(DEFAULT_APPS.oa.appId, talking, 'message');
	expect((await run(SendCustomerServiceMessage, [{ openid: talking, text: 'again' }]))[0].outcome).toBe('sent');
});

test('typing is recorded for a user with an open window; a closed window is windowClosed', async () => {
	sim.userInteraction(DEFAULT_APPS.oa.appId, oa(5), 'message');
	const out = await run(ShowTyping, [{ openid: oa(5) }, { openid: oa(6) }]);
	expect(out.map((o) => [o.command, o.outcome])).toEqual([
		['Typing', 'sent'],
		['Typing', 'windowClosed'],
	]);
	expect(sim.typingCommands).toEqual([expect.objectContaining({ touser: oa(5), command: 'Typing' })]);
});

test('a connection dropped after WeChat accepted: unknown, not sent again, one delivery', async () => {
	const user = oa(7);
	sim.userInteraction(DEFAULT_APPS.oa.appId, user, 'message');
	sim.fault({ type: 'drop', when: 'after', path: '/cgi-bin/message/custom/send', times: 1 });
	const out = await run(SendCustomerServiceMessage, [{ openid: user, text: 'Your refund is on its way' }]);
	expect(out[0]).toMatchObject({ touser: user, outcome: 'unknown', resendSafeUntil: null, errcode: null });
	expect(out[0].reason).toMatch(/WeChat may have delivered it, so it was not sent again/);
	expect(sim.calls['/cgi-bin/message/custom/send']).toBe(1);
	expect(sim.customServiceDeliveries).toHaveLength(1);
});

test('Mini Program node: the same endpoint with its own credential and its own card', async () => {
	const user = sim.person(8).mpOpenId as string;
	sim.userInteraction(DEFAULT_APPS.mp.appId, user, 'message');
	const store = simulatorStore(sim, { mp: DEFAULT_APPS.mp });
	const out = await run(
		SendMiniProgramCustomerServiceMessage,
		[{ openid: user }],
		{ messageType: 'miniprogrampage', title: 'Your order', pagePath: 'pages/order/index?id=1', thumbMediaId: 'THUMB_1' },
		store,
	);
	expect(out[0]).toMatchObject({ touser: user, msgtype: 'miniprogrampage', outcome: 'sent' });
	expect(sim.customServiceDeliveries[0]).toMatchObject({
		appId: DEFAULT_APPS.mp.appId,
		body: { miniprogrampage: { title: 'Your order', pagepath: 'pages/order/index?id=1', thumb_media_id: 'THUMB_1' } },
	});
});
