'use strict';
/**
 * The registry of WeChat API families: the one place a family is added. A family is one file in this folder
 * exporting an ApiFamily; to simulate a new part of WeChat's API (customer-service messages, tags, mass
 * send, drafts...), write `api/<family>.js` and add it to FAMILIES below. Nothing else changes: its routes
 * are served, its methods become Simulator methods, its state is created by `init`, cleared by `reset`,
 * reported by `stats`, and its `/__sim/*` control routes are served by control.js.
 *
 * @typedef {import('../state').App} App
 * @typedef {{ q: URLSearchParams, body: any, app: App }} Ctx
 * @typedef {{ json?: any, raw?: string, bytes?: Buffer, headers?: Record<string, string>, status?: number, contentType?: string }} Result
 * @typedef {object} Route
 * @property {boolean} [post] POST only (43002 otherwise); the body must be a JSON object (47001 otherwise)
 * @property {boolean} [multipart] POST only; `body` is the parsed multipart/form-data (multipart.js), never refused
 * @property {boolean} [auth] takes an access_token (token.js _auth); `app` is the token's app
 * @property {import('../state').AppType} [only] account type allowed (48001 otherwise)
 * @property {(sim: any, ctx: Ctx) => Result} handler
 *
 * @typedef {object} ApiFamily
 * @property {string} name
 * @property {Record<string, Route>} [routes] WeChat paths (exact) it answers
 * @property {object} [methods] mixed into Simulator.prototype (getters allowed); `this` is the simulator
 * @property {(sim: any) => void} [init] creates the family's state on the simulator (constructor)
 * @property {(sim: any) => void} [reset] part of sim.reset()
 * @property {(sim: any) => object} [stats] fields merged into sim.stats()
 * @property {(sim: any, opts: any) => void} [onCallback] sees every callback sim.sendCallback sends (the user's side)
 * @property {Record<string, (sim: any, ctx: { body: any, q: URLSearchParams }) => any>} [control]
 *   `'METHOD /__sim/...'` -> JSON answer (a thrown error answers 400)
 */

/** @type {ApiFamily[]} */
const FAMILIES = [
	require('./token'),
	require('./user'),
	require('./message'),
	require('./customService'),
	require('./media'),
	require('./material'),
	require('./template'),
	require('./subscription'),
	require('./wxa'),
	require('./ticket'),
	require('./ip'),
	require('./tags'),
	require('./qrcode'),
	require('./quota'),
	require('./wxaGrowth'),
	require('./draft'),
	require('./massSend'),
	require('./platform'),
];

/** path -> Route, over every family (a path answered twice is a mistake). @type {Record<string, Route>} */
const ROUTES = {};
for (const family of FAMILIES) {
	for (const [path, route] of Object.entries(family.routes || {})) {
		if (ROUTES[path]) throw new Error(`simulator: ${path} is routed twice (${family.name})`);
		ROUTES[path] = route;
	}
}

module.exports = { FAMILIES, ROUTES };
