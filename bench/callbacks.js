'use strict';
/**
 * Benchmark 3: callback handling. bench/run.js runs it (`node bench/run.js callbacks`) through `run(log)`;
 * the parts live in bench/callbacks/, one job per file:
 *
 * (a) micro.js, in-process, per message: verify + decrypt + parse of safe-mode XML callbacks with our built
 *     code, exactly the trigger's path (dist/nodes/wechat/callback/verify.js openCallback over
 *     dist/nodes/wechat/codec/crypto.js + xml.js), beside the `wechat-crypto` npm package doing the same work
 *     the way its users do (WXBizMsgCrypt made once; signature and msg_signature compared, Encrypt decrypted,
 *     the AppID checked, and the XML read with a regular expression). Same messages (messages.js),
 *     interleaved rounds, one process.
 * (b) realN8n.js, real n8n: safe-mode callbacks at a fixed rate (open loop) to an active WeChat Trigger
 *     workflow; response times, and one execution per accepted callback, counted in n8n's database.
 * report.js turns both into the table, notes and summary rows run.js prints.
 */
const { microBenchmark } = require('./callbacks/micro');
const { realN8n } = require('./callbacks/realN8n');
const { report } = require('./callbacks/report');

async function run(log) {
	const micro = microBenchmark(log);
	const real = await realN8n(log);
	return report(micro, real);
}

module.exports = { run, microBenchmark };
