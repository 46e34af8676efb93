'use strict';
/**
 * Faults injected into WeChat API calls (not into /__sim/*): latency, an errcode answer, token invalidation,
 * a dropped connection (before or after processing), an HTTP error. `methods` are mixed into Simulator.
 *
 * @typedef {object} FaultSpec
 * @property {'latency'|'errcode'|'invalidateTokens'|'drop'|'http'} type
 * @property {string} [path] exact path; every path when omitted
 * @property {number} [times] how many requests it affects (unlimited when omitted)
 * @property {number} [after] skip the first N matching requests
 * @property {number} [ms] latency
 * @property {number} [errcode] @property {string} [errmsg] @property {string} [ip] for 40164
 * @property {'before'|'after'} [when] drop
 * @property {number} [status] @property {string} [body] http: answer this HTTP status and body
 */
const http = require('http');

const FAULT_TYPES = new Set(['latency', 'errcode', 'invalidateTokens', 'drop', 'http']);

function init(sim) {
	/** @type {Array<FaultSpec & { id: string, seen: number, applied: number }>} */
	sim._faults = [];
	sim._faultSeq = 0;
}

const methods = {
	/** Active faults with their `seen`/`applied` counters. */
	get faults() {
		return this._faults;
	},

	/**
	 * Inject a fault; returns its id.
	 * @param {FaultSpec} spec
	 */
	fault(spec) {
		if (!spec || !FAULT_TYPES.has(spec.type)) throw new Error(`fault type must be one of ${[...FAULT_TYPES].join(', ')}`);
		if (spec.type === 'latency' && !(Number(spec.ms) >= 0)) throw new Error('latency fault needs ms');
		if (spec.type === 'errcode' && typeof spec.errcode !== 'number') throw new Error('errcode fault needs errcode');
		if (spec.type === 'drop' && spec.when !== undefined && spec.when !== 'before' && spec.when !== 'after') throw new Error("drop.when is 'before' or 'after'");
		if (spec.type === 'http' && !(Number(spec.status) >= 100)) throw new Error('http fault needs status');
		const id = 'fault-' + ++this._faultSeq;
		this._faults.push({ ...spec, id, seen: 0, applied: 0 });
		return id;
	},
	/** @param {string} id */
	removeFault(id) {
		this._faults = this._faults.filter((f) => f.id !== id);
	},
	clearFaults() {
		this._faults = [];
	},

	/** @param {string} path @returns {Array<FaultSpec & { id: string, seen: number, applied: number }>} */
	_matchFaults(path) {
		if (this._faults.length === 0) return [];
		const out = [];
		for (const f of this._faults) {
			if (f.path !== undefined && f.path !== path) continue;
			f.seen++;
			if (f.after !== undefined && f.seen <= f.after) continue;
			if (f.times !== undefined && f.applied >= f.times) continue;
			f.applied++;
			out.push(f);
		}
		return out;
	},

	/**
	 * Applies the latency (global `latencyMs` plus latency faults) and the faults matching this request.
	 * @param {string} path @param {http.IncomingMessage} req @param {http.ServerResponse} res
	 * @returns {Promise<'answered'|'dropAfter'|undefined>} answered: the request is done (error sent or dropped);
	 *   dropAfter: process it, then drop the connection instead of answering
	 */
	async _applyFaults(path, req, res) {
		const faults = this._matchFaults(path);
		let delay = this.options.latencyMs;
		for (const f of faults) if (f.type === 'latency') delay += f.ms || 0;
		if (delay > 0) await this._sleep(delay);
		/** @type {'dropAfter'|undefined} */
		let outcome;
		for (const f of faults) {
			if (f.type === 'invalidateTokens') this.invalidateTokens();
			else if (f.type === 'drop') {
				if (f.when === 'after') outcome = 'dropAfter';
				else {
					req.socket.destroy();
					return 'answered';
				}
			} else if (f.type === 'errcode') {
				let msg = f.errmsg;
				if (msg === undefined && f.errcode === 40164) {
					const ip = f.ip || '1.2.3.4';
					msg = `invalid ip ${ip} ipv6 ::ffff:${ip}, not in whitelist`;
				}
				this._write(res, this._err(Number(f.errcode), msg));
				return 'answered';
			} else if (f.type === 'http') {
				this._write(res, { status: f.status, raw: f.body ?? http.STATUS_CODES[f.status || 500] ?? '', contentType: 'text/html' });
				return 'answered';
			}
		}
		return outcome;
	},
};

module.exports = { init, methods, FAULT_TYPES };
