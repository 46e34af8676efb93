/**
 * WeChat Trigger: webhook() driven with a mocked IWebhookFunctions (raw body, query, response spies),
 * on the official vectors and on every way a request can be refused. Requests are built with the
 * simulator's independent WeChat-side crypto (tools/simulator/wxcrypto.js), not with the package's own.
 */
import { readFileSync } from 'fs';
import path from 'path';
import type { ICredentialsDecrypted, ICredentialTestFunctions, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { WeChatTrigger } from '../../../nodes/WeChatTrigger/WeChatTrigger.node';
import { weChatCallbackApiTest } from '../../../nodes/wechat/callback/credentialTest';
import { matchesTriggerOn, messageKey } from '../../../nodes/wechat/callback/message';
import { RecentKeys } from '../../../nodes/wechat/callback/recentKeys';
import { MAX_BODY_BYTES, openCallback } from '../../../nodes/wechat/callback/verify';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const wx = require('../../../tools/simulator/wxcrypto');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const simXml = require('../../../tools/simulator/xml');

interface Vector {
	id: string;
	op: string;
	input: Record<string, string>;
	expected: Record<string, unknown>;
}
const vectors: Vector[] = JSON.parse(readFileSync(path.join(__dirname, '../../fixtures/test-vectors/official.json'), 'utf8'));
const vector = (id: string): Vector => {
	const found = vectors.find((v) => v.id === id);
	if (!found) throw new Error(`vector ${id} missing`);
	return found;
};

/** Every vector, and where it is exercised. JS-* sign web pages, not callbacks: crypto.test.ts runs them. */
export const VECTOR_ROUTES: Record<string, string> = {
	'SV-01': 'trigger GET verification',
	'SV-02': 'trigger plaintext POST signature',
	'SV-03': 'trigger safe-mode POST signature (with MS-01 / DE-01)',
	'MS-01': 'trigger safe-mode JSON POST msg_signature',
	'MS-02': 'reply node JSON envelope MsgSignature (reply.test.ts, with EN-03)',
	'MS-03': 'trigger compatible-mode XML POST msg_signature (with DE-02)',
	'DE-01': 'trigger safe-mode JSON POST decryption',
	'DE-02': 'trigger compatible-mode XML POST decryption',
	'DE-11': 'trigger safe-mode POST: decrypts, AppID matches, refused as not a message',
	'EN-01': 'reply node envelope (reply.test.ts)',
	'EN-02': 'reply node video reply, byte-exact (reply.test.ts)',
	'EN-03': 'reply node JSON reply envelope, byte-exact (reply.test.ts)',
	'JS-01': 'JS-SDK signature: crypto.test.ts (not a callback)',
	'JS-02': 'JS-SDK signature: crypto.test.ts (not a callback)',
	'NEG-05': 'credential test refuses the key',
};

const TOKEN = 'Tok3nForUnitTests';
const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const OLD_KEY = 'ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkj';
const APP_ID = 'wx2c2769f8efd9abc2';
const CREDENTIALS = { appId: APP_ID, token: TOKEN, encodingAesKey: KEY, previousEncodingAesKey: '' };

// ---------------------------------------------------------------------------------------------------------
// A mocked IWebhookFunctions, faithful to what n8n 2.41 gives webhook(): rawBody Buffer on the request,
// getQueryData() = req.query, an express-like response.

interface Sent {
	status?: number;
	body?: string;
	headers: Record<string, string>;
	calls: number;
}

let nodeCounter = 0;
const allLogs: string[] = [];
const allBodies: string[] = [];

interface CallOptions {
	name?: 'setup' | 'default';
	query: Record<string, unknown>;
	body?: string | Buffer;
	/** What n8n's own parser left in req.body (ignored by the trigger). */
	parsedBody?: unknown;
	credentials?: Record<string, unknown>;
	params?: Record<string, unknown>;
	workflowId?: string;
	nodeId?: string;
	readRawBody?: boolean;
	/** n8n's path parameters (a third-party platform's message URL: …/callback/<authorizer AppID>). */
	pathParams?: Record<string, string>;
}

function webhookContext(options: CallOptions) {
	const sent: Sent = { headers: {}, calls: 0 };
	const logs: string[] = [];
	const res = {
		status(code: number) {
			sent.status = code;
			return res;
		},
		setHeader(name: string, value: string) {
			sent.headers[name.toLowerCase()] = value;
			return res;
		},
		send(body: string) {
			sent.body = body;
			sent.calls++;
			allBodies.push(String(body));
			return res;
		},
	};
	const raw = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body, 'utf8');
	const req: Record<string, unknown> = {
		query: options.query,
		headers: { 'content-type': 'text/xml' },
		body: options.parsedBody ?? {},
		rawBody: options.readRawBody ? undefined : raw,
	};
	if (options.readRawBody) {
		req.readRawBody = async () => {
			req.rawBody = raw;
		};
	}
	const params = { responseMode: 'onReceived', triggerOn: ['*'], options: {}, ...(options.params ?? {}) };
	const nodeId = options.nodeId ?? `node-${++nodeCounter}`;
	const log = (message: string) => {
		logs.push(message);
		allLogs.push(message);
	};
	const context = {
		getWebhookName: () => options.name ?? 'default',
		getRequestObject: () => req,
		getResponseObject: () => res,
		getQueryData: () => options.query,
		getParamsData: () => options.pathParams ?? {},
		getHeaderData: () => req.headers,
		getBodyData: () => req.body,
		getCredentials: async () => ({ ...(options.credentials ?? CREDENTIALS) }),
		getNodeParameter: (name: string, fallback?: unknown) => (name in params ? (params as Record<string, unknown>)[name] : fallback),
		getNode: () => ({ id: nodeId, name: 'WeChat Trigger', type: 'n8n-nodes-wechat-platform.weChatTrigger', typeVersion: 1, position: [0, 0], parameters: {} }),
		getWorkflow: () => ({ id: options.workflowId ?? 'wf-unit', name: 'unit', active: true }),
		getMode: () => 'webhook',
		logger: { debug: log, info: log, warn: log, error: log },
	};
	return { context: context as unknown as IWebhookFunctions, sent, logs };
}

