import { readdirSync } from 'node:fs';

import { config } from '@n8n/node-cli/eslint';

/**
 * n8n's own rules, plus the package's layout (CONTRIBUTING.md): nodes/wechat/ is the core; every other
 * folder under nodes/ is a node that imports only the core, never another node; the core never imports a
 * node; the core's codec/ is pure (no n8n-workflow, no other wing).
 */
const CORE = 'wechat';
const nodeFolders = readdirSync(new URL('./nodes/', import.meta.url), { withFileTypes: true })
	.filter((entry) => entry.isDirectory() && entry.name !== CORE)
	.map((entry) => entry.name);

const importing = (folders, message) => ({
	group: folders.flatMap((folder) => [`**/${folder}`, `**/${folder}/**`]),
	caseSensitive: true,
	message,
});

const layout = [
	...nodeFolders.map((node) => ({
		files: [`nodes/${node}/**/*.ts`],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						importing(
							nodeFolders.filter((other) => other !== node),
							'A node imports only the core (nodes/wechat/): move what both nodes need into the core.',
						),
					],
				},
			],
		},
	})),
	{
		files: [`nodes/${CORE}/**/*.ts`],
		rules: {
			'no-restricted-imports': [
				'error',
				{ patterns: [importing(nodeFolders, 'The core (nodes/wechat/) never imports a node folder.')] },
			],
		},
	},
	{
		// platform/ (the third-party platform) builds on client/ and callback/; nothing below it depends on it.
		files: [`nodes/${CORE}/**/*.ts`],
		ignores: [`nodes/${CORE}/platform/**`],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						importing(nodeFolders, 'The core (nodes/wechat/) never imports a node folder.'),
						{ group: ['**/platform', '**/platform/**'], message: 'Only nodes import the platform wing (nodes/wechat/platform/): the rest of the core does not depend on it.' },
					],
				},
			],
		},
	},
	{
		files: [`nodes/${CORE}/codec/**/*.ts`],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: [{ name: 'n8n-workflow', message: 'codec/ is pure functions without n8n types: keep n8n out of it.' }],
					patterns: [
						importing(nodeFolders, 'The core (nodes/wechat/) never imports a node folder.'),
						{ group: ['../*', '../**'], message: 'codec/ imports nothing but itself and Node\'s crypto.' },
					],
				},
			],
		},
	},
];

export default [...config, ...layout];
