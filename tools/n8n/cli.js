'use strict';
/**
 * The n8n CLI: import:credentials / import:workflow, publish:workflow (activation), execute --rawOutput and
 * parseRawOutput, each run to completion in its own process group with its own ports.
 * `methods` are mixed into N8nInstance (instance.js).
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { TIMEOUTS, debug, raceTimeout } = require('./config');
const { PORT_CLASH } = require('./processes');
const n8n1x = require('./n8n1x');

/** A CLI process killed by a crash signal (not by the harness's timeout). */
function isExitCrash(res) {
	return res.code === null && ['SIGSEGV', 'SIGBUS', 'SIGABRT'].includes(res.signal);
}

/** Finds the JSON object n8n `execute --rawOutput` printed (pretty-printed, `{` and `}` alone on a line). */
function parseRawOutput(text) {
	const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
	const starts = [];
	const ends = [];
	lines.forEach((line, i) => {
		if (line === '{') starts.push(i);
		if (line === '}') ends.push(i);
	});
	for (let s = starts.length - 1; s >= 0; s--) {
		for (let e = ends.length - 1; e >= 0 && ends[e] > starts[s]; e--) {
			try {
				const parsed = JSON.parse(lines.slice(starts[s], ends[e] + 1).join('\n'));
				if (parsed && parsed.data && parsed.data.resultData) return parsed;
			} catch {
				// try a shorter span
			}
		}
	}
	return undefined;
}

