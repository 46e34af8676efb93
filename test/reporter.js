'use strict';
const fs = require('fs');
/**
 * Jest reporter that ends the run with one plain line: `N passed, N failed` (`, N skipped` when some were).
 * A test file that could not run at all (syntax error, crash outside any test) counts as one failure, so the
 * line never says "0 failed" for a red run. Use next to the default reporter:
 *   reporters: ['default', '<rootDir>/test/reporter.js']
 */
class SummaryLineReporter {
	onRunComplete(_contexts, results) {
		let failed = results.numFailedTests;
		for (const file of results.testResults) {
			if (file.testExecError || (file.failureMessage && file.numFailingTests === 0)) failed += 1;
		}
		const skipped = results.numPendingTests + results.numTodoTests;
		const line = `${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
		// Jest's own summary reporter writes after this one: print when the process exits, so that the line
		// is the last one of the run.
		process.once('exit', () => {
			try {
				fs.writeSync(1, `\n${line}\n`);
			} catch {
				// stdout closed
			}
		});
	}

	getLastError() {
		return undefined;
	}
}

module.exports = SummaryLineReporter;
