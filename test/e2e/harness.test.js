'use strict';
/**
 * Proves the real-n8n harness with n8n's BUILT-IN nodes only:
 *  (a) Manual Trigger -> Set via `n8n execute`;
 *  (b) an active Webhook (responseMode lastNode) over HTTP, exactly one stored execution.
 * Queue mode (redis + PostgreSQL + main + 2 workers) is proven where the package needs it, with the same
 * harness: test/e2e/queueMode.test.js (200 executions, all finished by the workers).
 * It also checks that the built package is installed where n8n loads community packages from.
 */
const fs = require('fs');
const path = require('path');
const axios = require('axios');
const { N8nInstance } = require('../../tools/n8n');

const PKG = require('../../package.json');
const HOOK_PATH = 'e2e-harness-echo';

const manualWorkflow = {
	id: 'e2eManualSet0001',
	name: 'e2e manual set',
	nodes: [
		{ id: 'm1', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'm2',
			name: 'Set',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
			parameters: {
				assignments: {
					assignments: [
						{ id: 'a1', name: 'hello', value: 'world', type: 'string' },
						{ id: 'a2', name: 'sum', value: '={{ 20 + 22 }}', type: 'number' },
					],
				},
				options: {},
			},
		},
	],
	connections: { Manual: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
};

const webhookWorkflow = {
	id: 'e2eWebhookEcho01',
	name: 'e2e webhook echo',
	nodes: [
		{
			id: 'w1',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '5b0c7f4e-2f1a-4c39-9d8e-e2e000000001',
			parameters: { httpMethod: 'POST', path: HOOK_PATH, responseMode: 'lastNode', options: {} },
		},
		{
			id: 'w2',
			name: 'Echo',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
			parameters: {
				assignments: {
					assignments: [
						{ id: 'e1', name: 'echo', value: '={{ $json.body.n }}', type: 'number' },
						{ id: 'e2', name: 'doubled', value: '={{ $json.body.n * 2 }}', type: 'number' },
					],
				},
				options: {},
			},
		},
	],
	connections: { Webhook: { main: [[{ node: 'Echo', type: 'main', index: 0 }]] } },
};

/** The package is where n8n looks, and n8n loaded every node type it lists. */
function expectPackageInstalled(n8n) {
	const installed = n8n.installedPackageDir;
	expect(installed).toBe(path.join(n8n.userFolder, '.n8n', 'nodes', 'node_modules', PKG.name));
	expect(JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')).name).toBe(PKG.name);
	expect(fs.existsSync(path.join(installed, 'dist'))).toBe(true);
	const holder = JSON.parse(fs.readFileSync(path.join(n8n.userFolder, '.n8n', 'nodes', 'package.json'), 'utf8'));
	expect(holder.dependencies[PKG.name]).toBe(PKG.version);
	const main = n8n.log('main');
	expect(main).not.toMatch(new RegExp(`(Skipping package|Failed to load package)[^\\n]*${PKG.name}`));
	const ours = n8n.loadedNodeTypes().filter((t) => t.name.startsWith(`${PKG.name}.`));
	const listed = (PKG.n8n && PKG.n8n.nodes) || [];
	// One type per listed node file at least (versioned nodes add entries).
	expect(ours.length).toBeGreaterThanOrEqual(listed.length);
	const credentials = n8n.loadedCredentialTypes().map((c) => c.name);
	expect(credentials.length).toBeGreaterThan(0);
}

describe('real n8n harness: single process', () => {
	const n8n = new N8nInstance({ queue: false });

	beforeAll(async () => {
		await n8n.prepare();
		await n8n.importWorkflows([manualWorkflow, webhookWorkflow]);
	}, 35 * 60_000);

	afterAll(async () => {
		await n8n.stop();
	}, 60_000);

	test('(a) Manual Trigger -> Set runs through `n8n execute`', async () => {
		const result = await n8n.execute(manualWorkflow.id);
		expect(result.status).toBe('success');
		expect(n8n.outputOf(result, 'Set')).toEqual([{ hello: 'world', sum: 42 }]);
	}, 120_000);

	test('(b) an active Webhook answers over HTTP and stores exactly one execution', async () => {
		await n8n.activate(webhookWorkflow.id);
		await n8n.start();
		expectPackageInstalled(n8n);
		expect((await n8n.webhooks()).map((w) => w.webhookPath)).toContain(HOOK_PATH);

		const response = await axios.post(n8n.webhookUrl(HOOK_PATH), { n: 21 }, { timeout: 30_000 });
		expect(response.status).toBe(200);
		expect(response.data).toEqual({ echo: 21, doubled: 42 });

		const executions = await n8n.waitForExecutions({ workflowId: webhookWorkflow.id, count: 1 });
		expect(executions).toHaveLength(1);
		expect(executions[0]).toMatchObject({ status: 'success', mode: 'webhook', workflowId: webhookWorkflow.id });
		const data = await n8n.executionData(executions[0].id);
		expect(n8n.outputOf(data, 'Echo')).toEqual([{ echo: 21, doubled: 42 }]);

		// an unknown path starts nothing
		const missing = await axios.post(n8n.webhookUrl('no-such-hook'), {}, { validateStatus: () => true });
		expect(missing.status).toBe(404);
		expect(await n8n.executions({ workflowId: webhookWorkflow.id })).toHaveLength(1);
	}, 240_000);
});
