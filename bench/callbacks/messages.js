'use strict';
/**
 * The callback benchmark's WeChat side (bench/callbacks.js): the callback credential both measurements use,
 * and sample messages signed and encrypted as WeChat sends them in safe mode. Shared by the in-process
 * comparison (micro.js) and the real-n8n run (realN8n.js), so that both see the same account and keys.
 */
const crypto = require('crypto');

const WECHAT = {
	appId: 'wxsimoa0000000001',
	token: 'benchCallbackToken42',
	encodingAesKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR',
};
const ACCOUNT = 'gh_5140a0000001';

function sampleMessages(count) {
	const now = Math.floor(Date.now() / 1000);
	const kinds = [
		(i) => ({ ToUserName: ACCOUNT, FromUserName: `oBenchUser${String(i).padStart(18, '0')}`, CreateTime: now, MsgType: 'text', Content: `订单 ${i} 什么时候发货？`, MsgId: String(7_700_000_000_000_000 + i) }),
		(i) => ({ ToUserName: ACCOUNT, FromUserName: `oBenchUser${String(i).padStart(18, '0')}`, CreateTime: now, MsgType: 'event', Event: 'subscribe', EventKey: `qrscene_${i}`, Ticket: 'gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL2taZ2Z3TVRtNzJXV1Brb3ZhYmJJAAIEZ23sUwMEmm3sUw==' }),
		(i) => ({ ToUserName: ACCOUNT, FromUserName: `oBenchUser${String(i).padStart(18, '0')}`, CreateTime: now, MsgType: 'event', Event: 'TEMPLATESENDJOBFINISH', MsgID: String(200_000_000 + i), Status: 'success' }),
		(i) => ({ ToUserName: ACCOUNT, FromUserName: `oBenchUser${String(i).padStart(18, '0')}`, CreateTime: now, MsgType: 'text', Content: '长'.repeat(600) + ` ${i}`, MsgId: String(7_800_000_000_000_000 + i) }),
	];
	return Array.from({ length: count }, (_, i) => kinds[i % kinds.length](i));
}

/** A safe-mode request: the query WeChat signs and the exact body bytes. */
function safeModeRequest(message) {
	const { wxcrypto, xml } = require('../../tools/simulator');
	const timestamp = String(Math.floor(Date.now() / 1000));
	const nonce = String(100000000 + crypto.randomInt(0, 900000000));
	const encrypted = wxcrypto.encrypt(xml.buildXml(message), WECHAT.appId, WECHAT.encodingAesKey);
	const query = {
		signature: wxcrypto.signature(WECHAT.token, timestamp, nonce),
		timestamp,
		nonce,
		openid: message.FromUserName,
		encrypt_type: 'aes',
		msg_signature: wxcrypto.signature(WECHAT.token, timestamp, nonce, encrypted),
	};
	return { query, rawBody: Buffer.from(xml.buildXml({ ToUserName: message.ToUserName, Encrypt: encrypted })) };
}

module.exports = { WECHAT, ACCOUNT, sampleMessages, safeModeRequest };
