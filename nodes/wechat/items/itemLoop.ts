/**
 * The item loop every action node runs through. It owns what n8n users rely on: output in input order,
 * pairedItem on every output item, bounded concurrency, and Continue On Fail (a failed item becomes an
 * output item with `error`, the others carry on). Node files only say what to do with one unit of items.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { mapWithConcurrency } from './pool';

/** An output item that carries files (e.g. Media > Download): its json and its binary fields. */
export class WithBinary {
	constructor(
		readonly json: IDataObject,
		readonly binary: IBinaryKeyData,
	) {}
}

/** What one item produced: its output items (one or many) or an error that belongs to it alone. */
export type ItemOutcome = IDataObject | IDataObject[] | NodeApiError | NodeOperationError;

/** What the loop takes from an operation: an ItemOutcome, or an output item with files. */
export type LoopOutcome = ItemOutcome | WithBinary;

export interface ItemLoopOptions {
	concurrency: number;
	/** Items handed to one call of `handle` (e.g. 100 for WeChat's batch endpoints). Default 1. */
	batchSize?: number;
}

/**
 * Runs `handle` over the node's input items in units of `batchSize`. `handle` returns one outcome per
 * item index it was given; if it throws, the error belongs to every item of the unit.
 */
export async function runItemLoop(
	this: IExecuteFunctions,
	handle: (itemIndexes: number[]) => Promise<LoopOutcome[]>,
	options: ItemLoopOptions,
): Promise<INodeExecutionData[][]> {
	const itemCount = this.getInputData().length;
	const batchSize = Math.max(1, options.batchSize ?? 1);
	const units: number[][] = [];
	for (let start = 0; start < itemCount; start += batchSize) {
		units.push(Array.from({ length: Math.min(batchSize, itemCount - start) }, (_, k) => start + k));
	}
	const continueOnFail = this.continueOnFail();
	const node = this.getNode();

	const outcomesPerUnit = await mapWithConcurrency(units, options.concurrency, async (unit) => {
		let outcomes: LoopOutcome[];
		try {
			outcomes = await handle(unit);
		} catch (error) {
			const asNodeError = toNodeError(node, error, unit[0]);
			outcomes = unit.map(() => asNodeError);
		}
		if (!continueOnFail) {
			const failed = outcomes.findIndex(isError);
			if (failed !== -1) throw withItemIndex(outcomes[failed] as NodeApiError, unit[failed]);
		}
		return outcomes;
	});

	const output: INodeExecutionData[] = [];
	units.forEach((unit, u) => {
		unit.forEach((itemIndex, k) => {
			const outcome = outcomesPerUnit[u][k];
			const pairedItem = { item: itemIndex };
			if (isError(outcome)) {
				output.push({ json: errorItem(outcome), pairedItem });
			} else if (outcome instanceof WithBinary) {
				output.push({ json: outcome.json, binary: outcome.binary, pairedItem });
			} else if (Array.isArray(outcome)) {
				for (const json of outcome) output.push({ json, pairedItem });
			} else {
				output.push({ json: outcome, pairedItem });
			}
		});
	});
	return [output];
}

function isError(outcome: LoopOutcome): outcome is NodeApiError | NodeOperationError {
	return outcome instanceof NodeApiError || outcome instanceof NodeOperationError;
}

function toNodeError(
	node: ReturnType<IExecuteFunctions['getNode']>,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
}

function withItemIndex<E extends NodeApiError | NodeOperationError>(error: E, itemIndex: number): E {
	error.context.itemIndex = itemIndex;
	return error;
}

/** The output item of a failed item under Continue On Fail: n8n's `error` field plus WeChat's details. */
function errorItem(error: NodeApiError | NodeOperationError): IDataObject {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if (typeof error.context.errcode === 'number') json.errcode = error.context.errcode;
	if (typeof error.context.errmsg === 'string') json.errmsg = error.context.errmsg;
	return json;
}
