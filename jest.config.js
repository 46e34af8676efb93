/**
 * One jest run for everything, so the closing `N passed, N failed` line (test/reporter.js) counts it all:
 * - unit + integration: TypeScript on ts-jest, mocks allowed, the simulator over loopback;
 * - e2e on n8n 2.41.1 and again on n8n 1.123.81: the same files in test/e2e, each project telling the
 *   harness which n8n to run (test/e2e/use-n8n-*.js). e2e projects start real n8n processes: run with
 *   --runInBand (npm test does).
 */
const e2eProject = (version) => ({
	displayName: `e2e n8n ${version}`,
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/e2e/**/*.test.js'],
	setupFiles: [`<rootDir>/test/e2e/use-n8n-${version.split('.')[0]}.js`],
});

module.exports = {
	// Per-test timeouts of the e2e files are set in the files themselves (n8n starts take tens of seconds).
	testTimeout: 60000,
	reporters: ['default', '<rootDir>/test/reporter.js'],
	projects: [
		{
			displayName: 'unit + integration',
			preset: 'ts-jest',
			testEnvironment: 'node',
			testMatch: ['<rootDir>/test/unit/**/*.test.{ts,js}', '<rootDir>/test/integration/**/*.test.{ts,js}'],
			transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
		},
		e2eProject('2.41.1'),
		e2eProject('1.123.81'),
	],
};
