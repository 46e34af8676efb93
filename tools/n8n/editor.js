'use strict';
/**
 * Drives n8n's editor (2.x) in Debian's Chromium through playwright-core, for tests of the package as a user
 * meets it: the nodes panel, the actions of a node, the canvas and the node details view (NDV).
 *
 *   const { openEditor } = require('../../tools/n8n/editor');
 *   const editor = await openEditor(n8n, { screenshotDir });  // n8n: a started N8nInstance (fresh or not)
 *   await editor.openNodesPanel();            // the panel of a new workflow ("What triggers this workflow?")
 *   await editor.search('WeChat');
 *   await editor.panelEntries();              // [{ kind, name, description, type }], as shown, in order
 *   await editor.clickEntry('WeChat Official Account');   // a node, an action or a category, by its name
 *   await editor.canvasNodeNames();           // names of the nodes on the canvas
 *   await editor.ndvTitle(); await editor.parameterValue('operation');   // the open NDV
 *   await editor.screenshot('01-search');     // -> <screenshotDir>/01-search.png
 *   await editor.close();
 *
 * What it does: creates the owner account (POST /rest/owner/setup {email, firstName, lastName, password},
 * as n8n's setup screen does; a 400 means there already is one) and logs in (POST /rest/login
 * {emailOrLdapLoginId, password}) from the browser context, so the session cookie is the browser's. The
 * cookie is not bound to a browser id (n8n binds it only when the login request sends a `browser-id`
 * header). Chromium: /usr/bin/chromium (Debian's, or $E2E_CHROMIUM), headless, a fresh user data dir, no
 * network but loopback in practice (background networking off; n8n's offline env comes from the harness;
 * the panel's npm lookup of a community package just fails). playwright-core never downloads a browser.
 *
 * Selectors: n8n's own `data-test-id` attributes (2.41.1): node-creator-plus-button, node-creator,
 * node-creator-search-bar (the <input>), item-iterator-item (one panel row; data-keyboard-nav-type
 * node | action | category | subcategory | view, none for a label row; data-keyboard-nav-id
 * "<node type>-<uuid>" for nodes and actions), node-creator-item-name, node-creator-item-description,
 * canvas-node (data-node-name), ndv, inline-edit-preview (the NDV title), parameter-input-<name>.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
const OWNER = { email: 'e2e-owner@example.com', firstName: 'E2E', lastName: 'Owner', password: 'E2eOwner12345' };
const TIMEOUT_MS = 20_000;

const tid = (id) => `[data-test-id="${id}"]`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates the owner (once per instance) and logs in with the browser context's request API. */
async function setupOwnerAndLogin(context, baseUrl, owner = OWNER) {
	const setup = await context.request.post(`${baseUrl}/rest/owner/setup`, { data: owner, failOnStatusCode: false });
	if (!setup.ok() && setup.status() !== 400) {
		throw new Error(`POST /rest/owner/setup answered ${setup.status()}: ${(await setup.text()).slice(0, 300)}`);
	}
	const login = await context.request.post(`${baseUrl}/rest/login`, {
		data: { emailOrLdapLoginId: owner.email, password: owner.password },
		failOnStatusCode: false,
	});
	if (!login.ok()) throw new Error(`POST /rest/login answered ${login.status()}: ${(await login.text()).slice(0, 300)}`);
	return owner;
}

class N8nEditor {
	constructor(n8n, { screenshotDir, viewport = { width: 1440, height: 900 } } = {}) {
		if (!n8n || !n8n.baseUrl) throw new Error('openEditor needs a started N8nInstance (await n8n.start())');
		this.n8n = n8n;
		this.baseUrl = n8n.baseUrl;
		this.screenshotDir = screenshotDir || fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-editor-screens-'));
		this.viewport = viewport;
		this.screenshots = [];
		/** console errors and failed requests of the page (offline lookups among them), for failure messages */
		this.problems = [];
	}

