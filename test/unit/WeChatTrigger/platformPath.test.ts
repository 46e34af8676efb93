/**
 * The WeChat Trigger's webhook paths as n8n registers and finds them. The descriptions are evaluated by
 * n8n-workflow's own expression engine and getNodeWebhookPath; the table and lookup rules below are n8n's
 * (WebhookService.getNodeWebhooks / createWebhook / findDynamicWebhook and live-webhooks' parameter
 * extraction, the same in 2.41.1 and 1.123.81): rows keyed by path + method, a dynamic row stored without the
 * webhook id and found by webhook id, segment count and static segments. The e2e (test/e2e/platform.test.js)
 * proves the same in real n8n; this test shows why, for any number of nodes, in milliseconds.
 */
import type { INode } from 'n8n-workflow';

import { WeChatTrigger } from '../../../nodes/WeChatTrigger/WeChatTrigger.node';
import { authorizerAppIdOf, triggerWebhooks } from '../../../nodes/WeChatTrigger/platformPath';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Workflow, NodeHelpers } = require('n8n-workflow') as typeof import('n8n-workflow');

const type = new WeChatTrigger();
const nodeTypes = { getByName: () => type, getByNameAndVersion: () => type, getKnownTypes: () => ({}) };

const triggerNode = (name: string, webhookId: string, messagesOf?: string): INode => ({
	id: `id-${webhookId}`,
	name,
	type: 'n8n-nodes-wechat-platform.weChatTrigger',
	typeVersion: 1,
	position: [0, 0],
	webhookId,
	parameters: messagesOf ? { messagesOf } : {},
});

interface Row {
	workflowId: string;
	node: string;
	method: string;
	webhookPath: string;
	webhookId?: string;
	pathLength?: number;
}

const isDynamic = (path: string) => path.startsWith(':') || path.includes('/:');

/** n8n's getNodeWebhooks + createWebhook for one node: the rows activation stores. */
function rowsOf(workflowId: string, node: INode): Row[] {
	const workflow = new Workflow({ id: workflowId, nodes: [node], connections: {}, active: true, nodeTypes: nodeTypes as never });
	const wfNode = workflow.getNode(node.name) as INode;
	const value = (field: unknown, fallback?: unknown) => workflow.expression.getSimpleParameterValue(wfNode, field as string, 'internal', {}, undefined, fallback as never);
	const rows: Row[] = [];
	for (const description of type.description.webhooks ?? []) {
		const raw = value(description.path);
		if (raw === undefined || raw === null) continue;
		const path = NodeHelpers.getNodeWebhookPath(workflowId, wfNode, String(raw).trim().replace(/^\/|\/$/g, ''), value(description.isFullPath, false) as boolean);
		for (const method of String(value(description.httpMethod, 'GET')).split(',')) {
			if (!method) continue;
			const row: Row = { workflowId, node: node.name, method: method.trim(), webhookPath: path };
			if (isDynamic(path) && node.webhookId) Object.assign(row, { webhookId: node.webhookId, pathLength: path.split('/').length });
			rows.push(row);
		}
	}
	return rows;
}

/** n8n's table: insert, or "The URL path ... is already taken" when another workflow holds path + method. */
function activate(table: Map<string, Row>, workflowId: string, node: INode): void {
	for (const row of rowsOf(workflowId, node)) {
		const key = `${row.method} ${row.webhookPath}`;
		const existing = table.get(key);
		if (existing && existing.workflowId !== workflowId) throw new Error(`The URL path "${row.webhookPath}" is already taken`);
		table.set(key, row);
	}
}

/** n8n's findWebhook (static, then dynamic) and the path parameters live-webhooks hands the node. */
function find(table: Map<string, Row>, method: string, path: string) {
	const rows = [...table.values()];
	const hit = rows.find((r) => r.method === method && r.webhookPath === path && !r.webhookId);
	if (hit) return { row: hit, params: {} };
	const [uuid, ...rest] = path.split('/');
	const candidates = rows.filter((r) => r.webhookId === uuid && r.method === method && r.pathLength === rest.length);
	const row = candidates.find((r) => r.webhookPath.split('/').filter((s) => !s.startsWith(':')).every((s) => rest.includes(s)));
	if (!row) return undefined;
	const params: Record<string, string> = {};
	row.webhookPath.split('/').forEach((segment, i) => {
		if (segment.startsWith(':')) params[segment.slice(1)] = rest[i];
	});
	return { row, params };
}

const ID = (n: number) => `5c0d6f1e-15aa-4f00-9e15-0000000000${String(n).padStart(2, '0')}`;

