'use strict';
/**
 * Callback benchmark (a), in-process: our built trigger code (verify + decrypt + parse, and the whole trigger
 * step) beside the `wechat-crypto` npm package used the way its users do, on the same messages in
 * interleaved rounds. Kept apart from the real-n8n run (realN8n.js) because it needs only dist/ and no n8n,
 * and its per-step costs (stepCosts) exist to explain a miss in report.js.
 */
const { config, fmt } = require('../lib/config');
const { percentile } = require('../lib/measure');
const { WECHAT, sampleMessages, safeModeRequest } = require('./messages');

// ---------------------------------------------------------------------------------------------------------
// The two implementations.

function ours() {
	const { openCallback } = require('../../dist/nodes/wechat/callback/verify');
	const { decodeAesKey } = require('../../dist/nodes/wechat/codec/crypto');
	const settings = {
		token: WECHAT.token,
		appId: WECHAT.appId,
		aesKeys: [decodeAesKey(WECHAT.encodingAesKey)],
		maxTimestampSkewSeconds: 300,
		requireEncryption: true,
		now: Date.now(),
	};
	return (req) => openCallback(req.query, req.rawBody, settings).message;
}

/** The whole of the trigger's per-request work outside n8n: credential, settings, open, filter, key, output item. */
function oursFullTrigger() {
	const { openCallback } = require('../../dist/nodes/wechat/callback/verify');
	const { readCallbackCredentials } = require('../../dist/nodes/wechat/callback/credentials');
	const { matchesTriggerOn, messageKey, toOutputJson } = require('../../dist/nodes/wechat/callback/message');
	const credential = { ...WECHAT, previousEncodingAesKey: '' };
	return (req) => {
		const c = readCallbackCredentials(credential);
		const settings = { token: c.token, appId: c.appId, aesKeys: c.aesKeys, maxTimestampSkewSeconds: 300, requireEncryption: true, now: Date.now() };
		const opened = openCallback(req.query, req.rawBody, settings);
		if (!matchesTriggerOn(opened.message, ['*'], [])) throw new Error('filtered');
		const key = messageKey(opened.message);
		return toOutputJson(opened.message, { mode: opened.mode, format: opened.format, appId: c.appId, awaitsReply: false, messageKey: key });
	};
}

/** How wechat-crypto's users read WeChat's flat XML: one regular expression over CDATA or text leaves. */
const LEAF = /<(\w+)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/g;
function regexXml(text) {
	const out = {};
	LEAF.lastIndex = 0;
	let m;
	while ((m = LEAF.exec(text)) !== null) out[m[1]] = m[2] !== undefined ? m[2] : m[3];
	return out;
}

function wechatCrypto() {
	const WXBizMsgCrypt = require('wechat-crypto');
	const cryptor = new WXBizMsgCrypt(WECHAT.token, WECHAT.encodingAesKey, WECHAT.appId);
	return (req) => {
		const { signature, timestamp, nonce, msg_signature: msgSignature } = req.query;
		// signature = sha1(sort(token, timestamp, nonce)): getSignature with an empty Encrypt gives exactly that.
		if (cryptor.getSignature(timestamp, nonce, '') !== signature) throw new Error('bad signature');
		if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) throw new Error('stale');
		const outer = regexXml(req.rawBody.toString('utf8'));
		if (cryptor.getSignature(timestamp, nonce, outer.Encrypt) !== msgSignature) throw new Error('bad msg_signature');
		const { message, id } = cryptor.decrypt(outer.Encrypt);
		if (id !== WECHAT.appId) throw new Error('wrong appid');
		return regexXml(message);
	};
}

function timeEach(fn, requests, out) {
	for (const req of requests) {
		const t0 = process.hrtime.bigint();
		fn(req);
		out.push(Number(process.hrtime.bigint() - t0) / 1000);
	}
}

