/**
 * The layout rules of CONTRIBUTING.md, as `npm run lint` enforces them: the project's eslint, with its own
 * configuration, lints a deliberate violation of each rule (and one allowed import) as if it were a file
 * in the real folders (passed on stdin: nothing is written into nodes/).
 */
const { spawnSync } = require('child_process');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const ESLINT = path.join(ROOT, 'node_modules', '.bin', 'eslint');

async function ruleMessages(file, code) {
	const run = spawnSync(ESLINT, ['--format', 'json', '--stdin', '--stdin-filename', file], { cwd: ROOT, input: code, encoding: 'utf8' });
	const [result] = JSON.parse(run.stdout);
	const messages = result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
	// eslint exits 1 exactly when it reports an error: what makes `npm run lint` fail.
	expect(run.status).toBe(messages.length ? 1 : 0);
	return messages;
}

jest.setTimeout(60000);

test('a node importing another node folder fails lint', async () => {
	const messages = await ruleMessages(
		'nodes/WeChatMiniProgram/actions/login/violation.ts',
		"import { searchTemplateMessageTemplates } from '../../../WeChatOfficialAccount/methods/listSearch';\nexport const x = searchTemplateMessageTemplates;\n",
	);
	expect(messages).toEqual([expect.stringContaining('A node imports only the core (nodes/wechat/)')]);
});

test('the core importing a node folder fails lint', async () => {
	const messages = await ruleMessages(
		'nodes/wechat/messaging/violation.ts',
		"import { router } from '../../WeChatOfficialAccount/actions/router';\nexport const x = router;\n",
	);
	expect(messages).toEqual([expect.stringContaining('The core (nodes/wechat/) never imports a node folder')]);
});

test('codec importing n8n-workflow or another wing fails lint', async () => {
	const messages = await ruleMessages(
		'nodes/wechat/codec/violation.ts',
		"import { sleep } from 'n8n-workflow';\nimport { appKey } from '../client/token';\nexport const x = [sleep, appKey];\n",
	);
	expect(messages).toEqual([
		expect.stringContaining('codec/ is pure functions without n8n types'),
		expect.stringContaining('codec/ imports nothing but itself'),
	]);
});

test('a node importing the core passes', async () => {
	const messages = await ruleMessages(
		'nodes/WeChatMiniProgram/actions/login/allowed.ts',
		"import { routeOperation } from '../../../wechat/items/router';\nexport const x = routeOperation;\n",
	);
	expect(messages).toEqual([]);
});
