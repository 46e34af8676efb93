import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { scanFollowers } from '../../../wechat/client/followers';
import type { ItemOutcome } from '../../../wechat/items/itemLoop';
import { concurrencyOf, stringParameter } from '../../../wechat/items/parameters';
import type { OperationRun } from '../../../wechat/items/router';
import { readWeChatIds } from './ids';
import { DEFAULT_READ_CONCURRENCY } from '../../../wechat/items/description';

/** Where the UnionID -> OpenID pairs come from: the account's followers, or an earlier node's items. */
async function pairsFromNode(
	this: IExecuteFunctions,
	wanted: Set<string>,
): Promise<{ found: Map<string, string>; notFoundReason: string }> {
	const nodeName = stringParameter.call(this, 'pairsNode', 0);
	const openIdField = stringParameter.call(this, 'pairsOpenIdField', 0, 'openid');
	const unionIdField = stringParameter.call(this, 'pairsUnionIdField', 0, 'unionid');
	if (!nodeName) {
		throw new NodeOperationError(this.getNode(), 'Node Name is empty', {
			description: 'Type the name of the earlier node whose items hold the OpenID and UnionID pairs, as shown on the canvas (e.g. Get many followers).',
		});
	}
	let items: INodeExecutionData[];
	try {
		items = (this.getWorkflowDataProxy(0).$(nodeName) as { all: () => INodeExecutionData[] }).all();
	} catch (error) {
		// A renamed node is the usual cause (a plain name is not renamed with it): name the nodes that are there.
		const earlier = this.getParentNodes(this.getNode().name).map((node) => `"${node.name}"`);
		throw new NodeOperationError(this.getNode(), `Node Name: no earlier node is called "${nodeName}"`, {
			description: earlier.length
				? `Earlier nodes of this workflow: ${earlier.join(', ')}. Type one of them as shown on the canvas (or drag its name in).`
				: `${(error as Error).message}. This node has no earlier node: connect the node whose items hold the OpenID and UnionID pairs before it.`,
		});
	}
	const found = new Map<string, string>();
	for (const item of items) {
		// Group items (Get many followers' "One Item per Group") hold their followers in a followers array.
		const records = Array.isArray(item.json.followers) ? (item.json.followers as IDataObject[]) : [item.json];
		for (const record of records) {
			const unionId = record?.[unionIdField];
			const openId = record?.[openIdField];
			if (typeof unionId === 'string' && typeof openId === 'string' && openId && wanted.has(unionId) && !found.has(unionId)) {
				found.set(unionId, openId);
			}
		}
	}
	return {
		found,
		notFoundReason: `No item of node "${nodeName}" has this UnionID in its "${unionIdField}" field (${items.length} items checked)`,
	};
}

async function pairsFromFollowers(
	this: IExecuteFunctions,
	wanted: Set<string>,
): Promise<{ found: Map<string, string>; notFoundReason: string }> {
	const concurrency = concurrencyOf.call(this, DEFAULT_READ_CONCURRENCY);
	const found = new Map<string, string>();
	const scan = await scanFollowers.call(this, {
		startAfter: '',
		withUserInfo: true,
		concurrency,
		keep: false,
		onChunk: (records) => {
			for (const record of records) {
				const unionId = record.unionid;
				if (typeof unionId === 'string' && wanted.has(unionId) && !found.has(unionId)) {
					found.set(unionId, String(record.openid));
				}
			}
			return found.size === wanted.size;
		},
	});
	return {
		found,
		notFoundReason: `No follower of the Official Account has this UnionID (${scan.read} followers read): the user does not follow the Official Account, or the Official Account is not bound to the same Open Platform account as the app the UnionID came from`,
	};
}

/** Every input item at once (one scan serves them all); invalid UnionIDs fail alone. */
export async function unionIdsToOaOpenIds(this: IExecuteFunctions, itemIndexes: number[]): Promise<ItemOutcome[]> {
	const items = this.getInputData();
	const { values: unionIds, outcomes, wanted } = readWeChatIds.call(this, itemIndexes, 'unionId', 'UnionID', '{{ $json.unionId }}');
	if (wanted.size === 0) return outcomes;

	const source = this.getNodeParameter('mappingSource', 0, 'scan') as string;
	const { found, notFoundReason } =
		source === 'node' ? await pairsFromNode.call(this, wanted) : await pairsFromFollowers.call(this, wanted);

	unionIds.forEach((unionId, k) => {
		if (outcomes[k]) return;
		const base = items[itemIndexes[k]].json;
		const oaOpenId = found.get(unionId);
		outcomes[k] = oaOpenId
			? { ...base, unionId, found: true, oaOpenId }
			: { ...base, unionId, found: false, oaOpenId: null, reason: notFoundReason };
	});
	return outcomes;
}

/** User > Find by UnionID: one unit holding every item, so a single scan (or one pass over the pairs) answers them all. */
export async function execute(this: IExecuteFunctions): Promise<OperationRun> {
	return {
		concurrency: 1,
		batchSize: Math.max(1, this.getInputData().length),
		handle: async (itemIndexes) => await unionIdsToOaOpenIds.call(this, itemIndexes),
	};
}
