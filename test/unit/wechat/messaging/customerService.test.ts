/**
 * Customer-Service Message with a scripted WeChat (no network): the body each message type sends on each
 * app node, every bad input refused before the first send (exact messages), typing, and WeChat's answers
 * as per-recipient outcomes (windowClosed, quotaExceeded, notFollowing, invalidOpenid; -1 is unknown, never resent).
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';

import {
	HideTyping,
	SendCustomerServiceMessage,
	SendMiniProgramCustomerServiceMessage,
	ShowMiniProgramTyping,
	ShowTyping,
} from '../../../helpers/appNodes';
import { CredentialStore, executeContext } from '../../../helpers/n8nContext';

type Script = (body: IDataObject, call: number) => unknown;
type ActionClass = new () => { execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> };

let appSeq = 0;

function setup(options: {
	action?: ActionClass;
	credential?: 'weChatOfficialAccountApi' | 'weChatMiniProgramApi';
	answer?: Script;
	items?: IDataObject[];
	parameters?: Record<string, unknown>;
	perItem?: (i: number) => Record<string, unknown>;
	continueOnFail?: boolean;
}) {
	const calls: Array<{ path: string; body: IDataObject }> = [];
	const answer = options.answer ?? (() => ({ errcode: 0, errmsg: 'ok' }));
	const http = async (o: IHttpRequestOptions) => {
		if (o.url.endsWith('/cgi-bin/stable_token')) return { access_token: 'tok-unit-cs-abcdefgh', expires_in: 7200 };
		const path = new URL(o.url).pathname;
		if (path === '/cgi-bin/message/custom/send' || path === '/cgi-bin/message/custom/typing') {
			calls.push({ path, body: o.body as IDataObject });
			const result = answer(o.body as IDataObject, calls.length);
			if (result instanceof Error) throw result;
			return result;
		}
		throw new Error(`unexpected ${o.url}`);
	};
	const store = new CredentialStore();
	const credential = options.credential ?? 'weChatOfficialAccountApi';
	store.set(credential, {
		appId: `wxunitcs${String(++appSeq).padStart(8, '0')}`,
		appSecret: 'unit-secret-0123456789abcdef',
		tokenSource: 'stable',
		baseUrl: 'http://wechat.test',
	});
	const parameters = (name: string, i: number) => {
		const all: Record<string, unknown> = { touser: `oOA-user-${i}`, messageType: 'text', text: 'Hello', options: {}, ...options.parameters, ...options.perItem?.(i) };
		return all[name];
	};
	const ctx = executeContext({ store, items: options.items ?? [{}], parameters, continueOnFail: options.continueOnFail, http, retryDelaysMs: [1, 1, 1] });
	const Action = options.action ?? SendCustomerServiceMessage;
	return {
		run: async () => (await new Action().execute.call(ctx as IExecuteFunctions))[0].map((item) => item.json),
		calls,
	};
}

async function failure(parameters: Record<string, unknown>, action?: ActionClass) {
	const t = setup({ parameters, action, credential: action === SendMiniProgramCustomerServiceMessage ? 'weChatMiniProgramApi' : undefined });
	let error: (Error & { description?: string }) | undefined;
	try {
		await t.run();
	} catch (e) {
		error = e as Error & { description?: string };
	}
	if (!error) throw new Error('expected the node to fail');
	expect(t.calls).toHaveLength(0);
	return { message: error.message, description: error.description };
}

describe('what is sent', () => {
	test.each([
		['text', { text: 'Your order has shipped 📦' }, { text: { content: 'Your order has shipped 📦' } }],
		['image', { mediaId: 'MEDIA_IMG' }, { image: { media_id: 'MEDIA_IMG' } }],
		['voice', { mediaId: 'MEDIA_VOICE' }, { voice: { media_id: 'MEDIA_VOICE' } }],
		['video', { mediaId: 'MEDIA_VID', title: 'Unboxing', thumbMediaId: '' }, { video: { media_id: 'MEDIA_VID', title: 'Unboxing' } }],
		[
			'news',
			{ title: 'Order SO-1', description: 'Shipped today', url: 'https://shop.example.com/o/1', pictureUrl: 'https://shop.example.com/p.jpg' },
			{ news: { articles: [{ title: 'Order SO-1', description: 'Shipped today', url: 'https://shop.example.com/o/1', picurl: 'https://shop.example.com/p.jpg' }] } },
		],
		[
			'miniprogrampage',
			{ title: 'Your order', appId: 'wxmp000000000001', pagePath: '/pages/order?id=1', thumbMediaId: 'THUMB' },
			{ miniprogrampage: { title: 'Your order', appid: 'wxmp000000000001', pagepath: 'pages/order?id=1', thumb_media_id: 'THUMB' } },
		],
		[
			'msgmenu',
			{ menuHead: 'Happy?', menuItems: { values: [{ id: '101', content: 'Yes' }, { id: '102', content: 'No' }] }, menuTail: 'Thanks' },
			{ msgmenu: { head_content: 'Happy?', list: [{ id: '101', content: 'Yes' }, { id: '102', content: 'No' }], tail_content: 'Thanks' } },
		],
	])('Official Account, %s', async (messageType, parameters, expected) => {
		const t = setup({ parameters: { messageType, ...parameters } });
		const out = await t.run();
		expect(t.calls).toEqual([{ path: '/cgi-bin/message/custom/send', body: { touser: 'oOA-user-0', msgtype: messageType, ...expected } }]);
		expect(out).toEqual([{ touser: 'oOA-user-0', msgtype: messageType, outcome: 'sent', msgid: null, errcode: 0, errmsg: 'ok', reason: null }]);
	});

	test('Official Account: a customer-service account is sent as customservice.kf_account', async () => {
		const t = setup({ parameters: { options: { kfAccount: 'kf2001@gh_1234567890ab' } } });
		await t.run();
		expect(t.calls[0].body.customservice).toEqual({ kf_account: 'kf2001@gh_1234567890ab' });
	});

	test.each([
		['text', { text: 'Hi' }, { text: { content: 'Hi' } }],
		['image', { mediaId: 'M' }, { image: { media_id: 'M' } }],
		[
			'link',
			{ title: 'T', description: 'D', url: 'https://a.example/x', pictureUrl: 'https://a.example/p.png' },
			{ link: { title: 'T', description: 'D', url: 'https://a.example/x', thumb_url: 'https://a.example/p.png' } },
		],
		['miniprogrampage', { title: 'T', pagePath: 'pages/index/index', thumbMediaId: 'TH', appId: 'ignored' }, { miniprogrampage: { title: 'T', pagepath: 'pages/index/index', thumb_media_id: 'TH' } }],
	])('Mini Program, %s (its own card: no appid)', async (messageType, parameters, expected) => {
		const t = setup({ action: SendMiniProgramCustomerServiceMessage, credential: 'weChatMiniProgramApi', parameters: { messageType, ...parameters } });
		await t.run();
		expect(t.calls[0].body).toEqual({ touser: 'oOA-user-0', msgtype: messageType, ...expected });
	});

	test('Show Typing and Hide Typing send Typing / CancelTyping, on both nodes', async () => {
		for (const [action, credential, command] of [
			[ShowTyping, 'weChatOfficialAccountApi', 'Typing'],
			[HideTyping, 'weChatOfficialAccountApi', 'CancelTyping'],
			[ShowMiniProgramTyping, 'weChatMiniProgramApi', 'Typing'],
		] as const) {
			const t = setup({ action, credential, items: [{}, {}] });
			const out = await t.run();
			expect(t.calls.map((c) => [c.path, c.body])).toEqual([
				['/cgi-bin/message/custom/typing', { touser: 'oOA-user-0', command }],
				['/cgi-bin/message/custom/typing', { touser: 'oOA-user-1', command }],
			]);
			expect(out[1]).toMatchObject({ touser: 'oOA-user-1', command, outcome: 'sent' });
		}
	});
});

describe('bad input: refused before anything is sent, naming the field and the fix', () => {
	const rows: Array<[Record<string, unknown>, string, string]> = [
		[{ touser: '' }, 'Recipient OpenID (touser) is empty', 'Set "Recipient OpenID" to the user\'s OpenID on this Official Account, e.g. {{ $json.openid }}. This item has none.'],
		[{ text: '  ' }, 'Text is empty', 'Set "Text" to the message to send, e.g. {{ $json.answer }}.'],
		[
			{ text: '字'.repeat(683) },
			'Text is 2049 bytes long (UTF-8); WeChat accepts at most 2048',
			'Shorten the text or split it into several messages (a Chinese character takes 3 bytes). WeChat refuses longer texts with errcode 45002.',
		],
		[{ messageType: 'image', mediaId: '' }, 'Media ID is empty', 'Set "Media ID" to the media_id WeChat returned when the file was uploaded (temporary media lives 3 days).'],
		[{ messageType: 'news', title: 'T', url: 'shop.example.com/x' }, 'URL "shop.example.com/x" is not a valid http(s) address', 'Use a full address such as https://www.example.com/page.'],
		[
			{ messageType: 'news', title: 'T', url: 'https://a.example', pictureUrl: 'ftp://a.example/p.jpg' },
			'Picture URL "ftp://a.example/p.jpg" is not a valid http(s) address',
			'Use a full address such as https://www.example.com/page, or leave it empty.',
		],
		[{ messageType: 'news', title: '', url: 'https://a.example' }, 'Title is empty', 'Set "Title" to the headline of the link card.'],
		[
			{ messageType: 'msgmenu', menuItems: {} },
			'Menu: add at least one item',
			'A menu message shows items the user can tap: add one under "Menu Items" with an ID and a text.',
		],
		[
			{ messageType: 'msgmenu', menuItems: { values: [{ id: '1', content: 'Yes' }, { id: '2', content: '' }] } },
			'Menu: item 2 has no text',
			'Give every menu item an ID (sent back to you when the user taps it) and a text.',
		],
		[
			{ messageType: 'miniprogrampage', title: 'T', appId: '', pagePath: 'p', thumbMediaId: 'M' },
			'Mini Program AppID is empty',
			'Set "Mini Program AppID" to a Mini Program linked to this Official Account.',
		],
		[
			{ messageType: 'miniprogrampage', title: 'T', appId: 'wx1', pagePath: 'p', thumbMediaId: '' },
			'Thumbnail Media ID is empty',
			'Set "Thumbnail Media ID" to the media_id of an uploaded image (the card\'s cover).',
		],
		[{ messageType: 'link' }, 'Message Type "link" is not available on the Official Account node', 'Pick one of text, image, voice, video, news, miniprogrampage, msgmenu.'],
		[
			{ options: { kfAccount: 'kf2001' } },
			'Customer-Service Account "kf2001" is not of the form account@wechatid',
			'Copy the account from the WeChat console (Customer Service > Accounts), e.g. kf2001@gh_1234567890ab, or leave it empty.',
		],
	];
	test.each(rows.map(([parameters, message, description]) => [message, parameters, description] as const))('Official Account: %s', async (message, parameters, description) => {
		expect(await failure(parameters)).toEqual({ message, description });
	});

	test('Mini Program: menu messages are the Official Account\'s; a link card needs its picture', async () => {
		expect(await failure({ messageType: 'msgmenu' }, SendMiniProgramCustomerServiceMessage)).toEqual({
			message: 'Message Type "msgmenu" is not available on the Mini Program node',
			description: 'Pick one of text, image, link, miniprogrampage.',
		});
		expect(await failure({ messageType: 'link', title: 'T', description: 'D', url: 'https://a.example', pictureUrl: '' }, SendMiniProgramCustomerServiceMessage)).toEqual({
			message: 'Picture URL is empty',
			description: 'Set "Picture URL" to a full address such as https://www.example.com/page.',
		});
	});

	test('2048 bytes exactly is sent; one bad item stops the node before the first send, or only itself with Continue On Fail', async () => {
		expect((await setup({ parameters: { text: 'a'.repeat(2048) } }).run())[0].outcome).toBe('sent');
		const t = setup({ items: [{}, {}, {}], perItem: (i) => (i === 1 ? { text: '' } : {}), continueOnFail: true });
		const out = await t.run();
		expect(out.map((o) => o.outcome ?? o.error)).toEqual(['sent', 'Text is empty', 'sent']);
		expect(t.calls).toHaveLength(2);
	});
});

describe('WeChat\'s answers are per-recipient outcomes', () => {
	test('45015 windowClosed, 45047 quotaExceeded, 43004 notFollowing, 40003 invalidOpenid: the batch goes on', async () => {
		const codes = [0, 45015, 45047, 43004, 40003, 0];
		const t = setup({
			items: codes.map(() => ({})),
			parameters: { options: { concurrency: 1 } },
			answer: (_body, call) => ({ errcode: codes[call - 1], errmsg: codes[call - 1] ? `wechat says ${codes[call - 1]}` : 'ok' }),
		});
		const out = await t.run();
		expect(out.map((o) => o.outcome)).toEqual(['sent', 'windowClosed', 'quotaExceeded', 'notFollowing', 'invalidOpenid', 'sent']);
		expect(out[1]).toMatchObject({
			errcode: 45015,
			errmsg: 'wechat says 45015',
			reason: 'The user\'s customer-service window is closed (no recent message from the user, or the user unfollowed) (WeChat errcode 45015: wechat says 45015)',
		});
		expect(out[2].reason).toBe('The user\'s customer-service message quota is used up (WeChat errcode 45047: wechat says 45047)');
	});

	test('-1 (busy) is unknown and never sent again: WeChat cannot drop a duplicate customer-service message', async () => {
		const t = setup({ answer: () => ({ errcode: -1, errmsg: 'system error' }) });
		const out = await t.run();
		expect(t.calls).toHaveLength(1);
		expect(out[0]).toMatchObject({ outcome: 'unknown', resendSafeUntil: null, errcode: -1 });
		expect(out[0].reason).toMatch(/WeChat may have delivered it, so it was not sent again/);
	});
});
