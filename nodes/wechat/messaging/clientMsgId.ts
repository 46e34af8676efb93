/**
 * The dedup key WeChat honours for a send (template messages: client_msg_id, 10 minutes per recipient):
 * derived from everything the recipient sees, so a retry of the same item (a new execution, a retried
 * node, a replayed request) sends nothing new.
 */
import type { IDataObject } from 'n8n-workflow';

import { sha1Hex } from '../codec/crypto';

/** How long WeChat drops a template message with the same touser and client_msg_id. */
export const CLIENT_MSG_ID_DEDUP_MS = 10 * 60 * 1000;

/** Length of the IDs derived here (WeChat documents no limit; 32 is safe everywhere). */
export const CLIENT_MSG_ID_LENGTH = 32;

/** JSON with object keys sorted at every level: equal content gives equal text. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.keys(value as IDataObject)
			.filter((k) => (value as IDataObject)[k] !== undefined)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as IDataObject)[k])}`);
		return `{${entries.join(',')}}`;
	}
	return JSON.stringify(value ?? null);
}

/** The first 32 hex characters of the SHA-1 of `text`: stable, so still a key. */
function shortDigest(text: string): string {
	return sha1Hex(text).slice(0, CLIENT_MSG_ID_LENGTH);
}

/** The ID of a message given as the parts the recipient sees, in a fixed order. */
export function deriveClientMsgId(parts: unknown[]): string {
	return shortDigest(canonicalJson(parts));
}

/** A user-given ID as WeChat gets it: as typed when short enough, else its digest. */
export function normaliseClientMsgId(given: string): string {
	return given.length <= CLIENT_MSG_ID_LENGTH ? given : shortDigest(given);
}