/** Per-step costs (µs, median of many) of both sides, used to explain a miss. */
function stepCosts(requests) {
	const { callbackSignature, messageSignature, safeEqual, decryptAndCheckAppId, decodeAesKey } = require('../../dist/nodes/wechat/codec/crypto');
	const { parseXml } = require('../../dist/nodes/wechat/codec/xml');
	const WXBizMsgCrypt = require('wechat-crypto');
	const cryptor = new WXBizMsgCrypt(WECHAT.token, WECHAT.encodingAesKey, WECHAT.appId);
	const keys = [decodeAesKey(WECHAT.encodingAesKey)];
	const prepared = requests.map((r) => {
		const text = r.rawBody.toString('utf8');
		const outer = regexXml(text);
		return { ...r, text, encrypt: outer.Encrypt, inner: cryptor.decrypt(outer.Encrypt).message };
	});
	const steps = {
		'signature (ours)': (r) => safeEqual(callbackSignature(WECHAT.token, r.query.timestamp, r.query.nonce), r.query.signature),
		'signature (wechat-crypto)': (r) => cryptor.getSignature(r.query.timestamp, r.query.nonce, '') === r.query.signature,
		'outer XML (ours parseXml)': (r) => parseXml(r.text),
		'outer XML (regex)': (r) => regexXml(r.text),
		'msg_signature (ours)': (r) => safeEqual(messageSignature(WECHAT.token, r.query.timestamp, r.query.nonce, r.encrypt), r.query.msg_signature),
		'msg_signature (wechat-crypto)': (r) => cryptor.getSignature(r.query.timestamp, r.query.nonce, r.encrypt) === r.query.msg_signature,
		'decrypt + AppID (ours)': (r) => decryptAndCheckAppId(r.encrypt, keys, WECHAT.appId),
		'decrypt + AppID (wechat-crypto)': (r) => cryptor.decrypt(r.encrypt).id === WECHAT.appId,
		'  of which the strict base64 check (decode, encode again, compare: crypto.ts)': (r) => Buffer.from(r.encrypt, 'base64').toString('base64') === r.encrypt,
		'inner XML (ours parseXml)': (r) => parseXml(r.inner),
		'inner XML (regex)': (r) => regexXml(r.inner),
	};
	const out = {};
	for (const [name, fn] of Object.entries(steps)) {
		for (const r of prepared) fn(r); // warm
		const times = [];
		for (let k = 0; k < 5; k++) for (const r of prepared) {
			const t0 = process.hrtime.bigint();
			fn(r);
			times.push(Number(process.hrtime.bigint() - t0) / 1000);
		}
		times.sort((a, b) => a - b);
		out[name] = percentile(times, 50);
	}
	return out;
}

function microBenchmark(log) {
	const distinct = 1000;
	const messages = sampleMessages(distinct);
	const requests = messages.map(safeModeRequest);
	const impls = { ours: ours(), oursFull: oursFullTrigger(), theirs: wechatCrypto() };

	// Same answers first: both read the same fields from every message.
	for (let i = 0; i < requests.length; i++) {
		const a = impls.ours(requests[i]);
		const b = impls.theirs(requests[i]);
		for (const [k, v] of Object.entries(messages[i])) {
			if (String(a[k]) !== String(v) || String(b[k]) !== String(v)) throw new Error(`message ${i}: field ${k} differs (${a[k]} / ${b[k]} / ${v})`);
		}
	}
	const rounds = Math.max(1, Math.round(config.cryptoMessages / distinct));
	log(`callbacks: ${fmt.int(rounds * distinct)} messages per implementation (${distinct} distinct, ${rounds} rounds)`);
	// Warm-up, then every message through every implementation in turn (the order rotating), so that load
	// changes on the machine hit every side alike.
	for (let w = 0; w < 3; w++) for (const fn of Object.values(impls)) timeEach(fn, requests, []);
	const times = { ours: [], oursFull: [], theirs: [] };
	const orders = [['ours', 'oursFull', 'theirs'], ['theirs', 'ours', 'oursFull'], ['oursFull', 'theirs', 'ours']];
	let turn = 0;
	for (let r = 0; r < rounds; r++) {
		for (const req of requests) {
			for (const name of orders[turn++ % 3]) {
				const fn = impls[name];
				const t0 = process.hrtime.bigint();
				fn(req);
				times[name].push(Number(process.hrtime.bigint() - t0) / 1000);
			}
		}
	}
	const stats = {};
	for (const [name, list] of Object.entries(times)) {
		list.sort((a, b) => a - b);
		stats[name] = { n: list.length, p50: percentile(list, 50), p99: percentile(list, 99), mean: list.reduce((a, b) => a + b, 0) / list.length };
	}
	const missed = stats.ours.p50 > stats.theirs.p50 || stats.ours.p99 > stats.theirs.p99;
	return { stats, steps: missed ? stepCosts(requests.slice(0, 200)) : undefined, distinct, rounds };
}

module.exports = { microBenchmark };
