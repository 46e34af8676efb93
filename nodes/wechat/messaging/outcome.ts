/**
 * What one send reports: the outcome model every send operation shares. An outcome says what is known:
 * `sent`; a recipient outcome from the errcode catalogue (`notFollowing`, `invalidOpenid`, `refused`, ...);
 * `failed` only when WeChat certainly did not deliver; `unknown` when it may have (a connection lost after
 * the request went out, errcode -1), with until when sending again is safe. WeChat or network trouble is
 * counted by the breaker; anything else (configuration, account, input) stops the node.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import { redactText } from '../codec/redact';
import { deliveryUnknownSince, describeErrcode, errcodeInfo, errcodeOf, WeChatUnreachableError } from '../client/errcodes';
import type { RecipientOutcome } from '../client/errcodes';

/** invalidData: not sent, because the recipient's data would be refused (On Invalid Recipient Data: Skip). */
export type Outcome = 'sent' | 'unknown' | 'invalidData' | RecipientOutcome;

/** Stops sending once this many messages in a row failed for reasons that are not about the recipient. */
export const BREAKER_THRESHOLD = 20;

/**
 * Per batch: counts consecutive failures that are WeChat's or the network's (busy, too frequent after
 * retries, unreachable). When WeChat is down, the rest of a 10,000-item batch is reported at once
 * instead of each item waiting through its retries.
 */
export class SendBreaker {
	private consecutive = 0;
	private lastReason = '';

	get open(): boolean {
		return this.consecutive >= BREAKER_THRESHOLD;
	}

	get skipReason(): string {
		return `Not sent: the ${BREAKER_THRESHOLD} messages before it failed in a row (last: ${this.lastReason}), so the node stopped sending. Run the failed items again later.`;
	}

	succeeded(): void {
		this.consecutive = 0;
	}

	failed(reason: string): void {
		this.consecutive++;
		this.lastReason = reason;
	}
}

export interface SendResult {
	outcome: Outcome;
	msgid: number | string | null;
	errcode: number | null;
	errmsg: string | null;
	reason: string | null;
	/** `unknown` only: until when sending the same message again cannot deliver it twice (null: never). */
	resendSafeUntil?: string | null;
}

/** How WeChat treats the same message sent twice: dropped within `dedupMs` of the first (template messages). */
export interface DuplicateRule {
	dedupMs?: number;
}

function unknownResult(cause: string, since: number, rule: DuplicateRule): Omit<SendResult, 'errcode' | 'errmsg'> {
	if (rule.dedupMs) {
		const until = new Date(since + rule.dedupMs).toISOString();
		return {
			outcome: 'unknown',
			msgid: null,
			reason: `${cause}. WeChat may have delivered it. Sending it again unchanged (same client_msg_id) before ${until} is safe: WeChat drops the duplicate; after that it could arrive twice.`,
			resendSafeUntil: until,
		};
	}
	return {
		outcome: 'unknown',
		msgid: null,
		reason: `${cause}. WeChat may have delivered it, so it was not sent again: WeChat cannot drop a duplicate of this message, and sending it again could deliver it twice.`,
		resendSafeUntil: null,
	};
}

/** A failure that belongs to this item (and is reported as its outcome) or one that stops the node. */
export function resultOfFailure(
	node: INode,
	error: unknown,
	breaker: SendBreaker,
	duplicates: DuplicateRule,
): SendResult | NodeApiError | NodeOperationError {
	const errcode = errcodeOf(error);
	const unknownSince = deliveryUnknownSince(error);
	if (errcode !== undefined) {
		const info = errcodeInfo(errcode);
		const errmsg = String((error as NodeApiError).context.errmsg ?? '');
		if (unknownSince !== undefined && info.scope === 'transient') {
			const cause = `${describeErrcode(errcode, errmsg)}; retried with back-off and gave up`;
			breaker.failed(cause);
			return { ...unknownResult(cause, unknownSince, duplicates), errcode, errmsg };
		}
		if (info.scope === 'recipient') {
			breaker.succeeded(); // WeChat answered: it is up
			return { outcome: info.outcome ?? 'failed', msgid: null, errcode, errmsg, reason: describeErrcode(errcode, errmsg) };
		}
		if (info.scope === 'transient') {
			const reason = `${describeErrcode(errcode, errmsg)}; retried with back-off and gave up`;
			breaker.failed(reason);
			return { outcome: 'failed', msgid: null, errcode, errmsg, reason };
		}
		// configuration, account, input: every later item would fail the same way.
		return error as NodeApiError;
	}
	if (error instanceof WeChatUnreachableError) {
		const reason = redactText(`${error.message}: ${error.description ?? ''}`.replace(/[:\s.]+$/, ''));
		breaker.failed(reason);
		if (unknownSince !== undefined) return { ...unknownResult(reason, unknownSince, duplicates), errcode: null, errmsg: null };
		return { outcome: 'failed', msgid: null, errcode: null, errmsg: null, reason };
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error);
}
