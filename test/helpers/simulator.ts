/**
 * The WeChat simulator's lifecycle as the integration tests share it: started once per test file, stopped
 * after it, and reset before each test. `followers` seeds it. (The package's token cache needs no reset: each
 * CredentialStore is a process of its own, see tools/n8n-context.)
 * Returns the simulator (usable inside hooks and tests, once the file's beforeAll has run).
 */

/** Back-off waits for contexts whose tests provoke retries: milliseconds instead of seconds. */
export const FAST_RETRIES = [5, 10, 20];

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSimulator } = require('../../tools/simulator');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function useSimulator(options: { followers?: number } = {}): any {
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	let sim: any;
	beforeAll(async () => {
		sim = await startSimulator({ port: 0 });
		if (options.followers !== undefined) sim.seedFollowers(options.followers);
	});
	afterAll(async () => {
		await sim.stop();
	});
	beforeEach(() => {
		sim.reset();
	});
	return new Proxy(
		{},
		{
			get(_target, key) {
				if (!sim) throw new Error('the simulator starts in beforeAll: use it inside hooks and tests');
				const value = sim[key];
				return typeof value === 'function' ? value.bind(sim) : value;
			},
		},
	);
}
