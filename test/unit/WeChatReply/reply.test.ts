/**
 * WeChat Reply: reply XML/JSON per type, the safe-mode envelope on the official EN/MS vectors, and the node
 * behind a real WeChat Trigger run (trigger webhook() in reply mode -> its item -> Reply execute()), with
 * the reply checked by the simulator's independent decryptReply.
 */
import { readFileSync } from 'fs';
import path from 'path';
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

import { WeChatReply } from '../../../nodes/WeChatReply/WeChatReply.node';
import { buildReplyMessage, MAX_ARTICLES, renderReply, sealReply } from '../../../nodes/wechat/callback/reply';
import type { ReplyContent } from '../../../nodes/wechat/callback/reply';
import { WeChatTrigger } from '../../../nodes/WeChatTrigger/WeChatTrigger.node';
import { decodeAesKey } from '../../../nodes/wechat/codec/crypto';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const wx = require('../../../tools/simulator/wxcrypto');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const simXml = require('../../../tools/simulator/xml');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { decryptReply } = require('../../../tools/simulator/callback');

interface Vector {
	id: string;
	input: Record<string, string>;
	expected: Record<string, unknown>;
}
const vectors: Vector[] = JSON.parse(readFileSync(path.join(__dirname, '../../fixtures/test-vectors/official.json'), 'utf8'));
const vector = (id: string) => vectors.find((v) => v.id === id) as Vector;

const TOKEN = 'replyToken123';
const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const APP_ID = 'wxb11529c136998cb6';
const CREDENTIALS = { appId: APP_ID, token: TOKEN, encodingAesKey: KEY, previousEncodingAesKey: '' };
const SECRETS = [TOKEN, KEY];

afterEach(() => jest.restoreAllMocks());

// ---------------------------------------------------------------------------------------------------------
// A trigger run in reply mode, to get the item the Reply node reads.

let counter = 0;
async function triggerItem(
	message: Record<string, unknown>,
	{ mode = 'safe', format = 'xml', responseMode = 'responseNode' }: { mode?: string; format?: string; responseMode?: string } = {},
): Promise<IDataObject> {
	const timestamp = String(Math.floor(Date.now() / 1000));
	const nonce = String(++counter);
	const plain = format === 'xml' ? simXml.buildXml(message) : JSON.stringify(message);
	const query: Record<string, string> = { signature: wx.signature(TOKEN, timestamp, nonce), timestamp, nonce };
	let body = plain;
	if (mode !== 'plain') {
		const encrypt = wx.encrypt(plain, APP_ID, KEY);
		query.encrypt_type = 'aes';
		query.msg_signature = wx.signature(TOKEN, timestamp, nonce, encrypt);
		const envelope = mode === 'safe' ? { ToUserName: message.ToUserName, Encrypt: encrypt } : { ...message, Encrypt: encrypt };
		body = format === 'xml' ? simXml.buildXml(envelope) : JSON.stringify(envelope);
	}
	const res = { status: () => res, setHeader: () => res, send: () => res };
	const params: Record<string, unknown> = { responseMode, triggerOn: ['*'], options: {} };
	const context = {
		getWebhookName: () => 'default',
		getRequestObject: () => ({ rawBody: Buffer.from(body), query }),
		getResponseObject: () => res,
		getQueryData: () => query,
		getCredentials: async () => ({ ...CREDENTIALS }),
		getNodeParameter: (name: string, fallback?: unknown) => (name in params ? params[name] : fallback),
		getNode: () => ({ id: `t${counter}`, name: 'WeChat Trigger' }),
		getWorkflow: () => ({ id: `wf-reply-${counter}` }),
		getMode: () => 'webhook',
		logger: { debug() {}, info() {}, warn() {}, error() {} },
	} as unknown as IWebhookFunctions;
	const result = await new WeChatTrigger().webhook.call(context);
	const json = result.workflowData?.[0]?.[0]?.json;
	if (!json) throw new Error('trigger did not start');
	return json;
}

// ---------------------------------------------------------------------------------------------------------
// A mocked IExecuteFunctions for the Reply node.

interface ReplyRun {
	params: Record<string, unknown>;
	trigger?: IDataObject;
	triggerExecuted?: boolean;
	parents?: Array<{ name: string; type: string; typeVersion: number; disabled: boolean }>;
	credentials?: Record<string, unknown>;
	items?: IDataObject[];
	/** n8n's binary helpers and request helper, for Media Source "Binary Field". */
	helpers?: Record<string, unknown>;
}

