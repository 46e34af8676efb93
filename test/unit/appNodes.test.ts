/**
 * The app nodes as n8n's editor shows them: every Resource/Operation the description offers is routed to
 * an operation and nothing else is; actions are named as n8n names them; option lists are sorted. n8n's lint
 * checks these only in object literals, and the nodes build them with nodes/wechat/items/description.ts.
 */
import type { INodeProperties, INodePropertyOptions, INodeType } from 'n8n-workflow';

import { operations as miniProgramOperations } from '../../nodes/WeChatMiniProgram/actions/router';
import { WeChatMiniProgram } from '../../nodes/WeChatMiniProgram/WeChatMiniProgram.node';
import { operations as officialAccountOperations } from '../../nodes/WeChatOfficialAccount/actions/router';
import { WeChatOfficialAccount } from '../../nodes/WeChatOfficialAccount/WeChatOfficialAccount.node';
import { WeChatTrigger } from '../../nodes/WeChatTrigger/WeChatTrigger.node';
import type { OperationTable } from '../../nodes/wechat/items/router';

const APPS: Array<[string, INodeType, OperationTable]> = [
	['WeChat Official Account', new WeChatOfficialAccount(), officialAccountOperations],
	['WeChat Mini Program', new WeChatMiniProgram(), miniProgramOperations],
];

function actionsOf(node: INodeType): Array<{ resource: string; operation: INodePropertyOptions }> {
	const properties = node.description.properties;
	const resources = (properties.find((p) => p.name === 'resource')?.options ?? []) as INodePropertyOptions[];
	return resources.flatMap((resource) => {
		const operation = properties.find(
			(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource.value as string),
		);
		return ((operation?.options ?? []) as INodePropertyOptions[]).map((option) => ({ resource: String(resource.value), operation: option }));
	});
}

const sorted = (names: string[]) => [...names].sort((a, b) => a.localeCompare(b));

test('each app lists the actions users look for, by these names', () => {
	const names = (node: INodeType) => actionsOf(node).map((a) => a.operation.action);
	expect(names(new WeChatOfficialAccount())).toEqual([
		'Get an access token',
		'Hide typing from a user',
		'Send a customer-service message',
		'Show typing to a user',
		'Count drafts',
		'Create a draft',
		'Delete a draft',
		'Get a draft',
		'Get many drafts',
		'Update a draft',
		'Block followers',
		'Get blocked followers',
		'Get many followers',
		'Unblock followers',
		'Update the remark of a follower',
		'Sign a page for the JS-SDK',
		'Delete a mass send',
		'Get the status of a mass send',
		'Preview a mass send',
		'Mass send a message',
		'Add a permanent material',
		'Count permanent materials',
		'Delete a permanent material',
		'Download media',
		'Get many permanent materials',
		'Get a permanent material',
		'Upload media',
		'Upload an article image',
		'Delete a publication',
		'Get a published article',
		'Get many publications',
		'Get the status of a publication',
		'Publish a draft',
		'Create a QR code',
		'Clear the API quota',
		'Get the quota of an API',
		'Send a subscribe notification',
		'Add a subscribe template',
		'Delete a subscribe template',
		'Get subscribe template categories',
		'Get the keywords of a public template',
		'Get many subscribe templates',
		'Search public subscribe templates',
		'Add followers to a tag',
		'Create a tag',
		'Delete a tag',
		'Get the followers of a tag',
		'Get many tags',
		'Remove followers from a tag',
		'Update a tag',
		'Send a template message',
		'Find a follower by UnionID',
		'Get the UnionID of a follower',
	]);
	expect(names(new WeChatMiniProgram())).toEqual([
		'Get an access token',
		'Hide typing from a user',
		'Send a customer-service message',
		'Show typing to a user',
		'Create a short link',
		'Create a URL link',
		'Create a URL scheme',
		'Exchange a login code',
		'Download media',
		'Upload media',
		'Get a mini program code',
		'Get an unlimited mini program code',
		'Decrypt encrypted user data',
		'Get a phone number from a button code',
		'Clear the API quota',
		'Get the quota of an API',
		'Send a subscribe message',
		'Add a subscribe template',
		'Delete a subscribe template',
		'Get subscribe template categories',
		'Get the keywords of a public template',
		'Get many subscribe templates',
		'Search public subscribe templates',
	]);
});

describe.each(APPS)('%s', (_name, node, table) => {
	test('every action in the editor runs an operation, and every operation is in the editor', () => {
		const offered = actionsOf(node).map((a) => `${a.resource}.${a.operation.value as string}`);
		const routed = Object.entries(table).flatMap(([resource, ops]) => Object.keys(ops).map((op) => `${resource}.${op}`));
		expect(sorted(offered)).toEqual(sorted(routed));
		for (const ops of Object.values(table)) for (const run of Object.values(ops)) expect(typeof run).toBe('function');
		expect(Object.keys(table).length).toBeGreaterThan(1);
	});

	test('actions read as sentence-case commands; resources and operations are sorted by name', () => {
		const properties = node.description.properties;
		const resources = (properties.find((p) => p.name === 'resource')?.options ?? []) as INodePropertyOptions[];
		expect(resources.map((r) => r.name)).toEqual(sorted(resources.map((r) => r.name)));
		for (const operation of properties.filter((p) => p.name === 'operation')) {
			const options = operation.options as INodePropertyOptions[];
			expect(options.map((o) => o.name)).toEqual(sorted(options.map((o) => o.name)));
			expect(options.map((o) => o.value)).toContain(operation.default);
			for (const { action } of options) {
				expect(action).toMatch(/^[A-Z][^A-Z]*( (JS-SDK|UnionID|OpenID|QR|API|URL|[^A-Z ]+))*$/);
			}
		}
	});

	test('every parameter but Resource and Authentication (with its Authorizer AppID, for every resource) is shown for exactly one resource', () => {
		const [authentication, authorizerAppId] = node.description.properties;
		// Existing workflows (no authentication parameter) keep using the credential's account.
		expect([authentication.name, authentication.default, authorizerAppId.name, authorizerAppId.displayOptions?.show]).toEqual(['authentication', 'appCredential', 'authorizerAppId', { authentication: ['platformAuthorizer'] }]);
		for (const property of node.description.properties) {
			if (['resource', 'authentication', 'authorizerAppId'].includes(property.name)) continue;
			expect(property.displayOptions?.show?.resource).toHaveLength(1);
		}
	});
});

test.each([
	['WeChat Official Account', new WeChatOfficialAccount()],
	['WeChat Mini Program', new WeChatMiniProgram()],
	['WeChat Trigger', new WeChatTrigger()],
])('%s: every Options collection lists its options in alphabetical order', (_name, node) => {
	const collections = node.description.properties.filter((p: INodeProperties) => p.type === 'collection');
	expect(collections.length).toBeGreaterThan(0);
	for (const collection of collections) {
		const names = (collection.options as INodeProperties[]).map((o) => o.displayName);
		expect(names).toEqual(sorted(names));
	}
});
