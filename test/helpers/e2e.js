'use strict';
/** Helpers shared by the e2e tests (test/e2e). Workflow and credential builders: tools/workflows.js. */

/** WeChat API calls (token endpoints aside) the simulator received since the `before` snapshot of sim.calls. */
function apiCallsSince(sim, before) {
	const calls = {};
	for (const [p, count] of Object.entries(sim.calls)) {
		if (p === '/cgi-bin/stable_token' || p === '/cgi-bin/token') continue;
		if (count - (before[p] || 0) > 0) calls[p] = count - (before[p] || 0);
	}
	return calls;
}

/** The CRM example with its placeholder template replaced by the simulator's TPL_PAYMENT (same keywords). */
function crmExample(file) {
	const { example, templateSendNode } = require('../../tools/workflows');
	const workflow = example(file);
	templateSendNode(workflow).parameters.template = { __rl: true, mode: 'list', value: 'TPL_PAYMENT', cachedResultName: 'Payment received' };
	return workflow;
}

module.exports = { apiCallsSince, crmExample };
