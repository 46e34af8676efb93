'use strict';
/**
 * Playing the examples (scripts/demo.js, step 4), with what happened printed in plain words: a CRM POSTs
 * "order paid" events to examples/crm-template-message.json, then checks the outcomes against what WeChat
 * (the simulator) recorded and retries one; a follower texts the auto-reply example in safe mode. The
 * printed lines are what test/e2e/demo.test.js checks: keep their wording and prefixes.
 */
const { DEFAULT_APPS, sendCallback, decryptReply } = require('../../tools/simulator');
const { say } = require('./output');
const { nodeOfType } = require('./examples');
const { FOLLOWERS, CALLBACK } = require('./settings');

/** Five "order paid" events: three followers, one who does not follow, one Mini Program buyer. */
function crmEvents(sim) {
	// China time, as the CRM of a WeChat shop would send it.
	const paidAt = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
	const customers = [
		{ name: 'Li Wei', i: 3, item: 'Coffee beans 1kg', amount: '¥128.00', via: 'oa' },
		{ name: 'Wang Fang', i: 7, item: 'Green tea 250g', amount: '¥66.00', via: 'oa' },
		{ name: 'Zhang Min', i: 12, item: 'Pour-over kettle', amount: '¥239.00', via: 'oa' },
		{ name: 'Chen Jie', i: FOLLOWERS + 5, item: 'Ceramic mug', amount: '¥45.00', via: 'oa' },
		{ name: 'Liu Yang', i: 42, item: 'Cold brew bottle', amount: '¥89.00', via: 'mp' },
	];
	return customers.map((c, k) => {
		const person = sim.person(c.i);
		const openid = c.via === 'mp' ? person.mpOpenId : person.oaOpenId;
		const body = { openid, orderNo: `SO-${10001 + k}`, item: c.item, amount: c.amount, paidAt };
		// A CRM that knows the customer's UnionID sends it along (the shipped example does not need it).
		if (person.unionId) body.unionid = person.unionId;
		const who =
			c.via === 'mp'
				? `bought in the Mini Program: the CRM has their Mini Program OpenID ${openid}`
				: person.follower
					? `follows the Official Account (OpenID ${openid})`
					: `does not follow the Official Account (OpenID ${openid})`;
		return { ...c, person, body, who };
	});
}

async function postJson(url, body) {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	const text = await response.text();
	if (!response.ok) throw new Error(`POST ${url} -> HTTP ${response.status}: ${text.slice(0, 500)}`);
	try {
		return JSON.parse(text);
	} catch {
		throw new Error(`POST ${url} -> not JSON: ${text.slice(0, 500)}`);
	}
}

function describeOutcome(answer) {
	if (answer.outcome === 'sent') return `sent  msgid ${answer.msgid}  (clientMsgId ${answer.clientMsgId})`;
	return `${answer.outcome}  errcode ${answer.errcode}: ${answer.reason}`;
}

/**
 * The CRM -> template message flow: the events, the outcomes checked against the simulator's deliveries, a
 * retry, and n8n's execution count. Returns { answers, delivered, consistent }.
 */