async function runReply(run: ReplyRun) {
	const responses: Array<{ body: string; headers: Record<string, string>; statusCode: number }> = [];
	const items = (run.items ?? [{ input: 1 }]).map((json) => ({ json }));
	const context = {
		getNode: () => ({ id: 'r1', name: 'WeChat Reply', type: 'n8n-nodes-wechat-platform.weChatReply', typeVersion: 1, position: [0, 0], parameters: {} }),
		getInputData: () => items,
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) => (name in run.params ? run.params[name] : fallback),
		getCredentials: async () => ({ ...(run.credentials ?? CREDENTIALS) }),
		getParentNodes: () =>
			run.parents ?? [
				{ name: 'Set', type: 'n8n-nodes-base.set', typeVersion: 3, disabled: false },
				{ name: 'WeChat Trigger', type: 'n8n-nodes-wechat-platform.weChatTrigger', typeVersion: 1, disabled: false },
			],
		getWorkflowDataProxy: () => ({
			$: (name: string) => ({
				isExecuted: name === 'WeChat Trigger' && run.trigger !== undefined && run.triggerExecuted !== false,
				first: () => (run.trigger ? { json: run.trigger } : undefined),
			}),
		}),
		sendResponse: async (response: { body: string; headers: Record<string, string>; statusCode: number }) => {
			responses.push(response);
		},
		helpers: run.helpers ?? {},
	} as unknown as IExecuteFunctions;
	const output = await new WeChatReply().execute.call(context);
	return { output, responses, items };
}