const methods = {
	/** Runs an n8n CLI command to completion (regular-mode env, own broker port). */
	async _cli(args, options = {}) {
		for (let attempt = 1; ; attempt++) {
			const res = await this._cliOnce(args, options);
			const clash = res.code !== 0 && !res.stdout.includes('"resultData"') && PORT_CLASH.test(this._entryText(res.entry));
			if (!clash || attempt >= 3) return res;
			debug(`n8n ${args[0]}: port clash, running it again`);
		}
	},

	async _cliOnce(args, { timeoutMs = TIMEOUTS.cli, env = {}, captureStdout = false } = {}) {
		this._requirePrepared();
		const name = `cli-${++this.cliCounter}-${args[0].replace(/[^a-z0-9]+/gi, '-')}`;
		const stdoutFile = captureStdout ? path.join(this.logDir, `${name}.stdout.log`) : undefined;
		const fullEnv = {
			...this._baseEnv(),
			N8N_PORT: String(await this._freePort()),
			N8N_RUNNERS_BROKER_PORT: String(await this._freePort()),
			...env,
		};
		const started = Date.now();
		const entry = this._spawn(name, this.nodeBin, [this.n8nBin, ...args], fullEnv, { stdoutFile, kind: 'cli' });
		const outcome = await raceTimeout(entry.exited, timeoutMs);
		if (outcome === 'timeout') {
			this._reap(entry);
			await entry.exited;
			throw new Error(
				`\`n8n ${args.join(' ')}\` timed out after ${timeoutMs / 1000}s\n${this._tailOf(entry, 80)}`,
			);
		}
		// The command may leave children (task runner) behind in its group.
		this._reap(entry);
		const ms = Date.now() - started;
		debug(`n8n ${args.join(' ')} -> exit ${entry.exit.code} in ${ms} ms`);
		const stdout = stdoutFile ? fs.readFileSync(stdoutFile, 'utf8') : '';
		return { entry, code: entry.exit.code, signal: entry.exit.signal, ms, stdout };
	},

	/**
	 * Runs a CLI command that must succeed. n8n 2.41.1 CLI commands on Node 24 sometimes die with SIGSEGV
	 * while exiting, after their work is done (seen on `execute`, ~1 run in 5 under load): a crash at exit is
	 * accepted when `verify()` confirms the effect in the database (recorded in `this.warnings`).
	 */
	async _cliOk(args, { verify, ...options } = {}) {
		const res = await this._cli(args, options);
		if (res.code === 0) return res;
		if (isExitCrash(res) && verify && (await verify().catch(() => false))) {
			this._crashedAtExit(args, res);
			return res;
		}
		throw new Error(`\`n8n ${args.join(' ')}\` failed (exit ${res.code}, ${res.signal || 'no signal'})\n${this._tailOf(res.entry, 80)}`);
	},

	_crashedAtExit(args, res) {
		const note = `\`n8n ${args[0]}\` crashed with ${res.signal} while exiting, after completing its work`;
		this.warnings.push(note);
		debug(note);
	},

	/** `n8n import:credentials`: [{ id, name, type, data }], plain `data` objects are encrypted on import. */
	async importCredentials(credentials) {
		if (!Array.isArray(credentials) || credentials.length === 0) throw new Error('importCredentials: pass a non-empty array');
		for (const c of credentials) {
			if (!c.id || !c.name || !c.type || !c.data) throw new Error(`importCredentials: every credential needs id, name, type, data: ${JSON.stringify(c)}`);
		}
		const file = path.join(this.dir, 'import', `credentials-${Date.now()}-${crypto.randomBytes(3).toString('hex')}.json`);
		fs.writeFileSync(file, JSON.stringify(credentials, null, 2));
		const ids = credentials.map((c) => String(c.id));
		const res = await this._cliOk(['import:credentials', `--input=${file}`], {
			verify: async () => (await this._existingIds('credentials_entity', ids)).length === ids.length,
		});
		this.timings.importCredentials = res.ms;
		return res;
	},

	/** `n8n import:workflow`: workflows need ids. Importing deactivates them: call activate() afterwards. */
	async importWorkflows(workflows) {
		if (!Array.isArray(workflows) || workflows.length === 0) throw new Error('importWorkflows: pass a non-empty array');
		const normalised = workflows.map((wf) => {
			if (!wf || !wf.id) throw new Error(`importWorkflows: every workflow needs an id (got ${wf && wf.name})`);
			return { active: false, settings: {}, connections: {}, ...wf, name: wf.name || wf.id };
		});
		const file = path.join(this.dir, 'import', `workflows-${Date.now()}-${crypto.randomBytes(3).toString('hex')}.json`);
		fs.writeFileSync(file, JSON.stringify(normalised, null, 2));
		const ids = normalised.map((wf) => String(wf.id));
		const res = await this._cliOk(['import:workflow', `--input=${file}`], {
			verify: async () => (await this._existingIds('workflow_entity', ids)).length === ids.length,
		});
		this.timings.importWorkflows = res.ms;
		return res;
	},

	/** `n8n publish:workflow --id`: active from the next start() (publication is applied at startup).
	 * n8n 1.x has no publish:workflow: see n8n1x.js activate(). */
	async activate(workflowId) {
		if (n8n1x.is1x(this)) return await n8n1x.activate(this, workflowId);
		const res = await this._cliOk(['publish:workflow', `--id=${workflowId}`], {
			verify: async () =>
				(await this.sql('SELECT id FROM workflow_entity WHERE id = ? AND activeVersionId IS NOT NULL', [String(workflowId)]))
					.length === 1,
		});
		this.timings.activate = res.ms;
		return res;
	},

	async _existingIds(table, ids) {
		const rows = await this.sql(`SELECT id FROM ${table} WHERE id IN (${ids.map(() => '?').join(',')})`, ids);
		return rows.map((r) => String(r.id));
	},

	/**
	 * `n8n execute --id X --rawOutput` (the workflow needs a Manual Trigger). Returns the parsed run
	 * ({ data: { resultData: { runData } }, status, mode, ... }). Throws with the log tail when the execution
	 * failed or printed nothing parseable, unless { allowFailure: true } (then a failed run is returned).
	 */
	async execute(workflowId, { timeoutMs = TIMEOUTS.cli, env = {}, allowFailure = false } = {}) {
		// `this.log()` of the execute command goes through the logger at info level: keep info (debug would
		// prefix the JSON with a timestamp). The CLI ignores queue mode anyway.
		const res = await this._cli(['execute', `--id=${workflowId}`, '--rawOutput'], {
			timeoutMs,
			env: { N8N_LOG_LEVEL: 'info', ...env },
			captureStdout: true,
		});
		this.timings.execute = res.ms;
		const parsed = parseRawOutput(res.stdout);
		const succeeded = Boolean(parsed) && parsed.status === 'success' && !parsed.data.resultData.error;
		// The run data is printed once the execution is stored: a crash after that is n8n's exit, not the run.
		if (succeeded && isExitCrash(res)) this._crashedAtExit(['execute'], res);
		const failed = !succeeded || (res.code !== 0 && !isExitCrash(res));
		if (failed && !(allowFailure && parsed)) {
			const error = parsed && parsed.data.resultData.error;
			const why = !parsed
				? 'printed no parseable run data'
				: `failed: ${error ? `${error.message}${error.description ? ` (${error.description})` : ''}` : `status ${parsed.status}`}`;
			const err = new Error(`Workflow ${workflowId} ${why} (exit ${res.code === null ? res.signal : res.code})\n${this._tailOf(res.entry, 80)}`);
			err.result = parsed;
			throw err;
		}
		return parsed;
	},

	/**
	 * json of every item a node output: result of execute() or executionData(); `run` (default: last run)
	 * and `output` index (default 0).
	 */
	outputOf(result, nodeName, { run = -1, output = 0 } = {}) {
		const resultData = result && ((result.data && result.data.resultData) || result.resultData);
		if (!resultData) throw new Error('outputOf: not a run result');
		const runs = resultData.runData[nodeName];
		if (!runs || runs.length === 0) {
			throw new Error(`outputOf: node "${nodeName}" did not run (ran: ${Object.keys(resultData.runData).join(', ')})`);
		}
		const taskData = runs[run < 0 ? runs.length + run : run];
		if (taskData.error) throw new Error(`outputOf: node "${nodeName}" failed: ${taskData.error.message}`);
		const main = (taskData.data && taskData.data.main) || [];
		return (main[output] || []).map((item) => item.json);
	},
};

module.exports = { methods, parseRawOutput, isExitCrash };
