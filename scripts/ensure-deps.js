#!/usr/bin/env node
'use strict';
/**
 * Installs the devDependencies (`npm ci`) when they are missing or older than package-lock.json, so that
 * `npm run demo` and `npm test` work on a fresh clone. Plain Node, no dependencies; a no-op that costs a
 * few milliseconds when node_modules is up to date.
 *
 * Run it first thing in a script (`node scripts/ensure-deps.js && ...`, or `require('./ensure-deps')()` as
 * scripts/demo.js does), not as a `pre` script: the project's .npmrc sets ignore-scripts=true (needed to
 * install the devDependencies), and with it npm runs no pre/post scripts.
 *
 * Up to date = node_modules/.package-lock.json (written by npm at the end of every install) is at least as
 * new as package-lock.json, or, when it is older (a checkout touched the lock file), lists the same
 * package versions as package-lock.json (packages missing from it must be optional, e.g. other platforms'
 * binaries). Anything else, or anything unreadable, runs `npm ci` (`npm install` if npm ci refuses the lock file).
 *
 * Then the programs the e2e tests start, which npm cannot install (Debian packages): redis-server (queue mode),
 * PostgreSQL's initdb/pg_ctl/psql (queue mode runs n8n on PostgreSQL; the Postgres example), Chromium (the
 * editor test). Missing ones are installed with apt-get as .ci/run does when this runs as root on a machine
 * with apt-get (ENSURE_DEPS_APT=0 forbids it); otherwise `npm test` stops at once with one line naming what to
 * install.
 *
 * ENSURE_DEPS=0 skips both checks.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const lockFile = path.join(root, 'package-lock.json');
const modulesDir = path.join(root, 'node_modules');
const hiddenLockFile = path.join(modulesDir, '.package-lock.json');

function mtimeMs(file) {
	try {
		return fs.statSync(file).mtimeMs;
	} catch {
		return undefined;
	}
}

/** Why `npm ci` is needed, or undefined when node_modules matches package-lock.json. */
function staleReason() {
	const lockTime = mtimeMs(lockFile);
	if (lockTime === undefined) return undefined; // no lock file: nothing to compare with (npm ci would fail)
	if (mtimeMs(modulesDir) === undefined) return 'node_modules is missing';
	const hiddenTime = mtimeMs(hiddenLockFile);
	if (hiddenTime === undefined) return 'node_modules was not installed by npm 7+ (no node_modules/.package-lock.json)';
	if (hiddenTime >= lockTime) return undefined;
	// Older than the lock file: compare what is installed with what is locked.
	try {
		const locked = JSON.parse(fs.readFileSync(lockFile, 'utf8')).packages || {};
		const installed = JSON.parse(fs.readFileSync(hiddenLockFile, 'utf8')).packages || {};
		for (const [key, entry] of Object.entries(locked)) {
			if (key === '') continue;
			const have = installed[key];
			if (!have) {
				if (entry.optional) continue;
				return `package-lock.json changed (${key.replace(/^node_modules\//, '')} is not installed)`;
			}
			if (have.version !== entry.version) {
				return `package-lock.json changed (${key.replace(/^node_modules\//, '')} ${have.version} -> ${entry.version})`;
			}
		}
		for (const key of Object.keys(installed)) {
			if (!locked[key]) return `package-lock.json changed (${key.replace(/^node_modules\//, '')} was removed)`;
		}
		return undefined;
	} catch (error) {
		return `node_modules is older than package-lock.json (${error.message})`;
	}
}

/** The Debian packages the e2e tests need, and how to tell each is there. */
const SYSTEM_PACKAGES = [
	{ name: 'redis-server', programs: ['redis-server'] },
	// initdb/pg_ctl live in /usr/lib/postgresql/<version>/bin (tools/postgres.js looks there too)
	{ name: 'postgresql', programs: ['initdb', 'pg_ctl', 'psql'], dirs: ['/usr/lib/postgresql/*/bin'] },
	{ name: 'chromium', programs: ['chromium'], files: [process.env.E2E_CHROMIUM || '/usr/bin/chromium'] },
];

/** True when `program` is an executable file in one of `dirs`. */
function findProgram(program, dirs, fsApi) {
	return dirs.some((dir) => {
		try {
			fsApi.accessSync(path.join(dir, program), fs.constants.X_OK);
			return true;
		} catch {
			return false;
		}
	});
}

/** `/usr/lib/postgresql/* /bin` -> the existing folders. */
function expandDirs(patterns, fsApi) {
	return patterns.flatMap((pattern) => {
		const star = pattern.indexOf('*');
		if (star < 0) return [pattern];
		const parent = path.dirname(pattern.slice(0, star + 1));
		const rest = pattern.slice(star + 2);
		try {
			return fsApi.readdirSync(parent).map((entry) => path.join(parent, entry, rest));
		} catch {
			return [];
		}
	});
}

