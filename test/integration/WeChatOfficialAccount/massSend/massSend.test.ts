/**
 * Mass Send against the WeChat simulator over real HTTP: to a tag (checked against the tag list), to all
 * followers (only with the switch), to an OpenID list cut into calls of at most 10,000; the same send run
 * again is alreadySent with the first msg_id and delivers nothing; a connection dropped after WeChat
 * accepted a call is retried with the SAME clientmsgid, so every follower gets exactly one message; bad
 * input named before any call; WeChat's quota errors; Preview, Get Status and Delete.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { FollowerAction, MassSendAction, TagAction } from '../../../helpers/appNodes';
import { executeContext, simulatorStore } from '../../../helpers/n8nContext';
import { FAST_RETRIES, useSimulator } from '../../../helpers/simulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEFAULT_APPS } = require('../../../../tools/simulator');

const sim = useSimulator({ followers: 12_500 });
const SENDALL = '/cgi-bin/message/mass/sendall';
const SEND = '/cgi-bin/message/mass/send';

async function run(
	Action: ReturnType<typeof MassSendAction>,
	parameters: Record<string, unknown> | ((name: string, i: number) => unknown),
	items: IDataObject[] = [{}],
	continueOnFail = false,
): Promise<INodeExecutionData[]> {
	const ctx = executeContext({ store: simulatorStore(sim, { oa: DEFAULT_APPS.oa }), items, parameters, retryDelaysMs: FAST_RETRIES, continueOnFail });
	const [output] = await new Action().execute.call(ctx as IExecuteFunctions);
	return output;
}
const send = (parameters: Record<string, unknown> | ((name: string, i: number) => unknown), items?: IDataObject[]) => run(MassSendAction('send'), parameters, items);
const rl = (id: number | string) => ({ __rl: true, mode: 'id', value: String(id) });
const text = (content: string, extra: Record<string, unknown> = {}) => ({ messageType: 'text', text: content, options: {}, ...extra });

async function tagOf(n: number): Promise<number> {
	const [created] = await run(TagAction('create'), { name: `Segment ${n}` });
	const id = Number(created.json.id);
	const items = Array.from({ length: n }, (_, i) => ({ openid: sim.person(i).oaOpenId }));
	await run(TagAction('addFollowers'), (name, i) => (name === 'openid' ? items[i].openid : name === 'tag' ? rl(id) : undefined), items);
	return id;
}

test('to a tag: sent once; the same send again is alreadySent with the first msg_id and delivers nothing', async () => {
	const tagId = await tagOf(120);
	const params = { target: 'tag', tag: rl(tagId), ...text('Our autumn sale starts today') };
	const [first] = await send(params);
	expect(first.json).toMatchObject({ outcome: 'sent', reason: null, target: 'tag', tagId, msgtype: 'text', errcode: 0 });
	expect(first.json.clientMsgId).toMatch(/^[0-9a-f]{32}$/);
	expect(sim.massDeliveries).toHaveLength(120);
	expect(sim.massJobs[0]).toMatchObject({ msgId: first.json.msgId, clientmsgid: first.json.clientMsgId, totalCount: 120, sentCount: 120 });

	const [again] = await send(params);
	expect(again.json).toMatchObject({ outcome: 'alreadySent', msgId: first.json.msgId, errcode: 45065, clientMsgId: first.json.clientMsgId });
	expect(again.json.reason).toContain('not sent again');
	expect(sim.massDeliveries).toHaveLength(120);
	expect(sim.calls[SENDALL]).toBe(2);

	// Another text to the same tag is another mass send.
	const [other] = await send({ ...params, text: 'Last day of the sale' });
	expect(other.json.outcome).toBe('sent');
	expect(sim.massDeliveries).toHaveLength(240);
});

test('bad input: unknown tag, "all" without the switch, empty or too long text, a list of one: named, nothing sent', async () => {
	await tagOf(3);
	await expect(send({ target: 'tag', tag: rl(999), ...text('Hi') })).rejects.toThrow('Tag: 999 does not exist in this account');
	await expect(send({ target: 'all', sendToAll: false, ...text('Hi') })).rejects.toThrow('Send to All Followers is off');
	await expect(send({ target: 'tag', tag: rl(100), ...text('') })).rejects.toThrow('Text is empty');
	await expect(send({ target: 'tag', tag: rl(100), ...text('长'.repeat(601)) })).rejects.toThrow('Text is too long (601 characters)');
	const one = [{ openid: sim.person(1).oaOpenId }, { openid: sim.person(1).oaOpenId }];
	await expect(send((name, i) => (name === 'touser' ? one[i].openid : ({ target: 'openids', ...text('Hi') } as Record<string, unknown>)[name]), one)).rejects.toThrow(
		'needs at least 2 different OpenIDs (got 1)',
	);
	const empty = [{ openid: sim.person(1).oaOpenId }, { openid: '' }];
	await expect(send((name, i) => (name === 'touser' ? empty[i].openid : ({ target: 'openids', ...text('Hi') } as Record<string, unknown>)[name]), empty)).rejects.toThrow(
		'Recipient OpenID is empty',
	);
	expect(sim.calls[SENDALL] ?? 0).toBe(0);
	expect(sim.calls[SEND] ?? 0).toBe(0);
	expect(sim.massDeliveries).toHaveLength(0);
});

test('to all followers with the switch on: everyone but the blocked; a user-given Client Message ID', async () => {
	const blocked = [{ openid: sim.person(5).oaOpenId }];
	await run(FollowerAction('block'), (name, i) => (name === 'openid' ? blocked[i].openid : undefined), blocked);
	const [out] = await send({ target: 'all', sendToAll: true, ...text('Hello everyone', { options: { clientMsgId: 'hello-2026-11' } }) });
	expect(out.json).toMatchObject({ outcome: 'sent', target: 'all', clientMsgId: 'hello-2026-11' });
	expect(sim.massDeliveries).toHaveLength(12_499);
	expect(sim.massDeliveries.some((d: IDataObject) => d.touser === sim.person(5).oaOpenId)).toBe(false);
});

test('12,000 OpenIDs: 2 calls of 6,000; the connection dropped after WeChat accepted the first: exactly one message each', async () => {
	const items = Array.from({ length: 12_000 }, (_, i) => ({ openid: sim.person(i).oaOpenId }));
	sim.fault({ type: 'drop', when: 'after', path: SEND, times: 1 });
	const params = (name: string, i: number) => (name === 'touser' ? items[i].openid : ({ target: 'openids', ...text('Your order is ready') } as Record<string, unknown>)[name]);
	const out = await send(params, items);
	expect(out).toHaveLength(12_000);
	out.forEach((o, i) => expect(o.pairedItem).toEqual({ item: i }));
	// Call 1: accepted, answer lost, resent with the same body -> 45065 with its msg_id. Call 2: sent.
	expect(out[0].json).toMatchObject({ outcome: 'alreadySent', touser: items[0].openid, call: 1, calls: 2, msgId: sim.massJobs[0].msgId });
	expect(out[11_999].json).toMatchObject({ outcome: 'sent', call: 2, msgId: sim.massJobs[1].msgId });
	expect(sim.calls[SEND]).toBe(3);
	expect(sim.massJobs).toHaveLength(2);
	expect(sim.massDeliveries).toHaveLength(12_000);
	expect(new Set(sim.massDeliveries.map((d: IDataObject) => d.touser)).size).toBe(12_000);

	// The whole execution again: both calls alreadySent, still one message each.
	const again = await send(params, items);
	expect(new Set(again.map((o) => o.json.outcome))).toEqual(new Set(['alreadySent']));
	expect(sim.massDeliveries).toHaveLength(12_000);
}, 60_000);

test('WeChat\'s rules: a follower\'s 5th mass send in a month is filtered; no quota left (45028) is explained', async () => {
	const tagId = await tagOf(10);
	for (let k = 1; k <= 5; k++) await send({ target: 'tag', tag: rl(tagId), ...text(`Issue ${k}`) });
	expect(sim.massJobs.map((j: IDataObject) => j.sentCount)).toEqual([10, 10, 10, 10, 0]);
	sim.massSendRules({ jobsPerDay: 0 });
	try {
		await expect(send({ target: 'tag', tag: rl(tagId), ...text('Issue 6') })).rejects.toThrow('The account has no mass send quota left');
	} finally {
		sim.massSendRules({ jobsPerDay: null });
	}
});

test('Preview to an OpenID or a WeChat ID, Get Status, Delete an article', async () => {
	const [p] = await run(MassSendAction('preview'), { previewTo: 'openid', touser: sim.person(2).oaOpenId, messageType: 'image', imageMediaIds: 'img1, img2' });
	expect(p.json).toMatchObject({ outcome: 'sent', touser: sim.person(2).oaOpenId, msgtype: 'image' });
	await run(MassSendAction('preview'), { previewTo: 'wxname', towxname: 'alice_wx', messageType: 'text', text: 'Draft' });
	expect(sim.massPreviews.map((x: IDataObject) => x.body)).toEqual([
		{ touser: sim.person(2).oaOpenId, msgtype: 'image', image: { media_id: 'img1' } },
		{ towxname: 'alice_wx', msgtype: 'text', text: { content: 'Draft' } },
	]);
	const tagId = await tagOf(4);
	const [sent] = await send({ target: 'tag', tag: rl(tagId), messageType: 'mpnews', mediaId: 'article-1', options: { sendIgnoreReprint: true } });
	expect(sent.json).toMatchObject({ outcome: 'sent', msgtype: 'mpnews' });
	expect(sent.json.msgDataId).not.toBeNull();
	await sim.massSendSettled();
	const [status] = await run(MassSendAction('getStatus'), { msgId: String(sent.json.msgId) });
	expect(status.json).toEqual({ msgId: sent.json.msgId, status: 'SEND_SUCCESS' });
	const [deleted] = await run(MassSendAction('delete'), { msgId: String(sent.json.msgId), articleIndex: 0 });
	expect(deleted.json).toEqual({ msgId: sent.json.msgId, articleIndex: 0, deleted: true });
	await expect(run(MassSendAction('getStatus'), { msgId: 'abc' })).rejects.toThrow('Message ID "abc" is not a msg_id');
});

test('every answer lost: outcome unknown with resendSafeUntil, WeChat delivered once; 45066 is unknown too, never a second send', async () => {
	const tagId = await tagOf(6);
	sim.fault({ type: 'drop', when: 'after', path: SENDALL });
	const [lost] = await send({ target: 'tag', tag: rl(tagId), ...text('Flash sale') });
	sim.clearFaults();
	expect(lost.json).toMatchObject({ outcome: 'unknown', msgId: null });
	expect(String(lost.json.reason)).toContain('same clientmsgid');
	expect(Date.parse(String(lost.json.resendSafeUntil)) - Date.now()).toBeGreaterThan(23 * 3600 * 1000);
	// 1 attempt + 3 retries with the same body: one job, one delivery per follower.
	expect(sim.calls[SENDALL]).toBe(1 + FAST_RETRIES.length);
	expect(sim.massJobs).toHaveLength(1);
	expect(sim.massDeliveries).toHaveLength(6);
	// Running it again later tells what happened: alreadySent with the msg_id.
	const [again] = await send({ target: 'tag', tag: rl(tagId), ...text('Flash sale') });
	expect(again.json).toMatchObject({ outcome: 'alreadySent', msgId: sim.massJobs[0].msgId });

	sim.fault({ type: 'errcode', errcode: 45066, errmsg: 'clientmsgid retry too fast', path: SENDALL, times: 1 });
	const [tooSoon] = await send({ target: 'tag', tag: rl(tagId), ...text('Another sale') });
	expect(tooSoon.json).toMatchObject({ outcome: 'unknown', errcode: 45066 });
	expect(String(tooSoon.json.reason)).toContain('Run the node again in a minute');
	expect(sim.massJobs).toHaveLength(1);
});

test('Continue On Fail: a wrong item is its own error item, the others are sent (tag sends and OpenID lists)', async () => {
	const tagId = await tagOf(5);
	const perItem = [
		{ tag: rl(tagId), text: 'Weekly news' },
		{ tag: rl(999), text: 'Weekly news' },
		{ tag: rl(tagId), text: '' },
	];
	const out = await run(MassSendAction('send'), (name, i) => ({ target: 'tag', messageType: 'text', options: {}, ...perItem[i] } as Record<string, unknown>)[name], perItem, true);
	expect(out.map((o) => o.json.outcome ?? o.json.error)).toEqual(['sent', 'Tag: 999 does not exist in this account', 'Text is empty']);
	expect(sim.calls[SENDALL]).toBe(1);

	const list = [{ openid: sim.person(1).oaOpenId }, { openid: '' }, { openid: sim.person(2).oaOpenId }];
	const listed = await run(MassSendAction('send'), (name, i) => (name === 'touser' ? list[i].openid : ({ target: 'openids', ...text('Hi') } as Record<string, unknown>)[name]), list, true);
	expect(listed.map((o) => o.json.outcome ?? o.json.error)).toEqual(['sent', 'Recipient OpenID is empty', 'sent']);
	expect(sim.massJobs.at(-1)).toMatchObject({ totalCount: 2, sentCount: 2 });
});
