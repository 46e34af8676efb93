/** Mass send building blocks: calls of 2..10,000 OpenIDs, the clientmsgid, the message of each type and its errors. */
import type { IExecuteFunctions } from 'n8n-workflow';

import { MASS_LIST_MAX, massClientMsgId, massListChunks, readMassContent } from '../../../../nodes/wechat/messaging/massSend';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `o${String(i).padStart(27, '0')}`);

test('an OpenID list is cut into the fewest calls, none above 10,000 nor below 2, order kept', () => {
	for (const n of [2, 10_000, 10_001, 12_000, 20_001, 30_000]) {
		const chunks = massListChunks(ids(n));
		expect(chunks).toHaveLength(Math.ceil(n / MASS_LIST_MAX));
		expect(chunks.flat()).toEqual(ids(n));
		for (const c of chunks) expect(c.length).toBeGreaterThanOrEqual(2);
		for (const c of chunks) expect(c.length).toBeLessThanOrEqual(MASS_LIST_MAX);
	}
	expect(massListChunks(ids(12_000)).map((c) => c.length)).toEqual([6000, 6000]);
	expect(massListChunks(ids(10_001)).map((c) => c.length)).toEqual([5001, 5000]);
});

test('clientmsgid: the same content and target give the same ID; any change, another; a given ID gets the call number', () => {
	const parts = ['text', { text: { content: 'Hi' } }, { is_to_all: false, tag_id: 100 }];
	expect(massClientMsgId('', parts)).toBe(massClientMsgId('', parts));
	expect(massClientMsgId('', parts)).toMatch(/^[0-9a-f]{32}$/);
	expect(massClientMsgId('', parts)).not.toBe(massClientMsgId('', ['text', { text: { content: 'Hi!' } }, parts[2]]));
	expect(massClientMsgId('', parts)).not.toBe(massClientMsgId('', ['text', parts[1], { is_to_all: false, tag_id: 101 }]));
	expect(massClientMsgId('', parts, 0, 2)).not.toBe(massClientMsgId('', parts, 1, 2));
	expect(massClientMsgId('news-11', parts)).toBe('news-11');
	expect(massClientMsgId('news-11', parts, 1, 2)).toBe('news-11-2');
	expect(massClientMsgId('x'.repeat(70), parts)).toMatch(/^[0-9a-f]{40}$/);
});

function context(parameters: Record<string, unknown>): IExecuteFunctions {
	return {
		getNode: () => ({ name: 'Mass Send', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} }),
		getNodeParameter: (name: string, _i: number, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
	} as unknown as IExecuteFunctions;
}
const read = (parameters: Record<string, unknown>, preview = false) => readMassContent.call(context(parameters), 0, preview);

test('each message type becomes WeChat\'s body part', () => {
	expect(read({ messageType: 'text', text: 'Hello' })).toEqual({ msgtype: 'text', fields: { text: { content: 'Hello' } } });
	expect(read({ messageType: 'image', imageMediaIds: 'a, b' })).toEqual({ msgtype: 'image', fields: { images: { media_ids: ['a', 'b'] } } });
	expect(read({ messageType: 'image', imageMediaIds: 'a, b' }, true)).toEqual({ msgtype: 'image', fields: { image: { media_id: 'a' } } });
	expect(read({ messageType: 'voice', mediaId: 'v' })).toEqual({ msgtype: 'voice', fields: { voice: { media_id: 'v' } } });
	expect(read({ messageType: 'mpvideo', mediaId: 'm' })).toEqual({ msgtype: 'mpvideo', fields: { mpvideo: { media_id: 'm' } } });
	expect(read({ messageType: 'mpnews', mediaId: 'n', options: { sendIgnoreReprint: true } })).toEqual({
		msgtype: 'mpnews',
		fields: { mpnews: { media_id: 'n' }, send_ignore_reprint: 1 },
	});
	expect(read({ messageType: 'mpnews', mediaId: 'n' })).toMatchObject({ fields: { send_ignore_reprint: 0 } });
	expect(read({ messageType: 'wxcard', cardId: 'c' })).toEqual({ msgtype: 'wxcard', fields: { wxcard: { card_id: 'c' } } });
});

test('bad content is refused with the field named', () => {
	expect(() => read({ messageType: 'text', text: 'x'.repeat(601) })).toThrow('Text is too long (601 characters)');
	expect(read({ messageType: 'text', text: '字'.repeat(600) }).msgtype).toBe('text');
	expect(() => read({ messageType: 'text', text: '  ' })).toThrow('Text is empty');
	expect(() => read({ messageType: 'image', imageMediaIds: '' })).toThrow('Image Media IDs is empty');
	expect(() => read({ messageType: 'mpnews', mediaId: '' })).toThrow('Media ID is empty');
	expect(() => read({ messageType: 'wxcard' })).toThrow('Card ID is empty');
	expect(() => read({ messageType: 'music' })).toThrow('Message Type "music" is not one WeChat mass sends');
});