/** Names of the Debian packages whose programs are not found (PATH given, fs injectable for tests). */
function missingPackages({ PATH = process.env.PATH || '', fsApi = fs } = {}) {
	const pathDirs = PATH.split(path.delimiter).filter(Boolean);
	return SYSTEM_PACKAGES.filter((pkg) => {
		if ((pkg.files || []).some((file) => findProgram(path.basename(file), [path.dirname(file)], fsApi))) return false;
		const dirs = [...pathDirs, ...expandDirs(pkg.dirs || [], fsApi)];
		return !pkg.programs.every((program) => findProgram(program, dirs, fsApi));
	}).map((pkg) => pkg.name);
}

/**
 * What to do about missing packages: { action: 'none' } | { action: 'install', command } (root with apt-get,
 * not forbidden) | { action: 'fail', message } (one line: what to install).
 */
function systemPlan(missing, { isRoot, hasAptGet, aptAllowed }) {
	if (missing.length === 0) return { action: 'none' };
	const list = missing.join(' ');
	if (isRoot && hasAptGet && aptAllowed) return { action: 'install', command: `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${list}` };
	return {
		action: 'fail',
		message: `[deps] the e2e tests need ${missing.join(', ')}: install ${missing.length > 1 ? 'them' : 'it'} with \`sudo apt-get install -y ${list}\` (Debian/Ubuntu), then run npm test again (ENSURE_DEPS=0 skips this check)`,
	};
}

/** Checks the Debian packages; installs them (root + apt-get) or says in one line what to install. */
function ensureSystemPackages() {
	const missing = missingPackages();
	const hasAptGet = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
	const plan = systemPlan(missing, { isRoot: process.getuid?.() === 0, hasAptGet, aptAllowed: process.env.ENSURE_DEPS_APT !== '0' });
	if (plan.action === 'none') return 0;
	if (plan.action === 'fail') {
		process.stderr.write(`${plan.message}\n`);
		return 1;
	}
	process.stderr.write(`[deps] installing ${missing.join(', ')} (Debian packages the e2e tests need): ${plan.command}\n`);
	const result = spawnSync('sh', ['-c', plan.command], { stdio: 'inherit' });
	const still = missingPackages();
	if (result.status !== 0 || still.length) {
		process.stderr.write(`[deps] apt-get could not install ${still.join(', ') || missing.join(', ')} (exit ${result.status}): install ${still.length > 1 ? 'them' : 'it'} by hand\n`);
		return 1;
	}
	return 0;
}

/** Checks node_modules, installs when needed; returns 0, or the failed install's exit status. (What
 * scripts/demo.js calls: the demo needs no Debian package.) */
function ensureDeps() {
	if (process.env.ENSURE_DEPS === '0') return 0;
	const reason = staleReason();
	if (!reason) return 0;
	process.stderr.write(`[deps] ${reason}: running npm ci (a minute or two)...\n`);
	const started = Date.now();
	let status = npm(['ci', '--no-audit', '--no-fund']);
	if (status !== 0) {
		// npm ci refuses a lock file that lacks other platforms' optional binaries (as written on a machine
		// whose registry does not have them): npm install installs the same locked versions for this platform.
		process.stderr.write('[deps] npm ci failed: running npm install instead (it installs the locked versions for this platform)...\n');
		status = npm(['install', '--no-audit', '--no-fund']);
	}
	if (status !== 0) {
		process.stderr.write(`[deps] installing the dependencies failed (exit ${status})\n`);
		return typeof status === 'number' ? status : 1;
	}
	process.stderr.write(`[deps] installed in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
	return 0;
}

/** Runs npm (the one running us under `npm run`, else npm from PATH); returns its exit status. */
function npm(args) {
	const npmCli = process.env.npm_execpath;
	const [command, fullArgs] = npmCli && /npm-cli\.js$/.test(npmCli) ? [process.execPath, [npmCli, ...args]] : ['npm', args];
	const result = spawnSync(command, fullArgs, { cwd: root, stdio: 'inherit' });
	if (result.error) {
		process.stderr.write(`[deps] could not run npm: ${result.error.message}\n`);
		return 1;
	}
	return result.status === null ? result.signal : result.status;
}

module.exports = ensureDeps;
Object.assign(module.exports, { missingPackages, systemPlan, ensureSystemPackages, SYSTEM_PACKAGES });

if (require.main === module) {
	const status = ensureDeps();
	process.exitCode = status !== 0 || process.env.ENSURE_DEPS === '0' ? status : ensureSystemPackages();
}
