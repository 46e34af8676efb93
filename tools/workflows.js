'use strict';
/**
 * Builders for the n8n workflow JSON that e2e tests, benchmarks and the demo import into a real n8n
 * (tools/n8n): nodes, a Manual Trigger, linear connections, credentials pointing at the WeChat simulator,
 * and the shipped examples/ adapted for a run.
 *
 *   const { node, manualTrigger, chain, apiCredential, callbackCredential, example, withManualTrigger } = require('../tools/workflows');
 *   const workflow = {
 *     id: 'benchFlow01', name: 'bench: ...',
 *     nodes: [manualTrigger(), node('Recipients', 'n8n-nodes-base.code', 220, { jsCode }), node('Send', type, 440, params, { credentials })],
 *     connections: chain('Manual', 'Recipients', 'Send'),
 *   };
 *   await n8n.importCredentials([apiCredential(OA_REF, 'weChatOfficialAccountApi', DEFAULT_APPS.oa, sim.url)]);
 */
const fs = require('fs');
const path = require('path');

const REPO_ROOT = path.resolve(__dirname, '..');
const EXAMPLES = path.join(REPO_ROOT, 'examples');

/** typeVersion of n8n's built-in nodes as the tests and benchmarks use them; 1 for any other type. */
const TYPE_VERSIONS = {
	'n8n-nodes-base.code': 2,
	'n8n-nodes-base.httpRequest': 4.2,
};

/**
 * One node at (x, 0). `extra` adds or overrides fields (credentials, webhookId, onError, typeVersion, id...).
 * The id is derived from the name (unique within a workflow as names are).
 */
function node(name, type, x, parameters = {}, extra = {}) {
	return {
		id: `node-${name.replace(/\W+/g, '-').toLowerCase()}`,
		name,
		type,
		typeVersion: TYPE_VERSIONS[type] || 1,
		position: [x, 0],
		parameters,
		...extra,
	};
}

/** n8n's Manual Trigger (what `n8n execute` starts), named 'Manual' unless told. */
function manualTrigger(x = 0, name = 'Manual') {
	return node(name, 'n8n-nodes-base.manualTrigger', x, {});
}

/** Connections of a straight line of nodes: chain('A', 'B', 'C') connects A -> B -> C (main output 0). */
function chain(...names) {
	return Object.fromEntries(names.slice(0, -1).map((name, i) => [name, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]));
}

/** The data of a WeChat API credential (Official Account or Mini Program) for a simulator app, stable token. */
function apiCredentialData(app, baseUrl) {
	return { appId: app.appId, appSecret: app.secret, tokenSource: 'stable', baseUrl, accessToken: '', expiresAt: 0 };
}

/** A credential for n8n.importCredentials(): ref = { id, name } (as the workflow's nodes refer to it). */
function apiCredential(ref, type, app, baseUrl) {
	return { ...ref, type, data: apiCredentialData(app, baseUrl) };
}

/**
 * A WeChat Callback credential for n8n.importCredentials(): ref = { id, name }; wechat = { appId, token,
 * encodingAesKey } (previousEncodingAesKey '' unless given), as the simulator's callback client signs with.
 */
function callbackCredential(ref, wechat) {
	const { appId, token, encodingAesKey, previousEncodingAesKey = '' } = wechat;
	return { ...ref, type: 'weChatCallbackApi', data: { appId, token, encodingAesKey, previousEncodingAesKey } };
}

/** A fresh copy of examples/<file>. */
function example(file) {
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));
}

/** The workflow with its trigger (a Schedule Trigger unless told) turned into a Manual Trigger of the same name. */
function withManualTrigger(workflow, triggerType = 'n8n-nodes-base.scheduleTrigger') {
	const trigger = workflow.nodes.find((n) => n.type === triggerType);
	if (!trigger) throw new Error(`${workflow.name}: no ${triggerType} node`);
	Object.assign(trigger, { type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} });
	return workflow;
}

/** The workflow's Official Account "send template message" node. */
function templateSendNode(workflow) {
	const send = workflow.nodes.find((n) => n.type.endsWith('.weChatOfficialAccount') && n.parameters.resource === 'templateMessage');
	if (!send) throw new Error(`${workflow.name}: no template message node`);
	return send;
}

module.exports = { node, manualTrigger, chain, apiCredentialData, apiCredential, callbackCredential, example, withManualTrigger, templateSendNode, TYPE_VERSIONS };
