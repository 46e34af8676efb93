import type { IDataObject } from 'n8n-workflow';

/** The error a node run throws (a NodeApiError/NodeOperationError in practice); fails the test when it succeeds. */
export async function failureOf(promise: Promise<unknown>): Promise<Error & { description?: string; context: IDataObject }> {
	try {
		await promise;
	} catch (error) {
		return error as never;
	}
	throw new Error('expected it to fail');
}
