/**
 * How a send's output reads: each item starts with its outcome and reason, then what was sent, then (option
 * "Include Input Fields", on by default) the input item's own fields, which never replace ours; a recipient
 * whose data WeChat would refuse can be skipped (option "On Invalid Recipient Data": outcome invalidData);
 * and when some recipients were not sent, n8n's notice on the run says how many and why.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties, NodeOperationError } from 'n8n-workflow';

/** The send options this file reads (every send through batch.ts shows them). */
export const reportOptionProperties: INodeProperties[] = [
	{
		displayName: 'Include Input Fields',
		name: 'includeInputFields',
		type: 'boolean',
		default: true,
		description:
			'Whether each output item also carries the fields of its input item (customer name, order number, ...) after the outcome; a field named like one of the outcome fields (outcome, reason, touser, errcode, ...) is replaced by the outcome\'s',
	},
	{
		displayName: 'On Invalid Recipient Data',
		name: 'onInvalidData',
		type: 'options',
		default: 'stop',
		options: [
			{
				name: 'Stop Before Sending',
				value: 'stop',
				description: 'Nothing is sent while one recipient\'s data is wrong: the error names the item, field and fix',
			},
			{
				name: 'Skip That Recipient',
				value: 'skip',
				description: 'The others are sent; that recipient\'s outcome is invalidData, with the reason',
			},
		],
		description: 'What happens when one recipient\'s data would be refused (an empty OpenID, a thing over 20 characters, a keyword the template lacks)',
	},
];

export interface ReportSettings {
	includeInputFields: boolean;
	skipInvalid: boolean;
}

/** The run's settings from the first item's options (one value for the whole run, like Concurrency). */
export function reportSettings(this: IExecuteFunctions): ReportSettings {
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	return { includeInputFields: options.includeInputFields !== false, skipInvalid: options.onInvalidData === 'skip' };
}

/**
 * One output item: outcome and reason first (what the user looks for at the panel's default width), then
 * the send's own fields, then the input item's fields that do not share a name with ours. Ours win: an
 * IF on `outcome` must read what this node did, never a value the item brought along (an earlier run's
 * outcome when failed items are sent again).
 */
export function outcomeItem(result: IDataObject, input: IDataObject | undefined): IDataObject {
	const { outcome, reason, ...rest } = result;
	const item: IDataObject = { outcome, reason: reason ?? null, ...rest };
	if (input) for (const [key, value] of Object.entries(input)) if (!(key in item)) item[key] = value;
	return item;
}

/** The outcome of a recipient skipped because its data would be refused: the error's message and fix. */
export function invalidDataResult(error: NodeOperationError): IDataObject {
	const reason = error.description ? `${error.message}. ${error.description}` : error.message;
	return { outcome: 'invalidData', msgid: null, errcode: null, errmsg: null, reason };
}

/**
 * Counts outcomes as items finish; after the last one, when any recipient was not sent, adds n8n's notice
 * to the run ("3 of 10 recipients were not sent: 2 notFollowing, 1 refused ...").
 */
export class UnsentNotice {
	private done = 0;
	private readonly unsent = new Map<string, number>();

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly total: number,
	) {}

	finished(outcome: unknown): void {
		if (typeof outcome === 'string' && outcome !== 'sent') this.unsent.set(outcome, (this.unsent.get(outcome) ?? 0) + 1);
		if (++this.done !== this.total || !this.unsent.size) return;
		const count = [...this.unsent.values()].reduce((a, b) => a + b, 0);
		const kinds = [...this.unsent.entries()].map(([kind, n]) => `${n} ${kind}`).join(', ');
		this.context.addExecutionHints({
			message: `${count} of ${this.total} recipient${this.total === 1 ? ' was' : 's were'} not sent (${kinds}). Each item's outcome and reason say why; an IF or Filter on "outcome" routes them.`,
			type: 'warning',
			location: 'outputPane',
		});
	}
}
