'use strict';
/**
 * The package as a user meets it in n8n 2.41.1's editor, in a real browser (Debian's Chromium driven by
 * playwright-core, tools/n8n/editor.js): the nodes panel's search, the app nodes' actions grouped by
 * resource, one-click adding of an action, the node's name and Resource/Operation in the NDV, and a template
 * picked from the simulator's list laying out its keywords as fields (the canvas subtitle naming it).
 * One n8n instance, one simulator (WeChat) and one browser for the file; needs `npm run build` first and /usr/bin/chromium
 * (`.ci/run` installs it). Screenshots of every step: $E2E_SCREENSHOTS, else test/e2e/screenshots/editor/
 * (git-ignored; the folder is printed at the end, and in the message of a failed step).
 *
 * Runs on n8n 2.41.1 only: in the e2e project of another n8n version (jest.config.js, E2E_N8N_VERSION) the
 * whole file is skipped, with the reason in its title (1.x has another editor).
 */
const fs = require('fs');
const path = require('path');
const { N8nInstance, REPO_ROOT } = require('../../tools/n8n');
const { openEditor } = require('../../tools/n8n/editor');
const { startSimulator, DEFAULT_APPS } = require('../../tools/simulator');
const { apiCredentialData, callbackCredential, chain, manualTrigger, node } = require('../../tools/workflows');

const EDITOR_N8N_VERSION = '2.41.1';
const project = process.env.E2E_N8N_VERSION || EDITOR_N8N_VERSION;
const runs = project === EDITOR_N8N_VERSION;
const SCREENSHOTS = path.join(process.env.E2E_SCREENSHOTS || path.join(REPO_ROOT, 'test', 'e2e', 'screenshots'), 'editor');
/**
 * README_PICTURES=1 copies these screenshots over the README's pictures (examples/screenshots/), so the
 * README shows what this run of n8n showed.
 */
const README_PICTURES = {
	'07-template-keywords-laid-out.png': 'template-fields.png',
	'10-crm-flow-outcomes.png': 'crm-flow.png',
	'11-crm-output.png': 'crm-outcomes.png',
	'12-trigger-setup.png': 'trigger-setup.png',
};

const PKG = 'n8n-nodes-wechat-platform';
const OLD_NODE_NAMES = [
	'WeChat Send Template Message',
	'WeChat Get Followers',
	'WeChat Resolve UnionID',
	'WeChat Send Subscribe Message',
	'WeChat JS-SDK Sign',
];

/**
 * What the panel should list for an app node, from its built description: per resource, the heading n8n
 * shows ("<Resource> Actions") and the `action` strings of that resource's operations.
 */