const trigger = new WeChatTrigger();

async function call(options: CallOptions) {
	const { context, sent, logs } = webhookContext(options);
	const result: IWebhookResponseData = await trigger.webhook.call(context);
	return { result, sent, logs, item: result.workflowData?.[0]?.[0]?.json as Record<string, any> | undefined };
}

// ---------------------------------------------------------------------------------------------------------
// WeChat's side: build a signed (and encrypted) callback like the simulator's sendCallback, offline.

interface Signed {
	token?: string;
	encodingAesKey?: string;
	appId?: string;
	mode?: 'plain' | 'compat' | 'safe';
	format?: 'xml' | 'json';
	timestamp?: string | number;
	nonce?: string;
	cipherAppId?: string;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
let nonceCounter = 100000;

function signedCallback(message: Record<string, unknown>, o: Signed = {}) {
	const token = o.token ?? TOKEN;
	const mode = o.mode ?? 'plain';
	const format = o.format ?? 'xml';
	const timestamp = String(o.timestamp ?? nowSeconds());
	const nonce = o.nonce ?? String(++nonceCounter);
	const plain = format === 'xml' ? simXml.buildXml(message) : JSON.stringify(message);
	const query: Record<string, string> = { signature: wx.signature(token, timestamp, nonce), timestamp, nonce, openid: String(message.FromUserName ?? '') };
	if (mode === 'plain') return { query, body: plain, plain };
	const encrypt = wx.encrypt(plain, o.cipherAppId ?? o.appId ?? APP_ID, o.encodingAesKey ?? KEY);
	query.encrypt_type = 'aes';
	query.msg_signature = wx.signature(token, timestamp, nonce, encrypt);
	const envelope = mode === 'safe' ? { ToUserName: message.ToUserName, Encrypt: encrypt } : { ...message, Encrypt: encrypt };
	const body = format === 'xml' ? simXml.buildXml(envelope) : JSON.stringify(envelope);
	return { query, body, plain, encrypt };
}

const textMessage = (msgId: string, content = 'hello') => ({
	ToUserName: 'gh_10f6c3c3ac5a',
	FromUserName: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs',
	CreateTime: nowSeconds(),
	MsgType: 'text',
	Content: content,
	MsgId: msgId,
});

const event = (name: string, extra: Record<string, unknown> = {}) => ({
	ToUserName: 'gh_10f6c3c3ac5a',
	FromUserName: `oUser${++nonceCounter}`,
	CreateTime: nowSeconds(),
	MsgType: 'event',
	Event: name,
	...extra,
});

function expectRefused(outcome: Awaited<ReturnType<typeof call>>, status: number, reason?: string | RegExp) {
	expect(outcome.sent.status).toBe(status);
	expect(outcome.result).toEqual({ noWebhookResponse: true });
	expect(outcome.result.workflowData).toBeUndefined();
	expect(outcome.sent.headers['content-type']).toMatch(/^text\/plain/);
	if (reason !== undefined) expect(outcome.sent.body).toMatch(reason);
}

afterEach(() => {
	jest.restoreAllMocks();
});

afterAll(() => {
	// No response and no log line ever carried a token or an EncodingAESKey.
	const secrets = [TOKEN, KEY, OLD_KEY, 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'spamtest'];
	for (const text of [...allLogs, ...allBodies]) {
		for (const secret of secrets) expect(text).not.toContain(secret);
	}
});

// ---------------------------------------------------------------------------------------------------------

describe('official vectors through the trigger', () => {
	test('every vector in official.json is routed somewhere', () => {
		expect(vectors.map((v) => v.id).sort()).toEqual(Object.keys(VECTOR_ROUTES).sort());
	});

	test('SV-01: GET URL verification echoes echostr as-is, as text/plain', async () => {
		const v = vector('SV-01');
		jest.spyOn(Date, 'now').mockReturnValue(Number(v.input.timestamp) * 1000 + 2000);
		const { result, sent } = await call({
			name: 'setup',
			query: { signature: v.input.signature, timestamp: v.input.timestamp, nonce: v.input.nonce, echostr: v.input.echostr },
			credentials: { ...CREDENTIALS, token: v.input.token },
		});
		expect(result).toEqual({ noWebhookResponse: true });
		expect(sent.status).toBe(200);
		expect(sent.body).toBe(v.expected.response_body);
		expect(sent.headers['content-type']).toMatch(/^text\/plain/);

		// One flipped hex digit: refused, echostr not echoed.
		const bad = await call({
			name: 'setup',
			query: { signature: v.input.signature.replace(/.$/, (c) => (c === '0' ? '1' : '0')), timestamp: v.input.timestamp, nonce: v.input.nonce, echostr: v.input.echostr },
			credentials: { ...CREDENTIALS, token: v.input.token },
		});
		expectRefused(bad, 401, 'Invalid signature');
		expect(bad.sent.body).not.toContain(v.input.echostr);
	});

	test('SV-02: the plaintext-mode POST signature is accepted; the message starts the workflow', async () => {
		const v = vector('SV-02');
		jest.spyOn(Date, 'now').mockReturnValue(Number(v.input.timestamp) * 1000);
		const message = { ToUserName: 'gh_97417a04a28d', FromUserName: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY', CreateTime: 1714037059, MsgType: 'event', Event: 'debug_demo', debug_str: 'hello world' };
		const outcome = await call({
			query: { signature: v.input.signature, timestamp: v.input.timestamp, nonce: v.input.nonce },
			body: JSON.stringify(message),
			credentials: { appId: 'wxba5fad812f8e6fb9', token: v.input.token, encodingAesKey: '' },
		});
		expect(outcome.sent).toMatchObject({ status: 200, body: 'success' });
		expect(outcome.result.noWebhookResponse).toBe(true);
		expect(outcome.item).toMatchObject({ ...message, _wechat: { mode: 'plain', format: 'json' } });
	});

	test('SV-03 + MS-01 + DE-01: the safe-mode JSON push is verified, decrypted and output', async () => {
		const sv = vector('SV-03');
		const de = vector('DE-01');
		expect(vector('MS-01').input.encrypt).toBe(de.input.encrypt);
		jest.spyOn(Date, 'now').mockReturnValue(Number(de.input.timestamp) * 1000);
		const outcome = await call({
			query: {
				signature: sv.input.signature,
				timestamp: de.input.timestamp,
				nonce: de.input.nonce,
				openid: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
				encrypt_type: 'aes',
				msg_signature: vector('MS-01').expected.msg_signature,
			},
			body: JSON.stringify({ ToUserName: 'gh_97417a04a28d', Encrypt: de.input.encrypt }),
			credentials: { appId: de.input.receive_id, token: de.input.token, encodingAesKey: de.input.encoding_aes_key },
		});
		expect(outcome.sent).toMatchObject({ status: 200, body: 'success' });
		expect(outcome.item).toEqual({
			...JSON.parse(de.expected.msg as string),
			_wechat: { mode: 'safe', format: 'json', appId: de.input.receive_id, awaitsReply: false, messageKey: expect.any(String) },
		});
	});

	test('MS-03 + DE-02: the compatible-mode XML push uses the decrypted copy, not the unsigned plaintext', async () => {
		const de = vector('DE-02');
		expect(vector('MS-03').input.encrypt).toBe(de.input.encrypt);
		jest.spyOn(Date, 'now').mockReturnValue(Number(de.input.timestamp) * 1000);
		// The plaintext copy next to Encrypt is not covered by any signature: tamper with it.
		const body = simXml.buildXml({
			ToUserName: 'gh_10f6c3c3ac5a',
			FromUserName: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs',
			CreateTime: 1409735668,
			MsgType: 'text',
			Content: 'TAMPERED',
			MsgId: '6054768590064713728',
			Encrypt: de.input.encrypt,
		});
		const outcome = await call({
			query: {
				signature: wx.signature(de.input.token, de.input.timestamp, de.input.nonce),
				timestamp: de.input.timestamp,
				nonce: de.input.nonce,
				encrypt_type: 'aes',
				msg_signature: vector('MS-03').expected.msg_signature,
			},
			body,
			credentials: { appId: de.input.receive_id, token: de.input.token, encodingAesKey: de.input.encoding_aes_key },
		});
		expect(outcome.sent).toMatchObject({ status: 200, body: 'success' });
		expect(outcome.item).toMatchObject({
			ToUserName: 'gh_10f6c3c3ac5a',
			FromUserName: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs',
			CreateTime: '1409735668',
			Content: 'abcdteT',
			MsgId: '6054768590064713728',
			_wechat: { mode: 'compat', format: 'xml', messageKey: 'msg|oyORnuP8q7ou2gfYjqLzSIWZf0rs|6054768590064713728' },
		});
	});

	test('DE-11: decrypts with the right AppID, then is refused because the plaintext is not a message', async () => {
		const de = vector('DE-11');
		const timestamp = String(nowSeconds());
		const nonce = '424242';
		const token = 'vectorToken11';
		const outcome = await call({
			query: {
				signature: wx.signature(token, timestamp, nonce),
				timestamp,
				nonce,
				encrypt_type: 'aes',
				msg_signature: wx.signature(token, timestamp, nonce, de.input.encrypt),
			},
			body: simXml.buildXml({ ToUserName: 'gh_x', Encrypt: de.input.encrypt }),
			credentials: { appId: de.input.receive_id, token, encodingAesKey: de.input.encoding_aes_key },
		});
		expectRefused(outcome, 400, 'Malformed decrypted message');
		// With any other AppID the same ciphertext stops earlier, at the AppID check.
		const other = await call({
			query: {
				signature: wx.signature(token, timestamp, nonce),
				timestamp,
				nonce,
				encrypt_type: 'aes',
				msg_signature: wx.signature(token, timestamp, nonce, de.input.encrypt),
			},
			body: simXml.buildXml({ ToUserName: 'gh_x', Encrypt: de.input.encrypt }),
			credentials: { appId: 'wx0000000000000000', token, encodingAesKey: de.input.encoding_aes_key },
		});
		expectRefused(other, 401, 'Wrong AppID');
	});

	test('NEG-05: the credential test refuses the EncodingAESKey in plain English', async () => {
		const v = vector('NEG-05');
		const result = await weChatCallbackApiTest.call({} as ICredentialTestFunctions, {
			id: '1',
			name: 'c',
			type: 'weChatCallbackApi',
			data: { appId: APP_ID, token: TOKEN, encodingAesKey: v.input.encoding_aes_key },
		} as ICredentialsDecrypted);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^EncodingAESKey must be the 43 letters and digits/);
	});
});

describe('refusals: no execution, the right status, a short reason', () => {
	test('bad signature, missing signature, missing timestamp or nonce: 401', async () => {
		const { query, body } = signedCallback(textMessage('1'));
		expectRefused(await call({ query: { ...query, signature: 'f'.repeat(40) }, body }), 401, 'Invalid signature');
		expectRefused(await call({ query: { ...query, signature: undefined }, body }), 401, /^Missing signature/);
		expectRefused(await call({ query: { ...query, timestamp: undefined }, body }), 401, /^Missing signature/);
		expectRefused(await call({ query: { ...query, nonce: undefined }, body }), 401, /^Missing signature/);
		// A repeated parameter (?signature=a&signature=b) arrives as an array: not a signature.
		expectRefused(await call({ query: { ...query, signature: [query.signature, query.signature] }, body }), 401);
		// The right signature for another token.
		const other = signedCallback(textMessage('1'), { token: 'someOtherToken' });
		expectRefused(await call({ query: other.query, body: other.body }), 401, 'Invalid signature');
	});

	test('the GET verification checks the signature, the timestamp and echostr', async () => {
		const timestamp = String(nowSeconds());
		const query = { signature: wx.signature(TOKEN, timestamp, '77'), timestamp, nonce: '77', echostr: 'e c h o <&>' };
		const ok = await call({ name: 'setup', query });
		expect(ok.sent).toMatchObject({ status: 200, body: 'e c h o <&>' });
		expectRefused(await call({ name: 'setup', query: { ...query, echostr: undefined } }), 400, 'Missing echostr');
		expectRefused(await call({ name: 'setup', query: { ...query, signature: undefined } }), 401);
		const old = String(nowSeconds() - 3600);
		expectRefused(
			await call({ name: 'setup', query: { ...query, timestamp: old, signature: wx.signature(TOKEN, old, '77') } }),
			401,
			'Stale timestamp',
		);
	});

	test('stale or future timestamps: 401; the window is an option, 0 turns it off', async () => {
		const past = signedCallback(textMessage('2'), { timestamp: nowSeconds() - 301 });
		expectRefused(await call(past), 401, 'Stale timestamp');
		const future = signedCallback(textMessage('3'), { timestamp: nowSeconds() + 301 });
		expectRefused(await call(future), 401, 'Stale timestamp');
		const notANumber = signedCallback(textMessage('4'), { timestamp: 'yesterday' });
		expectRefused(await call(notANumber), 401, 'Stale timestamp');
		const inside = signedCallback(textMessage('5'), { timestamp: nowSeconds() - 299 });
		expect((await call(inside)).sent.body).toBe('success');
		const wide = signedCallback(textMessage('6'), { timestamp: nowSeconds() - 3000 });
		expect((await call({ ...wide, params: { options: { maxTimestampSkew: 3600 } } })).item).toBeDefined();
		const off = signedCallback(textMessage('7'), { timestamp: 1409735669 });
		expect((await call({ ...off, params: { options: { maxTimestampSkew: 0 } } })).item).toBeDefined();
	});

	test('safe mode: missing or wrong msg_signature: 401 (a valid signature alone is not enough)', async () => {
		const { query, body } = signedCallback(textMessage('8'), { mode: 'safe' });
		expectRefused(await call({ query: { ...query, msg_signature: undefined }, body }), 401, 'Missing msg_signature');
		expectRefused(await call({ query: { ...query, msg_signature: '0'.repeat(40) }, body }), 401, 'Invalid msg_signature');
		// msg_signature covers Encrypt exactly as received: one changed character is refused.
		const tampered = body.replace(/<Encrypt><!\[CDATA\[(.)/, (_m: string, c: string) => `<Encrypt><![CDATA[${c === 'A' ? 'B' : 'A'}`);
		expectRefused(await call({ query, body: tampered }), 401, 'Invalid msg_signature');
		// Missing encrypt_type does not downgrade to plaintext when Encrypt is in the body.
		expectRefused(await call({ query: { ...query, encrypt_type: undefined, msg_signature: undefined }, body }), 401, 'Missing msg_signature');
	});

	test('wrong AppID inside the ciphertext: 401', async () => {
		const wrong = signedCallback(textMessage('9'), { mode: 'safe', cipherAppId: 'wxAnotherAccount0001' });
		expectRefused(await call(wrong), 401, 'Wrong AppID');
		const prefix = signedCallback(textMessage('9'), { mode: 'safe', cipherAppId: `${APP_ID}x` });
		expectRefused(await call(prefix), 401, 'Wrong AppID');
	});

	test('bad padding (another key, or a crafted block) with a valid msg_signature: 401', async () => {
		const otherKey = signedCallback(textMessage('10'), { mode: 'safe', encodingAesKey: OLD_KEY });
		const outcome = await call(otherKey);
		expectRefused(outcome, 401, 'Cannot decrypt');

		// A block that decrypts (with the right key) to a wrong pad byte sequence.
		const crypto = await import('crypto');
		const key = Buffer.from(`${KEY}=`, 'base64');
		const plain = Buffer.concat([Buffer.alloc(16, 0x61), Buffer.from([0, 0, 0, 1]), Buffer.from('x'), Buffer.from(APP_ID), Buffer.alloc(5, 5)]);
		const padded = Buffer.concat([plain, Buffer.alloc(64 - plain.length, 7)]);
		padded[padded.length - 1] = 9; // claims 9 pad bytes of value 9; they are 7s
		const cipher = crypto.createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
		cipher.setAutoPadding(false);
		const encrypt = Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
		const timestamp = String(nowSeconds());
		const query = { signature: wx.signature(TOKEN, timestamp, '5'), timestamp, nonce: '5', encrypt_type: 'aes', msg_signature: wx.signature(TOKEN, timestamp, '5', encrypt) };
		const crafted = await call({ query, body: simXml.buildXml({ ToUserName: 'gh_x', Encrypt: encrypt }) });
		expectRefused(crafted, 401, 'Cannot decrypt');
		expect(crafted.logs.join('\n')).toMatch(/invalid padding/);
	});

	test('Encrypt that is not base64 or not whole AES blocks: 400', async () => {
		for (const encrypt of ['not base64!!', 'QUJD', 'a b c d']) {
			const timestamp = String(nowSeconds());
			const query = { signature: wx.signature(TOKEN, timestamp, '6'), timestamp, nonce: '6', encrypt_type: 'aes', msg_signature: wx.signature(TOKEN, timestamp, '6', encrypt) };
			expectRefused(await call({ query, body: simXml.buildXml({ ToUserName: 'gh_x', Encrypt: encrypt }) }), 400, 'Malformed Encrypt');
		}
	});

	test('encrypt_type=aes without Encrypt: 400; an encrypted callback without an EncodingAESKey: 401', async () => {
		const { query } = signedCallback(textMessage('11'), { mode: 'safe' });
		expectRefused(await call({ query, body: simXml.buildXml(textMessage('11')) }), 400, 'Missing Encrypt');
		const safe = signedCallback(textMessage('12'), { mode: 'safe' });
		expectRefused(await call({ ...safe, credentials: { ...CREDENTIALS, encodingAesKey: '' } }), 401, 'Cannot decrypt');
	});

	test('malformed XML, DOCTYPE, XML that mixes text, non-XML non-JSON, JSON arrays, empty bodies: 400', async () => {
		const bodies: Array<[string, RegExp]> = [
			['<xml><ToUserName>x</Wrong></xml>', /Malformed body/],
			['<xml><ToUserName><![CDATA[x]]></ToUserName>', /Malformed body/],
			['<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><Content>&x;</Content></xml>', /Malformed body/],
			['<!DOCTYPE xml><xml><MsgType>text</MsgType></xml>', /Malformed body/],
			['<xml><A>text<B>1</B></A></xml>', /Malformed body/],
			['<xml><__proto__>x</__proto__></xml>', /Malformed body/],
			['hello', /Malformed body/],
			['{"ToUserName": ', /Malformed JSON/],
			['[1,2]', /Malformed body/],
			['[{"a":1}]', /Malformed body/],
			['{}garbage', /Malformed JSON/],
			['', /Empty body/],
			['  \r\n ', /Empty body/],
		];
		for (const [body, reason] of bodies) {
			const { query } = signedCallback({});
			const outcome = await call({ query, body });
			expectRefused(outcome, 400, reason);
		}
		// The DOCTYPE refusal says why, in the log only.
		const { query } = signedCallback({});
		const doctype = await call({ query, body: '<!DOCTYPE xml><xml/>' });
		expect(doctype.logs.join()).toMatch(/DOCTYPE and ENTITY declarations are not allowed/);
		expect(doctype.sent.body).toBe('Malformed body');
	});

	test('a decrypted message that is malformed or carries a DOCTYPE: 400', async () => {
		for (const inner of ['<xml><A>1</B></xml>', '<!DOCTYPE a><xml/>', 'just text']) {
			const timestamp = String(nowSeconds());
			const encrypt = wx.encrypt(inner, APP_ID, KEY);
			const query = { signature: wx.signature(TOKEN, timestamp, '9'), timestamp, nonce: '9', encrypt_type: 'aes', msg_signature: wx.signature(TOKEN, timestamp, '9', encrypt) };
			expectRefused(await call({ query, body: simXml.buildXml({ ToUserName: 'gh', Encrypt: encrypt }) }), 400, 'Malformed decrypted message');
		}
	});

	test('oversized bodies: 413 before any parsing or signature work', async () => {
		const big = `<xml><Content><![CDATA[${'a'.repeat(MAX_BODY_BYTES)}]]></Content></xml>`;
		const { query } = signedCallback({});
		expectRefused(await call({ query, body: big }), 413, 'Body too large');
		expectRefused(await call({ query: {}, body: big }), 413, 'Body too large');
		// Exactly at the limit is read (and here refused only for being unsigned).
		const atLimit = 'x'.repeat(MAX_BODY_BYTES);
		expectRefused(await call({ query: {}, body: atLimit }), 401);
		// Multi-byte characters count as bytes.
		const wide = `<xml><Content>${'微'.repeat(MAX_BODY_BYTES / 3 + 1)}</Content></xml>`;
		expectRefused(await call({ query, body: wide }), 413);
	});

	test('Security Mode "Require Safe Mode" refuses plaintext (400) and accepts compatible and safe mode', async () => {
		const params = { options: { securityMode: 'safe' } };
		expectRefused(await call({ ...signedCallback(textMessage('13')), params }), 400, 'Plaintext refused');
		expect((await call({ ...signedCallback(textMessage('14'), { mode: 'safe' }), params })).item).toMatchObject({ MsgId: '14', _wechat: { mode: 'safe' } });
		expect((await call({ ...signedCallback(textMessage('15'), { mode: 'compat' }), params })).item).toMatchObject({ MsgId: '15', _wechat: { mode: 'compat' } });
	});

	test('an unusable credential: 500, logged without secrets, no execution', async () => {
		const { query, body } = signedCallback(textMessage('16'));
		const noToken = await call({ query, body, credentials: { ...CREDENTIALS, token: '' } });
		expect(noToken.sent.status).toBe(500);
		expect(noToken.result).toEqual({ noWebhookResponse: true });
		expect(noToken.logs.join()).toMatch(/Token is empty/);
		const badKey = await call({ query, body, credentials: { ...CREDENTIALS, encodingAesKey: `${KEY}!` } });
		expect(badKey.sent.status).toBe(500);
		expect(badKey.logs.join()).toMatch(/EncodingAESKey must be/);
	});

	test('an unexpected failure inside webhook() is answered 500 here, never thrown to n8n (which would record an execution)', async () => {
		const { context, sent } = webhookContext(signedCallback(textMessage('17')));
		(context as unknown as { getNodeParameter: () => never }).getNodeParameter = () => {
			throw new Error('boom');
		};
		await expect(trigger.webhook.call(context)).resolves.toEqual({ noWebhookResponse: true });
		expect(sent).toMatchObject({ status: 500, body: 'Internal error' });
	});
});

describe('accepted callbacks', () => {
	test('default: "success" at once, the workflow starts with WeChat\'s fields under their own names', async () => {
		const message = { ...textMessage('6054768590064713728', 'a <b> & ]]> "c" 中文'), Extra: 'kept' };
		const outcome = await call(signedCallback(message));
		expect(outcome.sent).toMatchObject({ status: 200, body: 'success', calls: 1 });
		expect(outcome.sent.headers['content-type']).toMatch(/^text\/plain/);
		expect(outcome.result.noWebhookResponse).toBe(true);
		expect(outcome.item).toEqual({
			ToUserName: 'gh_10f6c3c3ac5a',
			FromUserName: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs',
			CreateTime: String(message.CreateTime),
			MsgType: 'text',
			Content: 'a <b> & ]]> "c" 中文',
			MsgId: '6054768590064713728',
			Extra: 'kept',
			_wechat: {
				mode: 'plain',
				format: 'xml',
				appId: APP_ID,
				awaitsReply: false,
				messageKey: 'msg|oyORnuP8q7ou2gfYjqLzSIWZf0rs|6054768590064713728',
			},
		});
	});

	test('the raw bytes are read, never n8n\'s parsed req.body (lower-cased tags, CDATA stripped)', async () => {
		const signed = signedCallback(textMessage('18'), { mode: 'safe' });
		const outcome = await call({ ...signed, parsedBody: { xml: { tousername: 'x', encrypt: 'forged' } } });
		expect(outcome.item).toMatchObject({ MsgId: '18' });
		// And if a future n8n has not read the body yet, the trigger reads it.
		const later = await call({ ...signedCallback(textMessage('19')), readRawBody: true });
		expect(later.item).toMatchObject({ MsgId: '19' });
	});

	test('reply mode: the response is left to the WeChat Reply node, the item says so', async () => {
		const outcome = await call({ ...signedCallback(textMessage('20'), { mode: 'safe', format: 'json' }), params: { responseMode: 'responseNode' } });
		expect(outcome.sent.calls).toBe(0);
		expect(outcome.result.noWebhookResponse).toBeUndefined();
		expect(outcome.item?._wechat).toEqual({ mode: 'safe', format: 'json', appId: APP_ID, awaitsReply: true, messageKey: 'msg|oyORnuP8q7ou2gfYjqLzSIWZf0rs|20' });
	});

	test('after an EncodingAESKey change, messages under the previous key are still accepted', async () => {
		const credentials = { ...CREDENTIALS, encodingAesKey: OLD_KEY, previousEncodingAesKey: KEY };
		const underOld = signedCallback(textMessage('21'), { mode: 'safe', encodingAesKey: KEY });
		expect((await call({ ...underOld, credentials })).item).toMatchObject({ MsgId: '21' });
		const underNew = signedCallback(textMessage('22'), { mode: 'safe', encodingAesKey: OLD_KEY });
		expect((await call({ ...underNew, credentials })).item).toMatchObject({ MsgId: '22' });
		// Without the previous key the old one is refused.
		expectRefused(await call({ ...signedCallback(textMessage('23'), { mode: 'safe', encodingAesKey: KEY }), credentials: { ...credentials, previousEncodingAesKey: '' } }), 401);
	});

	test('subscribe message events: their lists are always arrays, in XML and in JSON', async () => {
		const one = { TemplateId: 'T1', SubscribeStatusString: 'accept', PopupScene: '2' };
		const two = { TemplateId: 'T2', SubscribeStatusString: 'reject', PopupScene: '2' };
		const xmlOne = await call(signedCallback(event('subscribe_msg_popup_event', { SubscribeMsgPopupEvent: { List: one } })));
		expect(xmlOne.item?.SubscribeMsgPopupEvent).toEqual({ List: [one] });
		const xmlTwo = await call(signedCallback(event('subscribe_msg_popup_event', { SubscribeMsgPopupEvent: { List: [one, two] } })));
		expect(xmlTwo.item?.SubscribeMsgPopupEvent).toEqual({ List: [one, two] });
		const change = await call(signedCallback(event('subscribe_msg_change_event', { SubscribeMsgChangeEvent: { List: { TemplateId: 'T3', SubscribeStatusString: 'reject' } } })));
		expect(change.item?.SubscribeMsgChangeEvent.List).toHaveLength(1);
		const sentXml = await call(signedCallback(event('subscribe_msg_sent_event', { SubscribeMsgSentEvent: { List: { TemplateId: 'T4', MsgID: '1700', ErrorCode: '0', ErrorStatus: 'success' } } }), { mode: 'safe' }));
		expect(sentXml.item?.SubscribeMsgSentEvent.List).toEqual([{ TemplateId: 'T4', MsgID: '1700', ErrorCode: '0', ErrorStatus: 'success' }]);
		const jsonOne = await call(signedCallback(event('subscribe_msg_change_event', { List: { TemplateId: 'T5', SubscribeStatusString: 'reject' } }), { format: 'json', mode: 'safe' }));
		expect(jsonOne.item?.List).toEqual([{ TemplateId: 'T5', SubscribeStatusString: 'reject' }]);
		const jsonTwo = await call(signedCallback(event('subscribe_msg_popup_event', { List: [one, two] }), { format: 'json' }));
		expect(jsonTwo.item?.List).toEqual([one, two]);
		const pics = await call(signedCallback(event('pic_sysphoto', { SendPicsInfo: { Count: 1, PicList: { item: { PicMd5Sum: 'abc' } } } })));
		expect(pics.item?.SendPicsInfo.PicList.item).toEqual([{ PicMd5Sum: 'abc' }]);
	});

	test('the QR scene of a follow (qrscene_123) and of a follower\'s scan is given plainly as qrScene', async () => {
		const follow = await call(signedCallback(event('subscribe', { EventKey: 'qrscene_123', Ticket: 'TICKET' })));
		expect(follow.item).toMatchObject({ Event: 'subscribe', EventKey: 'qrscene_123', qrScene: '123' });
		const scan = await call(signedCallback(event('SCAN', { EventKey: 'order_42', Ticket: 'TICKET' })));
		expect(scan.item).toMatchObject({ qrScene: 'order_42' });
		const plainFollow = await call(signedCallback(event('subscribe', { EventKey: '' })));
		expect(plainFollow.item).not.toHaveProperty('qrScene');
		const jsonFollow = await call(signedCallback(event('subscribe', { EventKey: 'qrscene_x_y' }), { format: 'json' }));
		expect(jsonFollow.item?.qrScene).toBe('x_y');
	});
});

describe('Trigger On filter', () => {
	test('events filtered out get "success" and start nothing', async () => {
		const params = { triggerOn: ['event:subscribe', 'message:location'] };
		const text = await call({ ...signedCallback(textMessage('30')), params });
		expect(text.sent).toMatchObject({ status: 200, body: 'success' });
		expect(text.result).toEqual({ noWebhookResponse: true });
		expect((await call({ ...signedCallback(event('subscribe')), params })).item).toBeDefined();
		// The LOCATION event is not the location message.
		expect((await call({ ...signedCallback(event('LOCATION', { Latitude: '23.1' })), params })).item).toBeUndefined();
		expect((await call({ ...signedCallback({ ...textMessage('31'), MsgType: 'location', Location_X: '23.1' }), params })).item).toBeDefined();
	});

	test('other events by name, case-insensitively; nothing selected means everything', () => {
		const debug = { MsgType: 'event', Event: 'debug_demo' };
		expect(matchesTriggerOn(debug, ['event:subscribe'], [])).toBe(false);
		expect(matchesTriggerOn(debug, ['event:subscribe'], ['debug_demo'])).toBe(true);
		expect(matchesTriggerOn({ MsgType: 'event', Event: 'MASSSENDJOBFINISH' }, [], ['masssendjobfinish'])).toBe(true);
		expect(matchesTriggerOn({ MsgType: 'event', Event: 'scan' }, ['event:SCAN'], [])).toBe(true);
		expect(matchesTriggerOn({ MsgType: 'event', Event: 'TEMPLATESENDJOBFINISH' }, ['event:TEMPLATESENDJOBFINISH'], [])).toBe(true);
		expect(matchesTriggerOn({ MsgType: 'text' }, [], [])).toBe(true);
		expect(matchesTriggerOn({ MsgType: 'text' }, ['*'], [])).toBe(true);
		expect(matchesTriggerOn({ MsgType: 'text' }, ['event:text'], [])).toBe(false);
		expect(matchesTriggerOn({ Event: 'subscribe' }, ['event:subscribe'], [])).toBe(true);
	});

	test('the option reaches the webhook', async () => {
		const params = { triggerOn: [], options: { otherEvents: ' debug_demo , MASSSENDJOBFINISH' } };
		expect((await call({ ...signedCallback(event('debug_demo')), params })).item).toBeDefined();
		expect((await call({ ...signedCallback(event('masssendjobfinish')), params })).item).toBeDefined();
		expect((await call({ ...signedCallback(event('CLICK')), params })).item).toBeUndefined();
	});
});

describe('WeChat retries start no second execution', () => {
	test('same MsgId (new timestamp, nonce and ciphertext): "success", no workflowData', async () => {
		const message = textMessage('5000000000000000001');
		const first = await call({ ...signedCallback(message, { mode: 'safe' }), workflowId: 'wf-dedup' , nodeId: 'n-dedup' });
		const retry = await call({ ...signedCallback(message, { mode: 'safe', nonce: '999' }), workflowId: 'wf-dedup', nodeId: 'n-dedup' });
		expect(first.item).toBeDefined();
		expect(retry.sent).toMatchObject({ status: 200, body: 'success' });
		expect(retry.result).toEqual({ noWebhookResponse: true });
		// In reply mode too: the retry is answered "success" (WeChat already gave up on the first request).
		const replyRetry = await call({ ...signedCallback(message), workflowId: 'wf-dedup', nodeId: 'n-dedup', params: { responseMode: 'responseNode' } });
		expect(replyRetry.sent.body).toBe('success');
		expect(replyRetry.result.workflowData).toBeUndefined();
		// Another message, another workflow or the option off: executions start.
		expect((await call({ ...signedCallback(textMessage('5000000000000000002')), workflowId: 'wf-dedup', nodeId: 'n-dedup' })).item).toBeDefined();
		expect((await call({ ...signedCallback(message), workflowId: 'wf-other', nodeId: 'n-dedup' })).item).toBeDefined();
		expect((await call({ ...signedCallback(message), workflowId: 'wf-dedup', nodeId: 'n-dedup', params: { options: { deduplicate: false } } })).item).toBeDefined();
	});

	test('events without MsgId: FromUserName + CreateTime + Event + EventKey', async () => {
		const follow = event('subscribe', { EventKey: 'qrscene_1' });
		const ids = { workflowId: 'wf-evt', nodeId: 'n-evt' };
		expect((await call({ ...signedCallback(follow), ...ids })).item).toBeDefined();
		expect((await call({ ...signedCallback(follow), ...ids })).item).toBeUndefined();
		expect((await call({ ...signedCallback({ ...follow, EventKey: 'qrscene_2' }), ...ids })).item).toBeDefined();
		expect((await call({ ...signedCallback({ ...follow, CreateTime: follow.CreateTime + 1 }), ...ids })).item).toBeDefined();
		expect(messageKey({ FromUserName: 'u', CreateTime: 1, Event: 'TEMPLATESENDJOBFINISH', MsgID: 77 })).toBe('msg|u|77');
		expect(messageKey({ Event: 'x' })).toBeUndefined();
	});

	test('keys expire after 5 minutes, compared with Date.now(), without timers', async () => {
		const base = Date.now();
		const clock = jest.spyOn(Date, 'now').mockReturnValue(base);
		const message = textMessage('5000000000000000009');
		const ids = { workflowId: 'wf-ttl', nodeId: 'n-ttl' };
		const sign = () => signedCallback(message, { timestamp: Math.floor(Date.now() / 1000) });
		expect((await call({ ...sign(), ...ids })).item).toBeDefined();
		clock.mockReturnValue(base + 299_000);
		expect((await call({ ...sign(), ...ids })).item).toBeUndefined();
		clock.mockReturnValue(base + 300_001);
		expect((await call({ ...sign(), ...ids })).item).toBeDefined();
	});

	test('the set is bounded: the oldest keys go first', () => {
		const keys = new RecentKeys(3, 60_000);
		for (const k of ['a', 'b', 'c', 'd']) expect(keys.checkAndRemember(k, 1000)).toBe(false);
		expect(keys.size).toBe(3);
		expect(keys.checkAndRemember('d', 1001)).toBe(true);
		expect(keys.checkAndRemember('a', 1001)).toBe(false); // evicted, so new again
		expect(keys.checkAndRemember('x', 61_002)).toBe(false); // everything before expired
		expect(keys.size).toBe(1);
	});
});

describe('authorized accounts of a third-party platform (…/callback/<authorizer AppID>)', () => {
	const PLATFORM_APP_ID = 'wxcomponent0000001';
	const platform = { credentials: { ...CREDENTIALS, appId: PLATFORM_APP_ID }, params: { messagesOf: 'platform' } };
	const at = (appId: string) => ({ [`authorizerAppId_${'5c0d6f1e-15aa-4f00-9e15-000000000018'}`]: appId });
	const sealed = (message: Record<string, unknown>, o: Signed = {}) => signedCallback(message, { mode: 'safe', appId: PLATFORM_APP_ID, ...o });

	test('decrypted with the platform\'s key; the item names the authorized account', async () => {
		const { item } = await call({ ...sealed(textMessage('7100000000000000001', 'hi shop')), ...platform, pathParams: at('wxmerchant0000001') });
		expect(item).toMatchObject({ MsgType: 'text', Content: 'hi shop', authorizerAppId: 'wxmerchant0000001', _wechat: { appId: PLATFORM_APP_ID } });
	});

	test('retries are told apart per authorized account: the same MsgId for two accounts starts two executions', async () => {
		const message = textMessage('7100000000000000002');
		const ids = { workflowId: 'wf-platform', nodeId: 'n-platform', ...platform };
		expect((await call({ ...sealed(message), ...ids, pathParams: at('wxmerchant0000001') })).item).toMatchObject({ authorizerAppId: 'wxmerchant0000001' });
		expect((await call({ ...sealed(message), ...ids, pathParams: at('wxmerchant0000002') })).item).toMatchObject({ authorizerAppId: 'wxmerchant0000002' });
		const retry = await call({ ...sealed(message, { nonce: '4242' }), ...ids, pathParams: at('wxmerchant0000001') });
		expect([retry.item, retry.sent.body]).toEqual([undefined, 'success']);
	});

	test('refused, no execution: no AppID in platform mode or not an AppID (400), not sealed for the platform (401)', async () => {
		const message = textMessage('7100000000000000003');
		expectRefused(await call({ ...sealed(message), ...platform }), 400, /^Authorizer AppID missing from the URL$/);
		expectRefused(await call({ ...sealed(message), ...platform, pathParams: at('$APPID$') }), 400, /^Bad authorizer AppID in the URL$/);
		// Sealed for the account itself (its AppID in the envelope), not for the platform.
		expectRefused(await call({ ...signedCallback(message, { mode: 'safe' }), ...platform, pathParams: at('wxmerchant0000001') }), 401);
		// Single-account mode on its own URL: no authorizerAppId, as before.
		expect((await call({ ...signedCallback(textMessage('7100000000000000004')) })).item).not.toHaveProperty('authorizerAppId');
	});
});

describe('node description, lifecycle and credential test', () => {
	test('two webhooks on one path: GET setup, POST default with the Respond expression', () => {
		const { webhooks, name, displayName, group, credentials } = trigger.description;
		expect(name).toBe('weChatTrigger');
		expect(displayName).toContain('Trigger');
		expect(group).toEqual(['trigger']);
		expect(webhooks).toEqual([
			expect.objectContaining({ name: 'setup', httpMethod: 'GET', path: 'callback' }),
			expect.objectContaining({ name: 'default', httpMethod: 'POST', path: 'callback', responseMode: '={{$parameter["responseMode"]}}' }),
			// A third-party platform's message URL (…/callback/$APPID$) and its editor view: platformPath.test.ts.
			expect.objectContaining({ name: 'default', path: '={{"callback/:authorizerAppId_" + $webhookId}}', isFullPath: true, responseMode: '={{$parameter["responseMode"]}}' }),
			expect.objectContaining({ name: 'default', httpMethod: '', path: 'callback/$APPID$' }),
		]);
		expect(credentials).toEqual([{ name: 'weChatCallbackApi', required: true, testedBy: 'weChatCallbackApiTest' }]);
		expect(trigger.methods.credentialTest.weChatCallbackApiTest).toBe(weChatCallbackApiTest);
	});

	test('webhook lifecycle methods are no-ops that succeed (the URL is pasted in the WeChat console)', async () => {
		const methods = trigger.webhookMethods.default;
		await expect(methods.checkExists()).resolves.toBe(true);
		await expect(methods.create()).resolves.toBe(true);
		await expect(methods.delete()).resolves.toBe(true);
	});

	test.each([
		[{ appId: APP_ID, token: TOKEN, encodingAesKey: KEY }, 'OK', /well-formed/],
		[{ appId: APP_ID, token: TOKEN, encodingAesKey: '' }, 'OK', /only plaintext-mode/],
		[{ appId: APP_ID, token: TOKEN, encodingAesKey: KEY, previousEncodingAesKey: OLD_KEY }, 'OK', /well-formed/],
		[{ appId: APP_ID, token: 'ab', encodingAesKey: KEY }, 'Error', /^Token must be 3 to 32 letters or digits/],
		[{ appId: APP_ID, token: 'has space', encodingAesKey: KEY }, 'Error', /^Token must be/],
		[{ appId: APP_ID, token: 'x'.repeat(33), encodingAesKey: KEY }, 'Error', /^Token must be/],
		[{ appId: '', token: TOKEN, encodingAesKey: KEY }, 'Error', /^AppID is empty/],
		[{ appId: APP_ID, token: TOKEN, encodingAesKey: KEY.slice(1) }, 'Error', /^EncodingAESKey must be/],
		[{ appId: APP_ID, token: TOKEN, encodingAesKey: KEY, previousEncodingAesKey: 'short' }, 'Error', /^Previous EncodingAESKey must be/],
		[{ appId: APP_ID, token: TOKEN, encodingAesKey: '', previousEncodingAesKey: KEY }, 'Error', /EncodingAESKey is empty/],
	])('credential test %#', async (data, status, message) => {
		const result = await weChatCallbackApiTest.call({} as ICredentialTestFunctions, { id: '1', name: 'c', type: 'weChatCallbackApi', data } as ICredentialsDecrypted);
		expect(result.status).toBe(status);
		expect(result.message).toMatch(message);
		for (const secret of [TOKEN, KEY, OLD_KEY]) expect(result.message).not.toContain(secret);
	});
});

describe('speed', () => {
	test('verify + decrypt + parse of a safe-mode message takes well under a millisecond', () => {
		const { query, body } = signedCallback(textMessage('60', 'x'.repeat(200)), { mode: 'safe' });
		const settings = { token: TOKEN, appId: APP_ID, aesKeys: [Buffer.from(`${KEY}=`, 'base64')], maxTimestampSkewSeconds: 300, requireEncryption: false, now: Date.now() };
		const raw = Buffer.from(body);
		for (let i = 0; i < 200; i++) openCallback(query, raw, settings);
		const runs = 2000;
		const started = process.hrtime.bigint();
		for (let i = 0; i < runs; i++) openCallback(query, raw, settings);
		const micros = Number(process.hrtime.bigint() - started) / 1000 / runs;
		// Printed for the report; the bound is loose so slow CI machines pass.
		process.stdout.write(`verify+decrypt+parse (safe mode, ${raw.length}-byte body): ${micros.toFixed(1)} µs per callback\n`);
		expect(micros).toBeLessThan(1000);
	});
});
