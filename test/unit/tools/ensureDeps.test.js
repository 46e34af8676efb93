'use strict';
/**
 * scripts/ensure-deps.js, the Debian packages part (`npm test` runs it first): what is missing is found from
 * PATH (and /usr/lib/postgresql/<version>/bin), installed with apt-get only as root, otherwise `npm test`
 * stops at once with one line naming what to install.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { missingPackages, systemPlan } = require('../../../scripts/ensure-deps');

const SCRIPT = path.resolve(__dirname, '../../../scripts/ensure-deps.js');

/** A file system with only these executables (and folders for readdir). */
function fakeFs(executables, folders = {}) {
	return {
		accessSync(file) {
			if (!executables.includes(file)) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
		},
		readdirSync(dir) {
			if (!folders[dir]) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
			return folders[dir];
		},
	};
}

test('a PATH without them: redis-server, postgresql and chromium are missing, and the one line says what to install', () => {
	const missing = missingPackages({ PATH: '/opt/node/bin', fsApi: fakeFs(['/opt/node/bin/node']) });
	expect(missing).toEqual(['redis-server', 'postgresql', 'chromium']);
	const plan = systemPlan(missing, { isRoot: false, hasAptGet: true, aptAllowed: true });
	expect(plan.action).toBe('fail');
	expect(plan.message.split('\n')).toHaveLength(1);
	expect(plan.message).toContain('sudo apt-get install -y redis-server postgresql chromium');
});

test("Debian's layout is found: initdb/pg_ctl in /usr/lib/postgresql/15/bin, psql and redis-server on PATH, /usr/bin/chromium", () => {
	const fsApi = fakeFs(
		['/usr/bin/redis-server', '/usr/bin/psql', '/usr/lib/postgresql/15/bin/initdb', '/usr/lib/postgresql/15/bin/pg_ctl', '/usr/bin/chromium'],
		{ '/usr/lib/postgresql': ['15'] },
	);
	expect(missingPackages({ PATH: '/usr/bin:/bin', fsApi })).toEqual([]);
	expect(systemPlan([], { isRoot: false, hasAptGet: false, aptAllowed: true })).toEqual({ action: 'none' });
});

test('as root with apt-get they are installed as .ci/run does; not when ENSURE_DEPS_APT=0 or without apt-get', () => {
	expect(systemPlan(['redis-server', 'postgresql'], { isRoot: true, hasAptGet: true, aptAllowed: true })).toEqual({
		action: 'install',
		command: 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server postgresql',
	});
	expect(systemPlan(['postgresql'], { isRoot: true, hasAptGet: true, aptAllowed: false }).action).toBe('fail');
	expect(systemPlan(['postgresql'], { isRoot: true, hasAptGet: false, aptAllowed: true }).message).toMatch(/^\[deps\] the e2e tests need postgresql: install it with `sudo apt-get install -y postgresql`/);
});

test('the script itself, on a PATH with only node: exits 1 within seconds, one line on stderr', () => {
	const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'ensure-deps-'));
	try {
		fs.symlinkSync(process.execPath, path.join(bin, 'node'));
		const started = Date.now();
		const res = spawnSync(path.join(bin, 'node'), [SCRIPT], {
			env: { PATH: bin, ENSURE_DEPS_APT: '0', E2E_CHROMIUM: '/nonexistent/chromium' },
			encoding: 'utf8',
			timeout: 30_000,
		});
		expect(Date.now() - started).toBeLessThan(5000);
		expect(res.status).toBe(1);
		const lines = res.stderr.trim().split('\n');
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatch(/^\[deps\] the e2e tests need redis-server, (postgresql, )?chromium: install them with `sudo apt-get install -y redis-server (postgresql )?chromium`/);
	} finally {
		fs.rmSync(bin, { recursive: true, force: true });
	}
});