describe('WeChat Trigger webhook paths in n8n', () => {
	test('one account: GET and POST …/<webhookId>/callback, unchanged; nothing else registered', () => {
		expect(rowsOf('wfA', triggerNode('WeChat Trigger', ID(1)))).toEqual([
			{ workflowId: 'wfA', node: 'WeChat Trigger', method: 'GET', webhookPath: `${ID(1)}/callback` },
			{ workflowId: 'wfA', node: 'WeChat Trigger', method: 'POST', webhookPath: `${ID(1)}/callback` },
		]);
		// A node saved before the parameter existed: the same.
		expect(rowsOf('wfA', triggerNode('WeChat Trigger', ID(1), 'account'))).toEqual(rowsOf('wfA', triggerNode('WeChat Trigger', ID(1))));
	});

	test('platform mode adds a dynamic row of its own per node (the parameter name carries the webhook id)', () => {
		expect(rowsOf('wfP', triggerNode('Platform', ID(2), 'platform'))).toEqual([
			expect.objectContaining({ method: 'GET', webhookPath: `${ID(2)}/callback` }),
			expect.objectContaining({ method: 'POST', webhookPath: `${ID(2)}/callback` }),
			{ workflowId: 'wfP', node: 'Platform', method: 'POST', webhookPath: `callback/:authorizerAppId_${ID(2)}`, webhookId: ID(2), pathLength: 2 },
		]);
	});

	test('any number of single-account and platform triggers activate side by side; each URL reaches its own node', () => {
		const table = new Map<string, Row>();
		const nodes = [
			['wf1', triggerNode('WeChat Trigger', ID(11))],
			['wf2', triggerNode('WeChat Trigger', ID(12), 'platform')],
			['wf3', triggerNode('WeChat Trigger', ID(13), 'platform')],
			['wf4', triggerNode('WeChat Trigger', ID(14), 'account')],
		] as const;
		for (const [workflowId, node] of nodes) expect(() => activate(table, workflowId, node)).not.toThrow();
		expect(find(table, 'POST', `${ID(11)}/callback`)).toMatchObject({ row: { workflowId: 'wf1' }, params: {} });
		expect(find(table, 'POST', `${ID(12)}/callback/wxmerchant0000001`)).toMatchObject({ row: { workflowId: 'wf2' } });
		const third = find(table, 'POST', `${ID(13)}/callback/wxmerchant0000002`);
		expect(third?.row.workflowId).toBe('wf3');
		expect(authorizerAppIdOf(third?.params)).toBe('wxmerchant0000002');
		// Single-account nodes have no …/callback/<AppID>; other shapes find nothing.
		expect(find(table, 'POST', `${ID(11)}/callback/wxmerchant0000001`)).toBeUndefined();
		expect(find(table, 'POST', `${ID(12)}/other/wxmerchant0000001`)).toBeUndefined();
		expect(find(table, 'POST', `${ID(12)}/callback/a/b`)).toBeUndefined();
		// The table does refuse a path another workflow holds (here a copy with the same webhook id), as n8n did
		// for every second platform trigger when the path was 'callback/:authorizerAppId' for all (09a148f).
		expect(() => activate(table, 'wf5', triggerNode('WeChat Trigger', ID(13), 'platform'))).toThrow(/already taken/);
	});

	test('the editor: single mode shows …/callback (GET, POST); platform mode only …/callback/$APPID$', () => {
		const shown = (messagesOf?: string) => {
			const node = triggerNode('WeChat Trigger', ID(3), messagesOf);
			const workflow = new Workflow({ id: 'wf', nodes: [node], connections: {}, active: false, nodeTypes: nodeTypes as never });
			const value = (field: unknown) => workflow.expression.getSimpleParameterValue(node, field as string, 'internal', {}, undefined, false as never);
			return triggerWebhooks
				.filter((w) => !value(w.ndvHideUrl))
				.map((w) => NodeHelpers.getNodeWebhookUrl('https://n8n.example.com/webhook', 'wf', node, String(value(w.path)), Boolean(value(w.isFullPath))));
		};
		expect(shown()).toEqual([`https://n8n.example.com/webhook/${ID(3)}/callback`, `https://n8n.example.com/webhook/${ID(3)}/callback`]);
		expect(shown('platform')).toEqual([`https://n8n.example.com/webhook/${ID(3)}/callback/$APPID$`]);
	});

	test('authorizerAppIdOf: the parameter by its prefix; none on the single-account URL; junk refused', () => {
		expect(authorizerAppIdOf({ [`authorizerAppId_${ID(4)}`]: 'wx1234567890abcdef' })).toBe('wx1234567890abcdef');
		expect(authorizerAppIdOf({ authorizerAppId: 'wx1234567890abcdef' })).toBe('wx1234567890abcdef');
		expect(authorizerAppIdOf({})).toBe('');
		expect(authorizerAppIdOf(undefined)).toBe('');
		expect(authorizerAppIdOf({ other: 'x' })).toBe('');
		expect(authorizerAppIdOf({ [`authorizerAppId_${ID(4)}`]: '$APPID$' })).toBeUndefined();
		expect(authorizerAppIdOf({ [`authorizerAppId_${ID(4)}`]: '' })).toBeUndefined();
		expect(authorizerAppIdOf({ [`authorizerAppId_${ID(4)}`]: 'x'.repeat(65) })).toBeUndefined();
	});
});
