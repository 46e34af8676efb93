/**
 * The router every app node's execute() is: it picks the operation from Resource and Operation and hands
 * its work to the item loop, which owns input order, pairedItem, concurrency and Continue On Fail. An
 * operation only says how to prepare a run and what one unit of items produces.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runItemLoop } from './itemLoop';
import type { LoopOutcome } from './itemLoop';

export interface OperationRun {
	/** One outcome per item index of the unit (see runItemLoop). */
	handle: (itemIndexes: number[]) => Promise<LoopOutcome[]>;
	/** Units in flight at once. */
	concurrency: number;
	/** Items per unit (e.g. 100 for WeChat's batch endpoints). Default 1. */
	batchSize?: number;
}

/** Reads what the whole run needs (and checks every item where sending must not start half-way). */
export type Operation = (this: IExecuteFunctions) => Promise<OperationRun>;

/** resource -> operation -> Operation, as listed in the node's description. */
export type OperationTable = Record<string, Record<string, Operation>>;

/** One unit = one item, answered by `run(itemIndex)`. */
export function perItem(concurrency: number, run: (itemIndex: number) => Promise<LoopOutcome>): OperationRun {
	return { concurrency, handle: async ([itemIndex]) => [await run(itemIndex)] };
}

export async function routeOperation(this: IExecuteFunctions, operations: OperationTable): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const prepare = operations[resource]?.[operation];
	if (!prepare) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of resource "${resource}" is not supported`, {
			description: 'Pick the resource and operation again from the lists: this workflow may come from another version of the package.',
		});
	}
	const run = await prepare.call(this);
	return await runItemLoop.call(this, run.handle, { concurrency: run.concurrency, batchSize: run.batchSize });
}
