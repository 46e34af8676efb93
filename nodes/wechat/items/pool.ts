/**
 * Runs `work` over `inputs` with at most `concurrency` in flight. Results keep input order.
 * After the first failure no new work starts; work already in flight finishes, then the failure is thrown
 * (so nothing is left running behind the node's back).
 */
export async function mapWithConcurrency<T, R>(
	inputs: readonly T[],
	concurrency: number,
	work: (input: T, index: number) => Promise<R>,
): Promise<R[]> {
	const results = new Array<R>(inputs.length);
	const limit = Math.max(1, Math.min(Math.floor(concurrency) || 1, inputs.length || 1));
	let next = 0;
	let failure: { error: unknown } | undefined;

	async function lane(): Promise<void> {
		while (failure === undefined && next < inputs.length) {
			const index = next++;
			try {
				results[index] = await work(inputs[index], index);
			} catch (error) {
				failure ??= { error };
			}
		}
	}

	await Promise.all(Array.from({ length: limit }, lane));
	if (failure !== undefined) throw failure.error;
	return results;
}