async function replyError(run: ReplyRun): Promise<NodeOperationError> {
	let caught: unknown;
	try {
		await runReply(run);
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeInstanceOf(NodeOperationError);
	const error = caught as NodeOperationError;
	for (const secret of SECRETS) {
		expect(error.message).not.toContain(secret);
		expect(String(error.description ?? '')).not.toContain(secret);
	}
	return error;
}

const incoming = (msgId: string) => ({
	ToUserName: 'gh_7f083739789a',
	FromUserName: 'oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw',
	CreateTime: Math.floor(Date.now() / 1000),
	MsgType: 'text',
	Content: 'hi',
	MsgId: msgId,
});

// ---------------------------------------------------------------------------------------------------------

describe('official vectors through the reply encryption', () => {
	test('EN-01: the envelope encrypts UTF-8 by bytes, byte-exact with the fixed random', () => {
		const v = vector('EN-01');
		const body = sealReply(v.input.msg, {
			token: TOKEN,
			aesKey: decodeAesKey(v.input.encoding_aes_key),
			appId: v.input.receive_id,
			format: 'xml',
			timestamp: '1409735669',
			nonce: '1320562132',
			random: Buffer.from(v.input.random_utf8, 'utf8'),
		});
		const envelope = simXml.parseXml(body);
		expect(envelope.Encrypt).toBe(v.expected.encrypt);
		expect(envelope.MsgSignature).toBe(wx.signature(TOKEN, '1409735669', '1320562132', v.expected.encrypt));
		expect(body).toBe(
			`<xml><Encrypt><![CDATA[${v.expected.encrypt}]]></Encrypt><MsgSignature><![CDATA[${envelope.MsgSignature}]]></MsgSignature><TimeStamp>1409735669</TimeStamp><Nonce><![CDATA[1320562132]]></Nonce></xml>`,
		);
	});

	test('EN-03 + MS-02: the JSON reply envelope equals the documented reply_json', () => {
		const v = vector('EN-03');
		const body = sealReply(v.input.msg, {
			token: v.input.token,
			aesKey: decodeAesKey(v.input.encoding_aes_key),
			appId: v.input.receive_id,
			format: 'json',
			timestamp: v.input.timestamp,
			nonce: v.input.nonce,
			random: Buffer.from(v.input.random_utf8, 'utf8'),
		});
		expect(JSON.parse(body)).toEqual(v.expected.reply_json);
		expect(JSON.parse(body).MsgSignature).toBe(vector('MS-02').expected.msg_signature);
	});

	test('EN-02: the node\'s video reply to a trigger message is the documented XML, byte-exact when encrypted', async () => {
		const v = vector('EN-02');
		const createTime = 1407743423;
		jest.spyOn(Date, 'now').mockReturnValue(createTime * 1000);
		const trigger = await triggerItem({ ...incoming('1'), CreateTime: createTime }, { mode: 'safe' });
		// The node draws the 16 random bytes from crypto.randomBytes: give it the vector's.
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const nodeCrypto = require('crypto');
		const randomBytes = nodeCrypto.randomBytes as (size: number) => Buffer;
		jest.spyOn(nodeCrypto, 'randomBytes').mockImplementation(((size: number) =>
			size === 16 ? Buffer.from(v.input.random_utf8, 'utf8') : randomBytes(size)) as never);
		const { responses } = await runReply({
			trigger,
			params: {
				replyType: 'video',
				mediaId: 'eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0',
				title: 'testCallBackReplyVideo',
				description: 'testCallBackReplyVideo',
			},
		});
		expect(responses).toHaveLength(1);
		const opened = decryptReply(responses[0].body, { token: TOKEN, encodingAesKey: KEY, appId: APP_ID });
		expect(opened.valid).toBe(true);
		expect(opened.plainText).toBe(v.input.msg);
		expect(simXml.parseXml(responses[0].body).Encrypt).toBe(v.expected.encrypt);
	});
});

describe('reply messages', () => {
	const to = { ToUserName: 'gh_account', FromUserName: 'oUser' };
	const xml = (reply: ReplyContent) => renderReply(buildReplyMessage(reply, to, 1700000000), 'xml');
	const head = '<ToUserName><![CDATA[oUser]]></ToUserName><FromUserName><![CDATA[gh_account]]></FromUserName><CreateTime>1700000000</CreateTime>';

	test('each type in WeChat\'s XML, To/From swapped', () => {
		expect(xml({ type: 'text', content: 'Hi <b>&]]>' })).toBe(`<xml>${head}<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[Hi <b>&]]]]><![CDATA[>]]></Content></xml>`);
		expect(xml({ type: 'image', mediaId: 'M1' })).toBe(`<xml>${head}<MsgType><![CDATA[image]]></MsgType><Image><MediaId><![CDATA[M1]]></MediaId></Image></xml>`);
		expect(xml({ type: 'voice', mediaId: 'M2' })).toBe(`<xml>${head}<MsgType><![CDATA[voice]]></MsgType><Voice><MediaId><![CDATA[M2]]></MediaId></Voice></xml>`);
		expect(xml({ type: 'video', mediaId: 'M3', title: '', description: 'D' })).toBe(
			`<xml>${head}<MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[M3]]></MediaId><Description><![CDATA[D]]></Description></Video></xml>`,
		);
		expect(xml({ type: 'music', title: 'T', musicUrl: 'http://m', hqMusicUrl: 'http://hq', thumbMediaId: 'TH' })).toBe(
			`<xml>${head}<MsgType><![CDATA[music]]></MsgType><Music><Title><![CDATA[T]]></Title><MusicUrl><![CDATA[http://m]]></MusicUrl><HQMusicUrl><![CDATA[http://hq]]></HQMusicUrl><ThumbMediaId><![CDATA[TH]]></ThumbMediaId></Music></xml>`,
		);
		expect(xml({ type: 'news', articles: [{ title: 'A', url: 'http://a' }, { title: 'B', description: 'b', picUrl: 'http://p' }] })).toBe(
			`<xml>${head}<MsgType><![CDATA[news]]></MsgType><ArticleCount>2</ArticleCount><Articles><item><Title><![CDATA[A]]></Title><Url><![CDATA[http://a]]></Url></item><item><Title><![CDATA[B]]></Title><Description><![CDATA[b]]></Description><PicUrl><![CDATA[http://p]]></PicUrl></item></Articles></xml>`,
		);
		expect(xml({ type: 'transferCustomerService' })).toBe(`<xml>${head}<MsgType><![CDATA[transfer_customer_service]]></MsgType></xml>`);
		expect(xml({ type: 'transferCustomerService', kfAccount: ' kf1@test ' })).toBe(
			`<xml>${head}<MsgType><![CDATA[transfer_customer_service]]></MsgType><TransInfo><KfAccount><![CDATA[kf1@test]]></KfAccount></TransInfo></xml>`,
		);
	});

	test('JSON callbacks get the same fields as JSON', () => {
		const message = buildReplyMessage({ type: 'news', articles: [{ title: 'A' }] }, to, 1700000000);
		expect(JSON.parse(renderReply(message, 'json'))).toEqual({
			ToUserName: 'oUser',
			FromUserName: 'gh_account',
			CreateTime: 1700000000,
			MsgType: 'news',
			ArticleCount: 1,
			Articles: { item: [{ Title: 'A' }] },
		});
	});

	test('content problems name the field', () => {
		expect(() => xml({ type: 'text', content: '  ' })).toThrow('Text is empty');
		expect(() => xml({ type: 'image', mediaId: '' })).toThrow('Media ID is empty');
		expect(() => xml({ type: 'music', title: 'x' })).toThrow('Thumbnail Media ID is empty');
		expect(() => xml({ type: 'news', articles: [] })).toThrow('add at least one article');
		const nine = Array.from({ length: MAX_ARTICLES + 1 }, (_, i) => ({ title: `t${i}` }));
		expect(() => xml({ type: 'news', articles: nine })).toThrow(`Articles has 9 entries: WeChat accepts at most ${MAX_ARTICLES}`);
		expect(() => xml({ type: 'news', articles: [{ title: 'ok' }, { title: '' }] })).toThrow('Title of article 2 is empty');
	});
});

describe('the node after a WeChat Trigger in reply mode', () => {
	test('safe mode, XML: an encrypted reply with a valid MsgSignature, addressed back to the sender', async () => {
		const trigger = await triggerItem(incoming('100'), { mode: 'safe' });
		const { output, responses, items } = await runReply({ trigger, params: { replyType: 'text', content: 'You said: hi' }, items: [{ a: 1 }, { a: 2 }, { a: 3 }] });
		expect(responses).toHaveLength(1);
		expect(responses[0].statusCode).toBe(200);
		expect(responses[0].headers['content-type']).toMatch(/^text\/xml/);
		const opened = decryptReply(responses[0].body, { token: TOKEN, encodingAesKey: KEY, appId: APP_ID });
		expect(opened).toMatchObject({ valid: true, signatureValid: true, appIdValid: true });
		expect(opened.message).toMatchObject({
			ToUserName: 'oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw',
			FromUserName: 'gh_7f083739789a',
			MsgType: 'text',
			Content: 'You said: hi',
		});
		expect(Math.abs(Number(opened.envelope.TimeStamp) - Date.now() / 1000)).toBeLessThan(5);
		expect(String(opened.envelope.Nonce)).toMatch(/^[0-9]{9}$/);
		// One reply for three items; all items pass through.
		expect(output).toEqual([items]);
		for (const secret of SECRETS) expect(responses[0].body).not.toContain(secret);
	});

	test('safe mode, JSON (Mini Program): a JSON envelope around a JSON reply', async () => {
		const trigger = await triggerItem(incoming('101'), { mode: 'safe', format: 'json' });
		const { responses } = await runReply({ trigger, params: { replyType: 'transferCustomerService', kfAccount: '' } });
		expect(responses[0].headers['content-type']).toMatch(/^application\/json/);
		const envelope = JSON.parse(responses[0].body);
		expect(Object.keys(envelope)).toEqual(['Encrypt', 'MsgSignature', 'TimeStamp', 'Nonce']);
		expect(typeof envelope.TimeStamp).toBe('number');
		const opened = decryptReply(responses[0].body, { token: TOKEN, encodingAesKey: KEY, appId: APP_ID, format: 'json' });
		expect(opened.valid).toBe(true);
		expect(opened.message).toMatchObject({ ToUserName: 'oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw', MsgType: 'transfer_customer_service' });
	});

	test('compatible mode is answered encrypted; plaintext mode in plaintext', async () => {
		const compat = await runReply({ trigger: await triggerItem(incoming('102'), { mode: 'compat' }), params: { replyType: 'image', mediaId: 'MEDIA' } });
		expect(decryptReply(compat.responses[0].body, { token: TOKEN, encodingAesKey: KEY, appId: APP_ID }).message).toMatchObject({ Image: { MediaId: 'MEDIA' } });
		const plain = await runReply({ trigger: await triggerItem(incoming('103'), { mode: 'plain' }), params: { replyType: 'text', content: 'plain hi' } });
		expect(simXml.parseXml(plain.responses[0].body)).toMatchObject({ ToUserName: 'oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw', Content: 'plain hi' });
		const plainJson = await runReply({ trigger: await triggerItem(incoming('104'), { mode: 'plain', format: 'json' }), params: { replyType: 'text', content: 'json hi' } });
		expect(JSON.parse(plainJson.responses[0].body)).toMatchObject({ MsgType: 'text', Content: 'json hi' });
	});

	test('news from the articles collection', async () => {
		const trigger = await triggerItem(incoming('105'));
		const { responses } = await runReply({
			trigger,
			params: { replyType: 'news', articles: { article: [{ title: 'One', url: 'https://a' }, { title: 'Two', description: 'd', picUrl: 'https://p' }] } },
		});
		const message = decryptReply(responses[0].body, { token: TOKEN, encodingAesKey: KEY, appId: APP_ID }).message;
		expect(message.ArticleCount).toBe('2');
		expect(message.Articles.item).toEqual([
			{ Title: 'One', Url: 'https://a' },
			{ Title: 'Two', Description: 'd', PicUrl: 'https://p' },
		]);
	});
});

describe('clear errors', () => {
	test('no WeChat Trigger upstream', async () => {
		const error = await replyError({ params: { replyType: 'text', content: 'x' }, parents: [{ name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, disabled: false }] });
		expect(error.message).toBe('The WeChat Reply node must come after a WeChat Trigger');
	});

	test('the trigger did not start this execution (manual run)', async () => {
		const error = await replyError({ params: { replyType: 'text', content: 'x' }, trigger: await triggerItem(incoming('106')), triggerExecuted: false });
		expect(error.message).toBe('This execution was not started by a WeChat callback');
	});

	test('the trigger already answered "success"', async () => {
		const trigger = await triggerItem(incoming('107'), { responseMode: 'onReceived' });
		const error = await replyError({ params: { replyType: 'text', content: 'x' }, trigger });
		expect(error.message).toBe('WeChat Trigger "WeChat Trigger" has already answered WeChat with "success"');
		expect(error.description).toMatch(/Using WeChat Reply Node/);
	});

	test('another credential than the trigger\'s, a missing key, an empty text', async () => {
		const trigger = await triggerItem(incoming('108'));
		const other = await replyError({ params: { replyType: 'text', content: 'x' }, trigger, credentials: { ...CREDENTIALS, appId: 'wxOther' } });
		expect(other.message).toBe(`The credential's AppID (wxOther) is not the one of the message (${APP_ID})`);
		const noKey = await replyError({ params: { replyType: 'text', content: 'x' }, trigger, credentials: { ...CREDENTIALS, encodingAesKey: '' } });
		expect(noKey.message).toMatch(/no EncodingAESKey/);
		const empty = await replyError({ params: { replyType: 'text', content: '' }, trigger });
		expect(empty.message).toBe('Cannot build the reply: Text is empty');
		const broken = await replyError({ params: { replyType: 'text', content: 'x' }, trigger, credentials: { ...CREDENTIALS, token: '' } });
		expect(broken.message).toMatch(/^WeChat Callback API credential is not usable: Token is empty/);
	});

	test('the reply node is tested by the same credential test', () => {
		const reply = new WeChatReply();
		expect(reply.description.credentials).toEqual([
			{ name: 'weChatCallbackApi', required: true, testedBy: 'weChatCallbackApiTest' },
			// Only to upload a reply's file (Media Source: Binary Field).
			{ name: 'weChatOfficialAccountApi', required: true, displayOptions: { show: { mediaSource: ['binary'] } } },
		]);
		expect(typeof reply.methods.credentialTest.weChatCallbackApiTest).toBe('function');
	});
});

describe('image, voice and video replies from a binary field', () => {
	const fileHelpers = (data: Buffer, fileName: string, calls: unknown[]) => ({
		assertBinaryData: () => ({ data: data.toString('base64'), fileName, mimeType: '' }),
		getBinaryDataBuffer: async () => data,
		httpRequestWithAuthentication: async (...args: unknown[]) => void calls.push(args),
	});

	test('a file over WeChat\'s limit fails naming the field and the limit: no upload, no reply', async () => {
		const calls: unknown[] = [];
		const trigger = await triggerItem(incoming('201'), { mode: 'safe' });
		const run = { trigger, params: { replyType: 'voice', mediaSource: 'binary', binaryPropertyName: 'data' }, helpers: fileHelpers(Buffer.alloc(2 * 1024 * 1024 + 1), 'answer.mp3', calls) };
		await expect(runReply(run)).rejects.toMatchObject({
			message: 'Binary field "data" (Input Binary Field) is 2.0 MB (2097153 bytes); WeChat takes a voice of at most 2 MB (2097152 bytes)',
		});
		expect(calls).toEqual([]);
	});

	test('an unsupported type fails before any call', async () => {
		const calls: unknown[] = [];
		const trigger = await triggerItem(incoming('202'), { mode: 'safe' });
		const run = { trigger, params: { replyType: 'video', mediaSource: 'binary', binaryPropertyName: 'data' }, helpers: fileHelpers(Buffer.from('x'), 'clip.avi', calls) };
		await expect(runReply(run)).rejects.toMatchObject({ message: 'Binary field "data" (Input Binary Field) is a .avi file; WeChat takes a video only as mp4' });
		expect(calls).toEqual([]);
	});
});
