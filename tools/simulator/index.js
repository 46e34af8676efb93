'use strict';
/**
 * An in-process simulator of the WeChat server API (api.weixin.qq.com) for tests, benchmarks and demos.
 * Node built-ins only. Followers are derived from their index (never stored), so a 1,000,000-follower
 * account costs nothing to seed. See README.md in this folder (usage, and how to add an API family).
 *
 * Files: simulator.js (server, request path), state.js (apps, people, clock, errors), faults.js, control.js
 * (/__sim/* API), api/ (one file per WeChat API family, registered in api/index.js), callback.js (WeChat
 * calling a webhook), wxcrypto.js, xml.js, values.js (subscribe-message value rules).
 */
const { Simulator } = require('./simulator');
const { DEFAULT_APPS, ERRMSG } = require('./state');
const { sendCallback, verifyUrl, decryptReply } = require('./callback');
const wxcrypto = require('./wxcrypto');
const xml = require('./xml');

/**
 * Start a simulator on 127.0.0.1.
 * @param {{ port?: number, tokenTtlSeconds?: number, classicOverlapSeconds?: number, latencyMs?: number, stableForceIntervalSeconds?: number, stableForceDailyLimit?: number }} [options]
 * @returns {Promise<Simulator>}
 */
async function startSimulator(options = {}) {
	const sim = new Simulator(options);
	await sim.listen(options.port ?? 0);
	return sim;
}

module.exports = { startSimulator, Simulator, DEFAULT_APPS, ERRMSG, wxcrypto, xml, sendCallback, verifyUrl, decryptReply };