	async launch() {
		if (!fs.existsSync(CHROMIUM)) {
			throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (Debian's; .ci/run does), or set E2E_CHROMIUM`);
		}
		fs.mkdirSync(this.screenshotDir, { recursive: true });
		this.userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-editor-chromium-'));
		this.context = await chromium.launchPersistentContext(this.userDataDir, {
			executablePath: CHROMIUM,
			headless: true,
			args: CHROMIUM_ARGS,
			viewport: this.viewport,
		});
		this.context.setDefaultTimeout(TIMEOUT_MS);
		this.page = this.context.pages()[0] || (await this.context.newPage());
		this.page.on('console', (m) => m.type() === 'error' && this.problems.push(`console: ${m.text().slice(0, 200)}`));
		this.page.on('requestfailed', (r) => this.problems.push(`request failed: ${r.url().slice(0, 150)}`));
		// Leaving a workflow with unsaved changes (openWorkflow after adding nodes) asks before unloading: leave.
		this.page.on('dialog', (d) => (d.type() === 'beforeunload' ? d.accept() : d.dismiss()).catch(() => {}));
		this.owner = await setupOwnerAndLogin(this.context, this.baseUrl);
		return this;
	}

	/** Opens a new, empty workflow in the editor and waits for its canvas. */
	async newWorkflow() {
		await this.page.goto(`${this.baseUrl}/workflow/new`);
		await this.page.locator(tid('canvas')).first().waitFor();
		await this.page.locator(tid('node-creator-plus-button')).waitFor();
		await this.dismissModals();
	}

	/** Opens a stored (imported) workflow in the editor and waits for its nodes on the canvas. */
	async openWorkflow(workflowId) {
		await this.page.goto(`${this.baseUrl}/workflow/${workflowId}`);
		await this.page.locator(tid('canvas-node')).first().waitFor();
		await this.dismissModals();
	}

	/** Opens a canvas node's NDV (double click) and waits for it. */
	async openNode(name) {
		await this.page.locator(`${tid('canvas-node')}[data-node-name="${name}"]`).dblclick();
		await this.page.locator(tid('ndv')).waitFor();
	}

	/**
	 * Runs the workflow with the canvas's "Execute workflow" button and waits until every named node shows
	 * n8n's success mark (a failed node shows its error mark: the wait then fails with a screenshot).
	 */
	async executeWorkflow(nodeNames) {
		await this.page.locator(tid('execute-workflow-button')).click();
		for (const name of nodeNames) {
			await this.page
				.locator(`${tid('canvas-node')}[data-node-name="${name}"] ${tid('canvas-node-status-success')}`)
				.waitFor({ timeout: 60_000 });
		}
	}

	/** Closes whatever onboarding dialog or coachmark n8n shows over the editor (none on 2.41.1 so far). */
	async dismissModals() {
		for (let i = 0; i < 5; i++) {
			const dialog = this.page.locator('.el-overlay-dialog:visible, [role="dialog"]:visible').filter({ hasNot: this.page.locator(tid('ndv')) });
			const coachmark = this.page.locator(`${tid('node-creator-shortcut-coachmark')}:visible`);
			if ((await dialog.count()) === 0 && (await coachmark.count()) === 0) return;
			const close = this.page.locator('.el-dialog__headerbtn:visible, [aria-label="Close"]:visible, [data-test-id$="close-button"]:visible').first();
			if (await close.count()) await close.click().catch(() => {});
			else await this.page.keyboard.press('Escape');
			await sleep(300);
		}
	}

	/** Opens the nodes panel with the canvas's "+" button (on an empty workflow: the trigger view). */
	async openNodesPanel() {
		if (!(await this.page.locator(tid('node-creator-search-bar')).isVisible())) {
			await this.page.locator(tid('node-creator-plus-button')).click();
		}
		await this.page.locator(tid('node-creator-search-bar')).waitFor();
	}

	/** Types into the panel's search field and waits until the list settles. */
	async search(text) {
		const input = this.page.locator(tid('node-creator-search-bar'));
		await input.fill('');
		await input.pressSequentially(text, { delay: 20 });
		return this._settledEntries();
	}

	/**
	 * The panel's rows, in order, as shown: { kind, name, description, type } where kind is node | action |
	 * category | subcategory | view | label (n8n's row types; a label is a heading such as "Template
	 * Message Actions"), type the node type for node/action rows (from data-keyboard-nav-id), and for rows
	 * below a label, group: that label. A trigger's name is shown without " Trigger" (n8n's panel drops it).
	 */
	async panelEntries() {
		const panel = this.page.locator(tid('node-creator'));
		await panel.waitFor();
		return panel.evaluate((root) => {
			const rows = [...root.querySelectorAll('[data-test-id="item-iterator-item"]')].filter((e) => e.offsetParent !== null);
			let group;
			return rows.map((row) => {
				const kind = row.getAttribute('data-keyboard-nav-type') || 'label';
				const nameEl = row.querySelector('[data-test-id="node-creator-item-name"]');
				const descEl = row.querySelector('[data-test-id="node-creator-item-description"]');
				const name = (nameEl ? nameEl.textContent : row.textContent).replace(/\s+/g, ' ').trim();
				const navId = row.getAttribute('data-keyboard-nav-id') || '';
				const typeMatch = /^(.+\..+?)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.exec(navId);
				const entry = { kind, name };
				if (descEl) entry.description = descEl.textContent.replace(/\s+/g, ' ').trim();
				if (typeMatch) entry.type = typeMatch[1];
				if (kind === 'label') group = name;
				else if (group) entry.group = group;
				return entry;
			});
		});
	}

	/** The panel's header (e.g. "What triggers this workflow?", "Node details"). */
	async panelHeader() {
		return (await this.page.locator(`${tid('node-creator')} ${tid('nodes-list-header')}`).first().innerText()).trim();
	}

	async _settledEntries(timeoutMs = 5000) {
		const deadline = Date.now() + timeoutMs;
		let last = JSON.stringify(await this.panelEntries());
		for (;;) {
			await sleep(400);
			const now = await this.panelEntries();
			const json = JSON.stringify(now);
			if (json === last || Date.now() > deadline) return now;
			last = json;
		}
	}

	/** Clicks the panel row with exactly this name (its first match); resolves the rows shown afterwards. */
	async clickEntry(name) {
		const row = this.page
			.locator(`${tid('node-creator')} ${tid('item-iterator-item')}`)
			.filter({ has: this.page.locator(tid('node-creator-item-name'), { hasText: new RegExp(`^\\s*${escapeRegExp(name)}\\s*$`) }) })
			.first();
		if ((await row.count()) === 0) {
			const shown = (await this.panelEntries()).map((e) => e.name);
			throw new Error(`The nodes panel has no entry named "${name}"; it shows: ${JSON.stringify(shown)}`);
		}
		await row.click();
		await sleep(300);
		if (!(await this.page.locator(tid('node-creator')).isVisible())) return [];
		return this._settledEntries();
	}

	/** Whether the nodes panel is open. */
	async panelOpen() {
		return this.page.locator(tid('node-creator')).isVisible();
	}

	/** Names of the nodes on the canvas. */
	async canvasNodeNames() {
		return this.page.locator(tid('canvas-node')).evaluateAll((els) => els.map((e) => e.getAttribute('data-node-name')));
	}

	/** Waits for the NDV (node details view) and resolves the node name in its title. */
	async ndvTitle() {
		const ndv = this.page.locator(tid('ndv'));
		await ndv.waitFor();
		return (await ndv.locator(tid('inline-edit-preview')).first().innerText()).trim();
	}

	/** The shown value of a parameter of the open NDV (option parameters: the selected option's name). */
	async parameterValue(name) {
		const input = this.page.locator(`${tid('ndv')} ${tid(`parameter-input-${name}`)}`).locator('input, textarea').first();
		await input.waitFor();
		return input.inputValue();
	}

	async closeNdv() {
		const close = this.page.locator(tid('ndv-close-button'));
		if (await close.isVisible()) await close.click();
		await this.page.locator(tid('ndv')).waitFor({ state: 'hidden' });
	}

	async closeNodesPanel() {
		if (await this.panelOpen()) await this.page.keyboard.press('Escape');
		await this.page.locator(tid('node-creator')).waitFor({ state: 'hidden' });
	}

	/** Full-page screenshot into the screenshot folder; resolves its path. */
	async screenshot(name) {
		const file = path.join(this.screenshotDir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
		await this.page.screenshot({ path: file });
		this.screenshots.push(file);
		return file;
	}

	async close() {
		if (this.context) await this.context.close().catch(() => {});
		this.context = undefined;
		if (this.userDataDir) fs.rmSync(this.userDataDir, { recursive: true, force: true });
	}
}

function escapeRegExp(text) {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Launches Chromium logged in as the owner of `n8n` and opens a new workflow. */
async function openEditor(n8n, options = {}) {
	const editor = new N8nEditor(n8n, options);
	try {
		await editor.launch();
		await editor.newWorkflow();
		return editor;
	} catch (error) {
		await editor.screenshot('open-editor-failed').catch(() => {});
		await editor.close();
		throw error;
	}
}

module.exports = { openEditor, N8nEditor, setupOwnerAndLogin, OWNER, CHROMIUM, CHROMIUM_ARGS };
