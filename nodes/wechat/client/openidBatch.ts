/**
 * Follower actions WeChat takes in batches of OpenIDs (tag and untag: 50 per call; block and unblock: 20 per
 * call): every input item is one follower; items are checked first (nothing is sent while one is wrong, unless
 * Continue On Fail), then sent in chunks of WeChat's limit, one call per chunk (per tag when items name
 * different tags). A chunk WeChat refuses because of one follower (40003, 49003, 45059) is retried one
 * follower at a time, so the others are still done and each follower gets its own outcome. The calls are
 * idempotent (tagging twice leaves one tag), so they are retried after a lost connection.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ItemOutcome } from '../items/itemLoop';
import type { OperationRun } from '../items/router';
import { describeErrcode, errcodeInfo, errcodeOf, WeChatUnreachableError } from './errcodes';
import { weChatApiRequest } from './transport';

export interface OpenIdBatchSpec {
	path: string;
	/** OpenIDs per call (WeChat's limit). */
	size: number;
	/** Reads one item: its OpenID, the group it is sent with (the tag ID) and the fields its output shows. */
	read: (itemIndex: number) => { openid: string; group: string; fields: IDataObject };
	/** The request body for one call. */
	body: (openids: string[], group: string) => IDataObject;
	/** The outcome of a follower the call succeeded for, e.g. 'tagged'. */
	done: string;
	/** Words for errors, e.g. 'adding followers to tag'. */
	action: string;
	/** Calls in flight at once. */
	concurrency: number;
}

interface Entry {
	openid: string;
	group: string;
	fields: IDataObject;
}

type Result = IDataObject | NodeApiError | NodeOperationError;

/** The OpenID list every item of these operations carries, checked like a send's recipient. */
export function requireOpenId(this: IExecuteFunctions, itemIndex: number, name = 'openid', label = 'Follower OpenID'): string {
	const value = String(this.getNodeParameter(name, itemIndex, '') ?? '').trim();
	if (!value) {
		throw new NodeOperationError(this.getNode(), `${label} is empty`, {
			itemIndex,
			description: `Set "${label}" to the follower's OpenID on this Official Account, e.g. {{ $json.openid }}. This item has none.`,
		});
	}
	return value;
}

export function openIdBatchRun(this: IExecuteFunctions, spec: OpenIdBatchSpec): OperationRun {
	const itemCount = this.getInputData().length;
	const entries: Array<Entry | NodeOperationError> = [];
	for (let i = 0; i < itemCount; i++) {
		try {
			entries[i] = spec.read(i);
		} catch (error) {
			entries[i] = error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
		}
	}
	if (!this.continueOnFail()) {
		const firstError = entries.find((e): e is NodeOperationError => e instanceof NodeOperationError);
		if (firstError) throw firstError;
	}

	const call = async (openids: string[], group: string): Promise<void> => {
		await weChatApiRequest.call(this, 'weChatOfficialAccountApi', {
			method: 'POST',
			path: spec.path,
			body: spec.body(openids, group),
			retrySafe: true,
			action: `${spec.action}, ${openids.length} follower${openids.length === 1 ? '' : 's'}`,
		});
	};
	const success = (entry: Entry): IDataObject => ({ outcome: spec.done, reason: null, openid: entry.openid, ...entry.fields, errcode: 0, errmsg: 'ok' });

	/** What one follower's failure is: its own outcome (recipient errcodes, WeChat unreachable) or an error. */
	const failureOf = (entry: Entry, error: unknown): Result => {
		const errcode = errcodeOf(error);
		const base = { openid: entry.openid, ...entry.fields };
		if (errcode !== undefined) {
			const info = errcodeInfo(errcode);
			const errmsg = String((error as NodeApiError).context.errmsg ?? '');
			if (info.scope === 'recipient' || info.scope === 'transient') {
				return { outcome: info.outcome ?? 'failed', reason: describeErrcode(errcode, errmsg), ...base, errcode, errmsg };
			}
			return error as NodeApiError;
		}
		if (error instanceof WeChatUnreachableError) {
			return { outcome: 'failed', reason: `${error.message}: ${error.description ?? ''}`.trim(), ...base, errcode: null, errmsg: null };
		}
		if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
		return new NodeOperationError(this.getNode(), error as Error);
	};

	const sendGroup = async (group: Entry[]): Promise<Result[]> => {
		try {
			await call(group.map((e) => e.openid), group[0].group);
			return group.map(success);
		} catch (error) {
			const errcode = errcodeOf(error);
			// One follower spoils the chunk: find out which, doing the others one at a time.
			if (group.length > 1 && errcode !== undefined && errcodeInfo(errcode).scope === 'recipient') {
				const results: Result[] = [];
				for (const entry of group) {
					try {
						await call([entry.openid], entry.group);
						results.push(success(entry));
					} catch (single) {
						results.push(failureOf(entry, single));
					}
				}
				return results;
			}
			return group.map((entry) => failureOf(entry, error));
		}
	};

	return {
		batchSize: spec.size,
		concurrency: spec.concurrency,
		handle: async (itemIndexes) => {
			const results = new Map<number, ItemOutcome>();
			const groups = new Map<string, Array<{ index: number; entry: Entry }>>();
			for (const index of itemIndexes) {
				const entry = entries[index];
				if (entry instanceof NodeOperationError) results.set(index, entry);
				else groups.set(entry.group, [...(groups.get(entry.group) ?? []), { index, entry }]);
			}
			for (const members of groups.values()) {
				const outcomes = await sendGroup(members.map((m) => m.entry));
				members.forEach((m, k) => results.set(m.index, outcomes[k]));
			}
			return itemIndexes.map((index) => results.get(index) as ItemOutcome);
		},
	};
}
