#!/usr/bin/env node
/**
 * Runs n8n's community-package scanner (@n8n/scan-community-package, the gate a package must pass to be
 * verified) locally, without publishing. Usage: node scripts/scan.mjs [packageDir] (default: the repo root).
 *
 * The published scanner checks npm provenance, then lints two things with the same ESLint config:
 *   1. the source checkout the provenance points at: analyzePackage(sourceDir, SOURCE_FILE_PATTERNS)
 *      (package.json + nodes/ and credentials/ .ts/.js/.json);
 *   2. the tarball from the registry, extracted: analyzePackage(packageDir, ['**\/*.js', 'package.json']).
 * Here (1) is the working tree of packageDir and (2) is what `npm pack` makes of it. Both legs call the
 * scanner's own analyzePackage, so the verdict is the scanner's; its ESLint results are captured on the way
 * to print one line per finding. Provenance cannot be checked before publishing and is not checked here.
 *
 * Exit codes: 0 no errors (warnings are printed but do not fail, as in the scanner), 1 errors found,
 * 2 cannot scan (no package.json, no dist/, npm pack or tar failed).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const started = Date.now();
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packageDir = path.resolve(process.argv[2] ?? repoRoot);
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json']; // what analyzePackageByName lints in the tarball

function cannotScan(message) {
	console.error(`scan: ${message}`);
	process.exit(2);
}

if (!fs.existsSync(path.join(packageDir, 'package.json'))) cannotScan(`no package.json in ${packageDir}`);
if (!fs.existsSync(path.join(packageDir, 'dist'))) {
	cannotScan(`${path.join(packageDir, 'dist')} is missing: run npm run build first (the tarball leg scans the built package)`);
}

// eslint-plugin-n8n-nodes-base skips its file-name checks when NODE_ENV is 'test' (jest sets it), then applies
// node rules to every file, e.g. 94 false errors on nodes/shared/. n8n's scanner does not run under it.
if (process.env.NODE_ENV === 'test') delete process.env.NODE_ENV;

// Load the scanner and the very ESLint instance it lints with (resolved from the scanner's own location).
const require = createRequire(import.meta.url);
let scannerPath;
try {
	scannerPath = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
} catch {
	cannotScan('@n8n/scan-community-package is not installed: run npm ci');
}
const scannerRequire = createRequire(scannerPath);
const { ESLint } = scannerRequire('eslint');
// The scanner makes a tmp dir when it is loaded and only removes it on exit under graceful cleanup.
scannerRequire('tmp').setGracefulCleanup();
const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(pathToFileURL(scannerPath).href);

// analyzePackage only returns a pass/fail and a formatted text: keep the results it lints.
let captured = null;
const lintFiles = ESLint.prototype.lintFiles;
ESLint.prototype.lintFiles = async function (...args) {
	const results = await lintFiles.apply(this, args);
	captured = results;
	return results;
};

async function runLeg(label, dir, patterns) {
	captured = null;
	const verdict = await analyzePackage(dir, patterns);
	const findings = [];
	for (const result of captured ?? []) {
		for (const m of result.messages) {
			findings.push({
				file: path.relative(dir, result.filePath).split(path.sep).join('/'),
				line: m.line ?? 0,
				column: m.column ?? 0,
				severity: m.severity === 2 ? 'error' : 'warning',
				rule: m.ruleId ?? (m.fatal ? 'parse-error' : 'eslint'),
				message: m.message.replace(/\s+/g, ' ').trim(),
			});
		}
	}
	const files = captured?.length ?? 0;
	let errors = findings.filter((f) => f.severity === 'error').length;
	if (!verdict.passed && errors === 0) {
		// The scanner failed without an ESLint error to show (e.g. "Analysis failed: <config or parser error>").
		findings.push({ file: '.', line: 0, column: 0, severity: 'error', rule: 'scanner', message: verdict.message });
		errors++;
	}
	if (files === 0) {
		// The scanner passes an empty file list; a scan that looked at nothing proves nothing, so fail here.
		findings.push({ file: '.', line: 0, column: 0, severity: 'error', rule: 'scanner', message: `no files matched ${patterns.join(', ')}` });
		errors++;
	}
	for (const f of findings) {
		console.log(`${label} ${f.file}:${f.line}:${f.column} ${f.severity} ${f.rule} ${f.message}`);
	}
	return { label, files, errors, warnings: findings.length - errors };
}

class CannotScan extends Error {}

function run(command, args, cwd) {
	const r = spawnSync(command, args, { cwd, encoding: 'utf8', shell: process.platform === 'win32' });
	if (r.status !== 0) throw new CannotScan(`${command} ${args.join(' ')} failed in ${cwd}:\n${r.stderr || r.stdout || r.error}`);
	return r.stdout;
}

const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-scan-'));
let legs;
try {
	const source = await runLeg('source', packageDir, SOURCE_FILE_PATTERNS);

	// Same steps as the scanner's downloadAndExtractPackage, with `npm pack` of the local directory.
	const packed = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmpDir], packageDir));
	const tarball = path.join(tmpDir, packed[0].filename);
	const extracted = path.join(tmpDir, 'package');
	fs.mkdirSync(extracted);
	run('tar', ['-xzf', tarball, '-C', extracted, '--strip-components=1'], tmpDir);
	const tarballLeg = await runLeg('tarball', extracted, TARBALL_FILE_PATTERNS);
	tarballLeg.name = `${packed[0].filename}, ${packed[0].entryCount} entries`;
	legs = [source, tarballLeg];
} catch (error) {
	console.error(`scan: ${error instanceof CannotScan ? error.message : error.stack}`);
} finally {
	ESLint.prototype.lintFiles = lintFiles;
	fs.rmSync(tmpDir, { recursive: true, force: true });
}

if (!legs) process.exit(2);
const errors = legs.reduce((n, l) => n + l.errors, 0);
const warnings = legs.reduce((n, l) => n + l.warnings, 0);
const [source, tarballLeg] = legs;
console.log(
	`scan: ${errors ? 'FAILED' : 'passed'}, ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}` +
		` (source: ${source.files} files, tarball: ${tarballLeg.files} files from ${tarballLeg.name})` +
		` in ${((Date.now() - started) / 1000).toFixed(1)}s [${path.relative(process.cwd(), packageDir) || '.'}]`,
);
process.exit(errors ? 1 : 0);
