'use strict';
/**
 * What the demo (scripts/demo.js) sets up, in one place: the env switches, the n8n version, the simulated
 * accounts, the owner login, the callback keys and the stand-ins for the examples' placeholders. Every
 * file of scripts/demo/ reads them here, so that what is printed and what is set up cannot drift apart.
 */
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const EXIT_WHEN_DONE = process.env.DEMO_EXIT === '1';
const SKIP_BUILD = process.env.DEMO_SKIP_BUILD === '1';
const N8N_VERSION = '2.41.1';
const FOLLOWERS = 1000;
const UNION_ID_EVERY = 3; // person i has a UnionID when i % 3 === 0
const SUBSCRIBED_MP_USERS = 5; // Mini Program users 0..4 accepted 3 subscribe messages each
const SUBSCRIBE_TEMPLATE = 'SUB_ORDER';
const OWNER = { email: 'demo@example.com', firstName: 'WeChat', lastName: 'Demo', password: 'WeChatDemo1' };
const CALLBACK = { token: 'demoCallbackToken2024', encodingAesKey: 'DemoEncodingAesKey0123456789abcdefghijklmno' };
/** The example's template is a placeholder: the simulator's template with the same keywords. */
const OA_TEMPLATE = { __rl: true, mode: 'list', value: 'TPL_PAYMENT', cachedResultName: 'Payment received' };
const MP_TEMPLATE = { __rl: true, mode: 'list', value: SUBSCRIBE_TEMPLATE, cachedResultName: '订单状态通知' };
/** Credentials the examples do not reference get these ids and names. */
const DEFAULT_CREDENTIALS = {
	weChatOfficialAccountApi: { id: 'wechatOaExample', name: 'WeChat Official Account' },
	weChatMiniProgramApi: { id: 'wechatMpExample', name: 'WeChat Mini Program' },
	weChatCallbackApi: { id: 'wechatCallbackExample', name: 'WeChat Callback' },
};

module.exports = {
	ROOT,
	EXIT_WHEN_DONE,
	SKIP_BUILD,
	N8N_VERSION,
	FOLLOWERS,
	UNION_ID_EVERY,
	SUBSCRIBED_MP_USERS,
	SUBSCRIBE_TEMPLATE,
	OWNER,
	CALLBACK,
	OA_TEMPLATE,
	MP_TEMPLATE,
	DEFAULT_CREDENTIALS,
};
