/**
 * An Official Account's follower tags (/cgi-bin/tags/*): the list (pickers, checks before a mass send), the
 * tag a node parameter names, and the tag rules WeChat enforces (checked before any call).
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeListSearchResult } from 'n8n-workflow';

import type { RequestContext } from './transport';
import { weChatApiRequest } from './transport';

export interface TagInfo {
	id: number;
	name: string;
	count: number;
}

/** WeChat's limits: a tag name has at most 30 bytes; ids 0, 1 and 2 are system tags. */
export const TAG_NAME_MAX_BYTES = 30;
export const SYSTEM_TAG_IDS = [0, 1, 2];
/** OpenIDs per tags/members/batchtagging or batchuntagging call (40032 above it). */
export const TAGGING_BATCH_SIZE = 50;

/** GET /cgi-bin/tags/get: every tag of the account with its follower count. */
export async function listTags(this: RequestContext): Promise<TagInfo[]> {
	const body = await weChatApiRequest.call(this, 'weChatOfficialAccountApi', {
		method: 'GET',
		path: '/cgi-bin/tags/get',
		retrySafe: true,
		action: 'listing the tags',
	});
	return ((body.tags as IDataObject[] | undefined) ?? []).map((t) => ({ id: Number(t.id), name: String(t.name ?? ''), count: Number(t.count ?? 0) }));
}

/** listSearch: the account's tags, filtered by name or ID. */
export async function searchTagList(this: RequestContext, filter?: string): Promise<INodeListSearchResult> {
	const needle = (filter ?? '').trim().toLowerCase();
	const results = (await listTags.call(this))
		.filter((t) => !needle || `${t.name} ${t.id}`.toLowerCase().includes(needle))
		.map((t) => ({ name: `${t.name} (${t.count} follower${t.count === 1 ? '' : 's'})`, value: String(t.id), description: `ID ${t.id}` }));
	return { results };
}

/** The tag ID a tag picker (resource locator, list or ID mode) or a plain value names. */
export function tagIdOf(this: IExecuteFunctions, itemIndex: number, name = 'tag', label = 'Tag'): number {
	return tagIdFrom.call(this, itemIndex, this.getNodeParameter(name, itemIndex, '', { extractValue: true }), label);
}

/** The tag ID of a picker's value (a resource locator object, a number or its text). */
export function tagIdFrom(this: IExecuteFunctions, itemIndex: number, raw: unknown, label = 'Tag'): number {
	const value = raw && typeof raw === 'object' ? (raw as IDataObject).value : raw;
	const text = String(value ?? '').trim();
	if (!text) {
		throw new NodeOperationError(this.getNode(), `${label}: no tag is selected`, {
			itemIndex,
			description: `Pick a tag from the list, or choose "By ID" and give its number (Tag > Get Many lists them).`,
		});
	}
	if (!/^\d+$/.test(text)) {
		throw new NodeOperationError(this.getNode(), `${label}: "${text}" is not a tag ID`, {
			itemIndex,
			description: 'A tag ID is a whole number, e.g. 100: pick the tag from the list, or give its ID.',
		});
	}
	return Number(text);
}

/** A tag name WeChat accepts (1..30 bytes), or an error naming the field. */
export function checkTagName(this: IExecuteFunctions, itemIndex: number, name: string): string {
	const trimmed = name.trim();
	const bytes = Buffer.byteLength(trimmed, 'utf8');
	if (!trimmed || bytes > TAG_NAME_MAX_BYTES) {
		throw new NodeOperationError(this.getNode(), trimmed ? `Name "${trimmed}" is too long (${bytes} bytes)` : 'Name is empty', {
			itemIndex,
			description: `A tag name has 1 to ${TAG_NAME_MAX_BYTES} bytes (WeChat's limit: 10 Chinese characters or 30 letters).`,
		});
	}
	return trimmed;
}

/** System tags cannot be changed, deleted or given followers through the API (WeChat: 45058). */
export function refuseSystemTag(this: IExecuteFunctions, itemIndex: number, tagId: number, label = 'Tag'): void {
	if (SYSTEM_TAG_IDS.includes(tagId)) {
		throw new NodeOperationError(this.getNode(), `${label}: ${tagId} is a system tag`, {
			itemIndex,
			description: 'System tags (0, 1, 2) cannot be changed: pick a tag the account created (ID 100 or above).',
		});
	}
}
