'use strict';
/**
 * What users install: `npm pack` holds the built dist/ and the README (plus package.json and the tiny
 * index.js npm always adds as "main"), no sources or tests, no runtime dependencies, and every node and
 * credential the "n8n" block lists exists in dist with its icon and codex file. Needs `npm run build` first.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

function packedFiles() {
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
	return JSON.parse(out)[0].files.map((f) => f.path);
}

test('the tarball holds dist/ and the README only, no sources or tests', () => {
	const files = packedFiles();
	const outside = files.filter((f) => !f.startsWith('dist/') && !['README.md', 'package.json', 'index.js'].includes(f));
	expect(outside).toEqual([]);
	expect(files).toContain('README.md');
	expect(files.filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
	expect(files.filter((f) => /(^|\/)test\//.test(f))).toEqual([]);
});

test('no runtime dependencies; n8n-workflow is a peer', () => {
	expect(pkg.dependencies ?? {}).toEqual({});
	expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	expect(pkg.keywords).toContain('n8n-community-node-package');
	expect(pkg.name).toMatch(/^n8n-nodes-/);
});

test('every listed node and credential is built, with icons and codex', () => {
	const files = new Set(packedFiles());
	const names = [];
	for (const entry of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
		expect(files).toContain(entry);
		const Exported = Object.values(require(path.join(ROOT, entry)))[0];
		const instance = new Exported();
		const description = instance.description ?? instance;
		names.push(description.name);
		for (const icon of Object.values(description.icon)) {
			const iconPath = path.posix.normalize(path.posix.join(path.posix.dirname(entry), icon.replace(/^file:/, '')));
			expect(files).toContain(iconPath);
		}
		if (entry.endsWith('.node.js')) expect(files).toContain(entry.replace(/\.js$/, '.json'));
	}
	expect(names.sort()).toEqual(
		[
			'weChatOfficialAccountApi',
			'weChatMiniProgramApi',
			'weChatCallbackApi',
			'weChatOfficialAccount',
			'weChatMiniProgram',
			'weChatTrigger',
			'weChatReply',
			'weChatPlatformApi',
			'weChatThirdPartyPlatform',
			'weChatPlatformTrigger',
		].sort(),
	);
});