async function runCrmFlow(n8n, sim, crmWorkflow) {
	const webhook = nodeOfType(crmWorkflow, 'n8n-nodes-base.webhook');
	const url = n8n.webhookUrl(webhook.parameters.path);
	const events = crmEvents(sim);
	const tokenFetchesBefore = sim.tokenFetches();
	say();
	say(`The CRM -> WeChat template message flow ("${crmWorkflow.name}", examples/crm-template-message.json):`);
	say(`the CRM POSTs ${events.length} "order paid" events to ${url}`);
	say('and n8n answers each with the Send Template Message node\'s outcome:');
	const answers = [];
	for (const [k, event] of events.entries()) {
		const started = Date.now();
		const answer = await postJson(url, event.body);
		answers.push(answer);
		say(`  ${k + 1}. order ${event.body.orderNo}, ${event.name}, ${event.who}`);
		say(`     -> ${describeOutcome(answer)}  [${Date.now() - started} ms]`);
	}

	const counts = {};
	for (const a of answers) counts[a.outcome] = (counts[a.outcome] || 0) + 1;
	const order = ['sent', 'notFollowing', 'invalidOpenid', 'refused', 'failed'];
	const countText = [...order, ...Object.keys(counts).filter((o) => !order.includes(o))]
		.filter((o) => counts[o] || ['sent', 'failed'].includes(o))
		.map((o) => `${counts[o] || 0} ${o}`)
		.join(', ');
	say();
	say(`Outcomes returned to the CRM: ${countText}`);

	// What WeChat recorded: one delivery per "sent", with the msgid the CRM got back.
	const delivered = sim.templateDeliveries.slice();
	say(`WeChat (the simulator) recorded ${delivered.length} template message${delivered.length === 1 ? '' : 's'} delivered:`);
	for (const d of delivered) {
		const data = Object.entries(d.data || {}).map(([key, v]) => `${key}=${v.value}`).join(', ');
		say(`  delivered to ${d.touser}  msgid ${d.msgid}  template ${d.template_id}: ${data}; link ${d.url}`);
	}
	const sent = answers.filter((a) => a.outcome === 'sent');
	const byMsgid = new Map(delivered.map((d) => [String(d.msgid), d]));
	const consistent =
		sent.length === delivered.length && sent.every((a) => byMsgid.has(String(a.msgid)) && byMsgid.get(String(a.msgid)).touser === a.touser);
	const notSent = answers.length - sent.length;
	say(
		consistent
			? `Every "sent" answer has exactly one delivery with the same msgid; ${notSent === 0 ? 'nobody was skipped' : `the other ${notSent} got nothing`}, and the batch went on.`
			: 'MISMATCH between the outcomes and what WeChat recorded!',
	);

	// Explain what the example does not do for Mini Program customers.
	for (const [k, event] of events.entries()) {
		if (event.via !== 'mp' || answers[k].outcome === 'sent') continue;
		say(
			`${event.name}'s OpenID belongs to the Mini Program (every WeChat account has its own OpenIDs), so the Official Account refused it.`,
		);
		if (event.person.unionId) {
			say(
				`  ${event.name} has the UnionID ${event.person.unionId}: a Resolve UnionID node (UnionID to Official Account OpenID) before ` +
					`the send would find their Official Account OpenID ${event.person.oaOpenId}; or use Send Subscribe Message with the Mini Program credential.`,
			);
		}
	}

	// A CRM retry: same content, same client_msg_id, WeChat drops the repeat.
	say();
	const first = events.findIndex((_, k) => answers[k].outcome === 'sent');
	let retry;
	if (first >= 0) {
		const before = sim.templateDeliveries.length;
		retry = await postJson(url, events[first].body);
		const after = sim.templateDeliveries.length;
		const same = retry.outcome === 'sent' && String(retry.msgid) === String(answers[first].msgid);
		say(`The CRM retries order ${events[first].body.orderNo} (same content, e.g. after a timeout): -> ${retry.outcome}, ${same ? 'same' : 'DIFFERENT'} msgid ${retry.msgid};`);
		say(
			after === before
				? `  WeChat delivered nothing new (still ${after}): the clientMsgId, derived from the content, made WeChat drop the repeat.`
				: `  WeChat delivered it AGAIN (${before} -> ${after})!`,
		);
	}

	const runs = events.length + (retry ? 1 : 0);
	const executions = await n8n.waitForExecutions({ workflowId: crmWorkflow.id, count: runs });
	const ok = executions.filter((e) => e.status === 'success').length;
	const tokens = sim.tokenFetches() - tokenFetchesBefore;
	say(`n8n ran the workflow ${executions.length} times, ${ok} succeeded; ${tokens} access token fetched for all of them (stable token, cached in the credential).`);
	return { answers, delivered, consistent };
}

/** A follower texts the Official Account; WeChat (the simulator) calls the auto-reply example in safe mode. */
async function runAutoReply(n8n, sim, replyWorkflow) {
	const hooks = await n8n.webhooks();
	const hook = hooks.find((h) => h.workflowId === replyWorkflow.id && h.method === 'POST');
	if (!hook) return;
	const url = n8n.webhookUrl(hook.webhookPath);
	const wechat = { appId: DEFAULT_APPS.oa.appId, ...CALLBACK };
	const content = '你好, is my order on its way?';
	const message = {
		ToUserName: DEFAULT_APPS.oa.originalId,
		FromUserName: sim.person(3).oaOpenId,
		CreateTime: Math.floor(Date.now() / 1000),
		MsgType: 'text',
		Content: content,
		MsgId: String(7_300_000_000_000_000_000n + BigInt(Date.now())),
	};
	const response = await sendCallback(url, { ...wechat, mode: 'safe', message });
	const reply = response.status === 200 ? decryptReply(response.body, wechat) : undefined;
	say();
	say(`The auto-reply flow ("${replyWorkflow.name}"): Li Wei texts "${content}" to the Official Account;`);
	say(`WeChat calls the WeChat Trigger URL ${url} (safe mode: signed and AES-encrypted)`);
	say(
		reply && reply.valid
			? `  -> n8n answered in ${response.elapsedMs} ms with an encrypted passive reply that WeChat can verify: "${reply.message.Content}"`
			: `  -> unexpected answer: HTTP ${response.status} ${String(response.body).slice(0, 200)}`,
	);
}

module.exports = { runCrmFlow, runAutoReply };
