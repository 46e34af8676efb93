'use strict';
/**
 * The HTTP control API under /__sim/ (for out-of-process users: benchmarks, the demo): the routes below plus
 * the `control` routes of every API family (api/index.js). Answers JSON; a thrown error answers 400.
 */
const { FAMILIES } = require('./api');

/** @type {Record<string, (sim: any, ctx: { body: any, q: URLSearchParams }) => any>} */
const CONTROL = {
	'GET /__sim/stats': (sim) => sim.stats(),
	'POST /__sim/fault': (sim, { body }) => ({ id: sim.fault(body) }),
	'POST /__sim/faults/clear'(sim) {
		sim.clearFaults();
		return { ok: true };
	},
	'POST /__sim/reset'(sim) {
		sim.reset();
		return { ok: true };
	},
	'POST /__sim/seed'(sim, { body }) {
		sim.seedFollowers(body.n, { unionIdEvery: body.unionIdEvery });
		return { ok: true, followers: sim._followers };
	},
	'POST /__sim/advance-time'(sim, { body }) {
		sim.advanceTime(Number(body.seconds) || 0);
		return { ok: true };
	},
	'GET /__sim/person': (sim, { q }) => sim.person(Number(q.get('i'))),
};
for (const family of FAMILIES) {
	for (const [route, handler] of Object.entries(family.control || {})) {
		if (CONTROL[route]) throw new Error(`simulator: ${route} is defined twice (${family.name})`);
		CONTROL[route] = handler;
	}
}

const methods = {
	/** @param {string} method @param {string} path @param {URLSearchParams} q @param {string} bodyText */
	async _control(method, path, q, bodyText) {
		let body = {};
		if (bodyText) {
			try {
				body = JSON.parse(bodyText);
			} catch {
				return { status: 400, json: { error: 'body is not JSON' } };
			}
		}
		const handler = CONTROL[`${method} ${path}`];
		if (!handler) return { status: 404, raw: 'Not Found', contentType: 'text/plain' };
		try {
			return { json: await handler(this, { body, q }) };
		} catch (e) {
			return { status: 400, json: { error: /** @type {Error} */ (e).message } };
		}
	},
};

module.exports = { methods, CONTROL };
