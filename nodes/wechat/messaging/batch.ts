/**
 * The send pipeline every send operation runs: read and check every item first (nothing is sent while an
 * item is wrong, unless Continue On Fail), check against the account's template list when WeChat gives it
 * (template sends only), then send each item and turn WeChat's answer into its outcome.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { templatesForCheck } from '../client/templates';
import type { TemplateInfo, TemplateSource } from '../client/templates';
import type { WeChatAppCredentialType } from '../client/transport';
import { weChatApiRequest } from '../client/transport';
import type { ItemOutcome } from '../items/itemLoop';
import { concurrencyOf } from '../items/parameters';
import type { MessageData } from './data';
import { unknownTemplateError } from './data';
import { resultOfFailure, SendBreaker } from './outcome';
import { invalidDataResult, outcomeItem, reportSettings, UnsentNotice } from './report';

/** Messages in flight at once unless the Concurrency option says otherwise. */
export const SEND_CONCURRENCY = 20;

export interface SendSpec {
	credentialType: WeChatAppCredentialType;
	path: string;
	/**
	 * How long WeChat drops a second identical send (template/send with client_msg_id: 10 minutes). Such
	 * sends are retried after an unknown outcome; sends without it never are.
	 */
	dedupMs?: number;
	/** Template sends: where the account's templates come from (sends without templates leave it out). */
	templates?: TemplateSource;
	/** Reads one item into the request body; throws a NodeOperationError naming what is wrong. */
	build: (itemIndex: number) => { body: IDataObject; data?: MessageData };
	/** Template sends: checks an item against its template from WeChat's list; an error names the problem. */
	check?: (itemIndex: number, template: TemplateInfo, data: MessageData) => NodeOperationError | undefined;
	/** The output fields every outcome of this item carries (recipient, template, ...). */
	describe: (body: IDataObject) => IDataObject;
}

export interface SendBatch {
	concurrency: number;
	send: (itemIndex: number) => Promise<ItemOutcome>;
}

function isBody(value: IDataObject | NodeOperationError | undefined): value is IDataObject {
	return value !== undefined && !(value instanceof NodeOperationError);
}

/** One output item's json (not an error, a list or an item with binary data). */
function isPlain(value: ItemOutcome): value is IDataObject {
	return Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * Reads and checks every item before the first message goes out: a bad item stops the node while nothing
 * has been sent (or, with Continue On Fail, becomes that item's error while the others are sent). Then
 * `send` delivers one item and turns WeChat's answer into its outcome.
 */
export async function prepareSendBatch(this: IExecuteFunctions, spec: SendSpec): Promise<SendBatch> {
	const itemCount = this.getInputData().length;
	const prepared: Array<IDataObject | NodeOperationError> = [];
	const dataOf: MessageData[] = [];
	for (let i = 0; i < itemCount; i++) {
		try {
			const { body, data } = spec.build(i);
			prepared[i] = body;
			dataOf[i] = data ?? {};
		} catch (error) {
			prepared[i] =
				error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
		}
	}

	const { templates: source, check } = spec;
	const ids = source ? [...new Set(prepared.filter(isBody).map((b) => String(b.template_id)))] : [];
	const checked = source && ids.length ? await templatesForCheck.call(this, source, ids) : undefined;
	const templates = checked?.templates;
	// Sent without the list check: every output item says so (items go on alone: a database row, a filter).
	const unchecked: IDataObject = checked?.skipped ? { templateChecked: false, templateCheckSkipped: checked.skipped } : {};
	if (templates && check) {
		prepared.forEach((body, i) => {
			if (!isBody(body)) return;
			const template = templates.get(String(body.template_id));
			const problem = template
				? check(i, template, dataOf[i])
				: unknownTemplateError.call(this, i, String(body.template_id), templates);
			if (problem) prepared[i] = problem;
		});
	}

	// On Invalid Recipient Data: Skip: a recipient whose data is wrong is reported (invalidData), not sent.
	const report = reportSettings.call(this);
	const skipped = new Map<number, IDataObject>();
	if (report.skipInvalid) prepared.forEach((p, i) => !isBody(p) && skipped.set(i, invalidDataResult(p)));

	if (!this.continueOnFail() && !report.skipInvalid) {
		const firstError = prepared.find((p): p is NodeOperationError => !isBody(p));
		if (firstError) throw firstError;
	}

	const breaker = new SendBreaker();
	/** One item to WeChat and back: its outcome (or its error, for Continue On Fail). */
	const deliver = async (itemIndex: number): Promise<ItemOutcome> => {
		const body = prepared[itemIndex];
		if (!isBody(body)) return body;
		// Subscribe sends: whether the send spent a credit (oneTime) or not (longTerm), from WeChat's template list.
		const kind = templates?.get(String(body.template_id))?.kind;
		const base = { ...spec.describe(body), ...(kind ? { templateKind: kind } : {}), ...unchecked };
		if (breaker.open) {
			return { ...base, outcome: 'failed', msgid: null, errcode: null, errmsg: null, reason: breaker.skipReason };
		}
		try {
			const answer = await weChatApiRequest.call(this, spec.credentialType, {
				method: 'POST',
				path: spec.path,
				body,
				retrySafe: spec.dedupMs !== undefined,
				action: `sending to ${String(body.touser)}`,
			});
			breaker.succeeded();
			const msgid = (answer.msgid as number | string | undefined) ?? null;
			return { ...base, outcome: 'sent', msgid, errcode: 0, errmsg: String(answer.errmsg ?? 'ok'), reason: null };
		} catch (error) {
			const result = resultOfFailure(this.getNode(), error, breaker, { dedupMs: spec.dedupMs });
			if (result instanceof Error) return result;
			return { ...base, ...result };
		}
	};
	const notice = new UnsentNotice(this, itemCount);
	return {
		concurrency: concurrencyOf.call(this, SEND_CONCURRENCY),
		send: async (itemIndex) => {
			const result = skipped.get(itemIndex) ?? (await deliver(itemIndex));
			notice.finished(isPlain(result) ? result.outcome : 'error');
			if (!isPlain(result)) return result;
			return outcomeItem(result, report.includeInputFields ? this.getInputData()[itemIndex]?.json : undefined);
		},
	};
}
