/**
 * scripts/scan.mjs runs n8n's community-package scanner (@n8n/scan-community-package) on a package's source
 * and on its `npm pack` tarball. A deliberately broken fixture must fail it; this package must pass it.
 */
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const ts = require('typescript');

const root = path.resolve(__dirname, '..', '..');
const script = path.join(root, 'scripts', 'scan.mjs');
const fixture = path.join(root, 'test', 'fixtures', 'scan-broken');

/**
 * The fixture as a built package: a temp copy with dist/ compiled from its sources (the way `npm run build`
 * would), so no generated file is committed.
 */
function builtFixture() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-broken-'));
	fs.cpSync(fixture, dir, { recursive: true });
	const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
	for (const file of walk(path.join(dir, 'nodes'))) {
		const target = path.join(dir, 'dist', path.relative(dir, file));
		fs.mkdirSync(path.dirname(target), { recursive: true });
		if (file.endsWith('.ts')) {
			const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
				compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021 },
			});
			fs.writeFileSync(target.replace(/\.ts$/, '.js'), outputText);
		} else {
			fs.copyFileSync(file, target);
		}
	}
	return dir;
}

function scan(dir) {
	const r = spawnSync(process.execPath, [script, dir], { cwd: root, encoding: 'utf8', timeout: 170000 });
	return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** "source package.json:27:3 error @n8n/community-nodes/no-runtime-dependencies The ..." -> parts */
function findings(output) {
	return output
		.split('\n')
		.map((line) => /^(source|tarball) (\S+):(\d+):(\d+) (error|warning) (\S+) (.*)$/.exec(line))
		.filter(Boolean)
		.map(([, leg, file, line, , severity, rule, message]) => ({ leg, file, line: Number(line), severity, rule, message }));
}

describe('n8n community-package scanner (npm run scan)', () => {
	beforeAll(() => {
		// The tarball leg packs dist/: build it when missing (scan.mjs exits 2 without it).
		if (!fs.existsSync(path.join(root, 'dist'))) {
			execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
		}
	}, 180000);

	it('fails the broken fixture on its runtime dependency and its console.log, in the source and the tarball', () => {
		const dir = builtFixture();
		let result;
		try {
			result = scan(dir);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
		const { status, output } = result;
		const errors = findings(output).filter((f) => f.severity === 'error');
		const has = (leg, file, rule) => errors.some((f) => f.leg === leg && f.file === file && f.rule === rule);

		expect(output).toMatch(/^scan: FAILED, [1-9]\d* errors?/m);
		expect(status).toBe(1);
		for (const leg of ['source', 'tarball']) {
			expect(has(leg, 'package.json', '@n8n/community-nodes/no-runtime-dependencies')).toBe(true);
		}
		expect(has('source', 'nodes/ScanBroken/ScanBroken.node.ts', 'no-console')).toBe(true);
		expect(has('tarball', 'dist/nodes/ScanBroken/ScanBroken.node.js', 'no-console')).toBe(true);
	}, 180000);

	it('passes this package with 0 errors, having scanned its sources and its packed dist', () => {
		const { status, output } = scan(root);
		const errors = findings(output).filter((f) => f.severity === 'error');
		const summary = /^scan: (\w+), (\d+) errors?, \d+ warnings? \(source: (\d+) files, tarball: (\d+) files/m.exec(output);

		expect(errors.map((f) => `${f.leg} ${f.file}:${f.line} ${f.rule} ${f.message}`)).toEqual([]);
		expect(summary).not.toBeNull();
		expect(summary.slice(1, 3)).toEqual(['passed', '0']);
		expect(Number(summary[3])).toBeGreaterThan(0);
		expect(Number(summary[4])).toBeGreaterThan(0);
		expect(status).toBe(0);
	}, 180000);
});
