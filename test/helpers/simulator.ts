/**
 * The WeChat simulator's lifecycle as the integration tests share it: started once per test file, stopped
 * after it, and before each test reset together with the package's token state. `followers` seeds it;
 * `fastRetries` shortens the transport's retry delays (5, 10, 20 ms) for the file and restores them after.
 * Returns the simulator (usable inside hooks and tests, once the file's beforeAll has run).
 */
import { clearTokenStateForTests } from '../../nodes/wechat/client/token';
import { retryDelaysMs } from '../../nodes/wechat/client/transport';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSimulator } = require('../../tools/simulator');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function useSimulator(options: { followers?: number; fastRetries?: boolean } = {}): any {
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	let sim: any;
	const savedDelays = [...retryDelaysMs];
	beforeAll(async () => {
		sim = await startSimulator({ port: 0 });
		if (options.followers !== undefined) sim.seedFollowers(options.followers);
	});
	afterAll(async () => {
		if (options.fastRetries) retryDelaysMs.splice(0, retryDelaysMs.length, ...savedDelays);
		await sim.stop();
	});
	beforeEach(() => {
		sim.reset();
		clearTokenStateForTests();
		if (options.fastRetries) retryDelaysMs.splice(0, retryDelaysMs.length, 5, 10, 20);
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
