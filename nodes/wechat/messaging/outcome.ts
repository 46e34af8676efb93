/**
 * What one send reports: the outcome model every send operation shares. Recipient errcodes are data (the
 * outcome comes from the errcode catalogue); WeChat or network trouble is that item's failure and is
 * counted by the breaker; anything else (configuration, account, input) stops the node.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import { redactText } from '../codec/redact';
import { describeErrcode, errcodeInfo, errcodeOf, WeChatUnreachableError } from '../client/errcodes';
import type { RecipientOutcome } from '../client/errcodes';

export type Outcome = 'sent' | RecipientOutcome;

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
}

/** A failure that belongs to this item (and is reported as its outcome) or one that stops the node. */
export function resultOfFailure(
	node: INode,
	error: unknown,
	breaker: SendBreaker,
): SendResult | NodeApiError | NodeOperationError {
	const errcode = errcodeOf(error);
	if (errcode !== undefined) {
		const info = errcodeInfo(errcode);
		const errmsg = String((error as NodeApiError).context.errmsg ?? '');
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
		const reason = redactText(`${error.message}: ${error.description ?? ''}`.replace(/[:\s]+$/, ''));
		breaker.failed(reason);
		return { outcome: 'failed', msgid: null, errcode: null, errmsg: null, reason };
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error);
}
