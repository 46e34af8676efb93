'use strict';
/**
 * The shipped examples/ in the demo (scripts/demo.js, step 3): read them all (tools/workflows `example`),
 * import the three credentials they reference pointing at the simulator (tools/workflows `apiCredential`,
 * `callbackCredential`), swap their template ID placeholders for the simulator's templates, import them.
 * The lookups (hasWebhook, nodeOfType, credentialRefs) are shared with the flows and the closing summary.
 */
const fs = require('fs');
const path = require('path');

const { DEFAULT_APPS } = require('../../tools/simulator');
const { apiCredential, callbackCredential, example } = require('../../tools/workflows');
const { step } = require('./output');
const { ROOT, CALLBACK, OA_TEMPLATE, MP_TEMPLATE, DEFAULT_CREDENTIALS } = require('./settings');

/** Every examples/*.json, sorted by file name: [{ file, workflow }]. */
function readExamples() {
	return fs
		.readdirSync(path.join(ROOT, 'examples'))
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: example(file) }));
}

const isPlaceholder = (template) => !template || !template.value || /^REPLACE_/i.test(String(template.value));
const hasWebhook = (workflow) =>
	workflow.nodes.some((node) => node.type === 'n8n-nodes-base.webhook' || node.type.endsWith('.weChatTrigger'));
const nodeOfType = (workflow, suffix) => workflow.nodes.find((node) => node.type.endsWith(suffix));

/** The credentials the examples reference (id and name per type), plus the ones none references. */
function credentialRefs(examples) {
	const refs = { ...DEFAULT_CREDENTIALS };
	for (const { workflow } of examples) {
		for (const node of workflow.nodes) {
			for (const [type, ref] of Object.entries(node.credentials || {})) if (ref && ref.id) refs[type] = { id: ref.id, name: ref.name || ref.id };
		}
	}
	return refs;
}

async function importEverything(n8n, sim, examples) {
	const refs = credentialRefs(examples);
	const credentials = [
		apiCredential(refs.weChatOfficialAccountApi, 'weChatOfficialAccountApi', DEFAULT_APPS.oa, sim.url),
		apiCredential(refs.weChatMiniProgramApi, 'weChatMiniProgramApi', DEFAULT_APPS.mp, sim.url),
		callbackCredential(refs.weChatCallbackApi, { appId: DEFAULT_APPS.oa.appId, ...CALLBACK }),
	];
	await step(`importing 3 credentials (${credentials.map((c) => c.name).join(', ')}) pointing at the simulator`, () =>
		n8n.importCredentials(credentials),
	);

	// The examples ship with a template ID placeholder: use the simulator's template with the same keywords.
	for (const { workflow } of examples) {
		for (const node of workflow.nodes) {
			if (node.type.endsWith('.weChatOfficialAccount') && node.parameters.resource === 'templateMessage' && isPlaceholder(node.parameters.template)) node.parameters.template = { ...OA_TEMPLATE };
			if (node.type.endsWith('.weChatMiniProgram') && node.parameters.resource === 'subscribeMessage' && isPlaceholder(node.parameters.template)) node.parameters.template = { ...MP_TEMPLATE };
		}
	}
	await step(`importing ${examples.length} example workflows (${examples.map((e) => e.file).join(', ')})`, () =>
		n8n.importWorkflows(examples.map((e) => e.workflow)),
	);
}

module.exports = { readExamples, hasWebhook, nodeOfType, credentialRefs, importEverything };