function expectedActionGroups(dir, className) {
	const { [className]: NodeClass } = require(path.join(REPO_ROOT, 'dist', 'nodes', dir, `${dir}.node.js`));
	const { properties } = new NodeClass().description;
	const resource = properties.find((p) => p.name === 'resource');
	const groups = {};
	for (const option of resource.options) {
		const operations = properties.filter((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(option.value));
		groups[`${option.name} Actions`] = operations.flatMap((p) => p.options.map((o) => o.action)).sort();
	}
	return groups;
}

/** The node types package.json lists (what n8n loads from the package), from the built descriptions. */
function packageNodeTypes() {
	const { n8n: manifest } = require(path.join(REPO_ROOT, 'package.json'));
	return manifest.nodes
		.map((file) => Object.values(require(path.join(REPO_ROOT, file)))[0])
		.map((NodeClass) => `${PKG}.${new NodeClass().description.name}`)
		.sort();
}

/** The panel's action rows, by group (label): { "Template Message Actions": ["Send a template message"], ... }. */
function actionGroups(entries, type) {
	const groups = {};
	for (const e of entries.filter((e) => e.kind === 'action' && e.type === type)) (groups[e.group] ||= []).push(e.name);
	for (const names of Object.values(groups)) names.sort();
	return groups;
}

let n8n;
let editor;
let sim;

const OA_CREDENTIAL = { id: 'wechatOaEditor', name: 'WeChat Official Account' };
const CALLBACK_CREDENTIAL = { id: 'wechatCallbackEditor', name: 'WeChat Callback' };
/** Customers 0..2 follow the account, 41 does not; their fields are named like the template's keywords. */
const CUSTOMERS = [0, 1, 2, 41];

/** A CRM flow as a user builds it: Manual -> Customers -> Send a template message (template picked, keywords not yet mapped). */
function crmWorkflow() {
	const customers = CUSTOMERS.map((i) => ({
		name: `Customer ${i}`,
		openid: sim.person(i).oaOpenId,
		thing1: `Coffee beans ${i}`,
		amount2: `¥${100 + i}.00`,
		time3: '2024-05-01 10:00',
		character_string4: `SO-${30000 + i}`,
	}));
	return {
		id: 'wechatEditorCrm',
		name: 'CRM: payment received',
		nodes: [
			manualTrigger(0),
			node('Customers', 'n8n-nodes-base.code', 220, { jsCode: `return ${JSON.stringify(customers)}.map((json) => ({ json }));` }),
			node('Send a template message', `${PKG}.weChatOfficialAccount`, 440, {
				resource: 'templateMessage',
				operation: 'send',
				template: { __rl: true, mode: 'list', value: 'TPL_PAYMENT', cachedResultName: 'Payment received' },
				options: {},
			}, { typeVersion: 1.1, credentials: { weChatOfficialAccountApi: OA_CREDENTIAL } }),
		],
		connections: chain('Manual', 'Customers', 'Send a template message'),
		settings: { executionOrder: 'v1' },
	};
}

const triggerWorkflow = {
	id: 'wechatEditorTrigger',
	name: 'WeChat messages',
	nodes: [
		node('WeChat Trigger', `${PKG}.weChatTrigger`, 0, {}, { webhookId: 'b7a0c3e2-5d1f-4c8e-9a21-3f6d2e4b8c10', credentials: { weChatCallbackApi: CALLBACK_CREDENTIAL } }),
		// Messages Of: a third-party platform's authorized accounts (one URL to paste, with $APPID$ in it)
		node('Merchant Messages', `${PKG}.weChatTrigger`, 400, { messagesOf: 'platform' }, { webhookId: 'b7a0c3e2-5d1f-4c8e-9a21-3f6d2e4b8c11', credentials: { weChatCallbackApi: CALLBACK_CREDENTIAL } }),
	],
	connections: {},
	settings: {},
};

/** Runs a step; on failure takes a screenshot and says where the screenshots are. */
async function step(name, fn) {
	try {
		return await fn();
	} catch (error) {
		const shot = editor ? await editor.screenshot(`FAILED-${name}`).catch(() => undefined) : undefined;
		error.message += `\n\nScreenshots: ${SCREENSHOTS}${shot ? ` (this failure: ${path.basename(shot)})` : ''}`;
		if (editor && editor.problems.length) error.message += `\nBrowser problems: ${editor.problems.slice(-10).join('\n  ')}`;
		throw error;
	}
}

const title = runs
	? `n8n ${EDITOR_N8N_VERSION} editor in Chromium: the WeChat nodes in the nodes panel, actions, canvas and NDV`
	: `n8n editor in Chromium (skipped on n8n ${project}: this test drives n8n ${EDITOR_N8N_VERSION}'s editor only)`;

if (!runs) process.stdout.write(`test/e2e/editor.test.js: skipped on n8n ${project} (drives n8n ${EDITOR_N8N_VERSION}'s editor only)\n`);

(runs ? describe : describe.skip)(title, () => {
	beforeAll(async () => {
		fs.mkdirSync(SCREENSHOTS, { recursive: true });
		for (const f of fs.readdirSync(SCREENSHOTS)) if (f.endsWith('.png')) fs.rmSync(path.join(SCREENSHOTS, f));
		// The simulator is WeChat: the Official Account credential points at it, so the template list loads.
		sim = await startSimulator({ port: 0 });
		sim.seedFollowers(40);
		n8n = new N8nInstance({ version: EDITOR_N8N_VERSION });
		await n8n.prepare();
		await n8n.importCredentials([
			{ ...OA_CREDENTIAL, type: 'weChatOfficialAccountApi', data: apiCredentialData(DEFAULT_APPS.oa, sim.url) },
			callbackCredential(CALLBACK_CREDENTIAL, { appId: DEFAULT_APPS.oa.appId, token: 'editorToken123', encodingAesKey: 'a'.repeat(43) }),
		]);
		await n8n.importWorkflows([crmWorkflow(), triggerWorkflow]);
		await n8n.start();
		editor = await step('open-editor', () => openEditor(n8n, { screenshotDir: SCREENSHOTS }));
	}, 35 * 60_000);

	afterAll(async () => {
		if (editor) await editor.close();
		if (n8n) await n8n.stop();
		if (sim) await sim.stop();
		if (editor) process.stdout.write(`editor screenshots (${editor.screenshots.length}): ${SCREENSHOTS}\n`);
		if (process.env.README_PICTURES === '1') {
			const pictures = path.join(REPO_ROOT, 'examples', 'screenshots');
			fs.mkdirSync(pictures, { recursive: true });
			for (const [shot, picture] of Object.entries(README_PICTURES)) {
				if (fs.existsSync(path.join(SCREENSHOTS, shot))) fs.copyFileSync(path.join(SCREENSHOTS, shot), path.join(pictures, picture));
			}
			process.stdout.write(`README pictures refreshed in ${pictures}\n`);
		}
	}, 60_000);

	test('searching "WeChat" shows every node of the package (the two app nodes, the trigger, WeChat Reply, ...) and none of the old single-purpose nodes', () =>
		step('search', async () => {
			await editor.openNodesPanel();
			const entries = await editor.search('WeChat');
			await editor.screenshot('01-search-wechat');
			const ours = entries.filter((e) => e.type && e.type.startsWith(`${PKG}.`)).map(({ name, type }) => ({ name, type }));
			// n8n's panel shows a trigger's display name without " Trigger": "WeChat Events Trigger" is listed as
			// "WeChat Events" (a trigger named just "WeChat Trigger" would read "WeChat", like the whole package).
			expect(ours).toEqual(
				expect.arrayContaining([
					{ name: 'WeChat Official Account', type: `${PKG}.weChatOfficialAccount` },
					{ name: 'WeChat Mini Program', type: `${PKG}.weChatMiniProgram` },
					{ name: 'WeChat Events', type: `${PKG}.weChatTrigger` },
					{ name: 'WeChat Reply', type: `${PKG}.weChatReply` },
				]),
			);
			// every node the package lists, once (and nothing else of ours)
			expect(ours.map((e) => e.type).sort()).toEqual(packageNodeTypes());
			const names = entries.map((e) => e.name);
			for (const old of OLD_NODE_NAMES) expect(names).not.toContain(old);
		}));

	test('"WeChat Events" lists the trigger\'s events by name ("On menu click"), not by n8n\'s generated "On event menu click click"', () =>
		step('trigger-events', async () => {
			const entries = await editor.clickEntry('WeChat Events');
			await editor.screenshot('01b-trigger-events');
			const names = entries.map((e) => e.name);
			expect(names).toEqual(expect.arrayContaining(['On menu click', 'On QR code scan by a follower', 'On text message', 'On template message result']));
			expect(names.filter((n) => /^On event |^On message /.test(n))).toEqual([]);
			await editor.closeNodesPanel();
			await editor.openNodesPanel();
			await editor.search('WeChat');
		}));

	test('"WeChat Official Account" lists its actions grouped by resource, "Send a template message" and "Get many followers" among them', () =>
		step('official-account-actions', async () => {
			const entries = await editor.clickEntry('WeChat Official Account');
			await editor.screenshot('02-official-account-actions');
			const groups = actionGroups(entries, `${PKG}.weChatOfficialAccount`);
			expect(groups['Template Message Actions']).toContain('Send a template message');
			expect(groups['Follower Actions']).toContain('Get many followers');
			// every resource is a heading with exactly the actions of its operations
			expect(groups).toEqual(expectedActionGroups('WeChatOfficialAccount', 'WeChatOfficialAccount'));
			expect(entries.filter((e) => e.kind === 'label').map((e) => e.name)).toEqual(Object.keys(groups));
		}));

	test('clicking "Send a template message" adds the node in one click, named after the action, Resource "Template Message", Operation "Send"', () =>
		step('add-template-message', async () => {
			const after = await editor.clickEntry('Send a template message');
			// no second "Node details" page with an "Add to workflow" row: the panel closed and the NDV opened
			expect(after).toEqual([]);
			expect(await editor.panelOpen()).toBe(false);
			expect(await editor.ndvTitle()).toBe('Send a template message');
			expect(await editor.parameterValue('resource')).toBe('Template Message');
			expect(await editor.parameterValue('operation')).toBe('Send');
			await editor.screenshot('03-ndv-send-a-template-message');
			await editor.closeNdv();
			expect(await editor.canvasNodeNames()).toContain('Send a template message');
			await editor.screenshot('04-canvas');
		}));

	test('picking "Payment received" from the simulator\'s list in "Send a template message" lays out its keywords as fields (no Color), and the canvas names the template', () =>
		step('template-keywords', async () => {
			const { page } = editor;
			const tid = (id) => `[data-test-id="${id}"]`;
			await page.locator(`${tid('canvas-node')}[data-node-name="Send a template message"]`).dblclick();
			const ndv = page.locator(tid('ndv'));
			await ndv.waitFor();
			// The only Official Account credential is selected for a new node; the list comes from the simulator.
			// No keyword section (and no error) before a template is picked.
			expect(await ndv.locator(tid('resource-mapper-container')).count()).toBe(0);
			await ndv.locator(`${tid('parameter-input-template')} ${tid('rlc-input')}`).click();
			const payment = page.locator(`${tid('rlc-item')}:visible`).filter({ hasText: 'Payment received' });
			await payment.first().waitFor();
			await editor.screenshot('06-template-list');
			await payment.first().click();
			const fields = ndv.locator(tid('mapping-fields-container'));
			await fields.waitFor({ timeout: 30_000 });
			await fields.getByText('character_string4 (character_string)').waitFor();
			const text = await ndv.locator(tid('resource-mapper-container')).innerText();
			for (const label of ['thing1 (thing)', 'amount2 (amount)', 'time3 (time)', 'character_string4 (character_string)']) {
				expect(text).toContain(label);
			}
			expect(text).not.toMatch(/Color/);
			expect(await editor.parameterValue('dataMode')).toBe('Map Template Keywords');
			// n8n 2.41.1 words the mode "Map Each Column Manually" (its resource mapper's own text)
			expect(await ndv.locator(`${tid('mapping-mode-select')} input`).first().inputValue()).toMatch(/^Map Each \w+ Manually$/);
			await editor.screenshot('07-template-keywords-laid-out');
			await editor.closeNdv();
			const node = page.locator(`${tid('canvas-node')}[data-node-name="Send a template message"]`);
			await node.getByText('Send: Payment received').waitFor({ timeout: 10_000 });
			await editor.screenshot('08-canvas-subtitle');
		}));

	test('"WeChat Mini Program" lists "Send a subscribe message"', () =>
		step('mini-program-actions', async () => {
			await editor.openNodesPanel();
			await editor.search('WeChat');
			const entries = await editor.clickEntry('WeChat Mini Program');
			await editor.screenshot('05-mini-program-actions');
			const groups = actionGroups(entries, `${PKG}.weChatMiniProgram`);
			expect(groups['Subscribe Message Actions']).toContain('Send a subscribe message');
			expect(groups).toEqual(expectedActionGroups('WeChatMiniProgram', 'WeChatMiniProgram'));
		}));
	test('the CRM flow: "Map Automatically" chosen in the editor, executed from the editor; the output reads outcome first, sent and notFollowing, with the customer\'s name, and n8n\'s notice counts the unsent', () =>
		step('crm-flow', async () => {
			const { page } = editor;
			const tid = (id) => `[data-test-id="${id}"]`;
			await editor.openWorkflow('wechatEditorCrm');
			await editor.openNode('Send a template message');
			const ndv = page.locator(tid('ndv'));
			await ndv.locator(tid('mapping-fields-container')).waitFor({ timeout: 30_000 });
			await ndv.locator(tid('mapping-mode-select')).click();
			// each option of the dropdown shows its name and a description line: click the name
			await page.getByText('Map Automatically', { exact: true }).first().click();
			// In automatic mode no keyword field is left to fill in: each comes from the input field of its name.
			await ndv.locator(tid('mapping-fields-container')).waitFor({ state: 'detached', timeout: 10_000 });
			expect(await ndv.locator(`${tid('mapping-mode-select')} input`).first().inputValue()).toBe('Map Automatically');
			expect(await ndv.locator(tid('empty-fields-notice')).count()).toBe(0);
			await editor.screenshot('09-crm-map-automatically');
			await editor.closeNdv();

			await editor.executeWorkflow(['Customers', 'Send a template message']);
			await editor.screenshot('10-crm-flow-outcomes');
			expect(sim.templateDeliveries.map((d) => d.touser).sort()).toEqual([0, 1, 2].map((i) => sim.person(i).oaOpenId).sort());
			expect(sim.templateDeliveries[0].data).toEqual(expect.objectContaining({ thing1: expect.objectContaining({ value: expect.stringMatching(/^Coffee beans \d$/) }) }));

			await editor.openNode('Send a template message');
			const output = ndv.locator(tid('output-panel'));
			await output.getByText('notFollowing').first().waitFor({ timeout: 15_000 });
			const text = await output.innerText();
			expect(text).toMatch(/4 items/);
			for (const i of CUSTOMERS) expect(text).toContain(`Customer ${i}`);
			const outcomes = await output.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.querySelector('td')?.innerText.trim()));
			expect(outcomes).toEqual(['sent', 'sent', 'sent', 'notFollowing']);
			// outcome and reason are the first columns: the table's header starts with them
			const headers = await output.locator('th').allInnerTexts();
			expect(headers.map((h) => h.trim().split('\n')[0]).filter(Boolean).slice(0, 2)).toEqual(['outcome', 'reason']);
			expect(text).toMatch(/1 of 4 recipients were not sent \(1 notFollowing\)/);
			await editor.screenshot('11-crm-output');
			await editor.closeNdv();
		}));

	test('the WeChat Trigger\'s setup reads in n8n 2.x\'s words: a short notice that says Publish, the Production URL and the credential', () =>
		step('trigger-setup', async () => {
			await editor.openWorkflow('wechatEditorTrigger');
			await editor.openNode('WeChat Trigger');
			const ndv = editor.page.locator('[data-test-id="ndv"]');
			const notice = ndv.getByText(/Publish the workflow first/);
			await notice.first().waitFor();
			const words = (await notice.first().innerText()).trim().split(/\s+/).length;
			expect(words).toBeLessThanOrEqual(45);
			// the URL the notice points to: Webhook URLs, above it
			await ndv.getByText('Webhook URLs').first().click();
			await ndv.getByText('Production URL', { exact: true }).first().click();
			await ndv.getByText(/\/webhook\/b7a0c3e2-5d1f-4c8e-9a21-3f6d2e4b8c10\/callback/).first().waitFor();
			await editor.screenshot('12-trigger-setup');
			await editor.closeNdv();

			// Platform mode: the one URL to paste is …/callback/$APPID$ (not the account URL, not n8n's :parameter form).
			await editor.openNode('Merchant Messages');
			await ndv.getByText(/open platform's development settings/).first().waitFor();
			await ndv.getByText('Webhook URLs').first().click();
			await ndv.getByText('Production URL', { exact: true }).first().click();
			await ndv.getByText('/webhook/b7a0c3e2-5d1f-4c8e-9a21-3f6d2e4b8c11/callback/$APPID$').first().waitFor();
			const text = await ndv.innerText();
			expect(text).not.toMatch(/:authorizerAppId/);
			expect(text.match(/b7a0c3e2-5d1f-4c8e-9a21-3f6d2e4b8c11\/callback\S*/g)).toEqual(['b7a0c3e2-5d1f-4c8e-9a21-3f6d2e4b8c11/callback/$APPID$']);
			await editor.screenshot('13-trigger-platform-setup');
			await editor.closeNdv();
		}));
});
