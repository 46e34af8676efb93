'use strict';
/**
 * A stand-in for n8n's IExecuteFunctions, for unit/integration tests (TypeScript sources, through
 * test/helpers/n8nContext.ts) and benchmarks (the built dist/, through bench/context.js). Plain JavaScript,
 * typed by index.d.ts. The caller binds the credential classes (sources or dist) with withCredentialTypes().
 *
 * Its httpRequestWithAuthentication follows n8n-core 2.41 (execution-engine/.../request-helpers/
 * authentication.js + cli credentials-helper): preAuthentication runs when the expirable field (accessToken)
 * is '' (output merged into the passed credentials and persisted to the store, so later getCredentials see
 * it), then the token is added to the query; every failure is wrapped in NodeApiError like n8n does. HTTP
 * goes out for real through axios (tests and benchmarks drive the simulator over loopback), unless a test
 * scripts it with `http`.
 */
const axios = require('axios');
const { performance } = require('perf_hooks');
const { NodeApiError } = require('n8n-workflow');

/**
 * The credential "database": shared by every context made from it, like n8n's across executions. It also
 * stands for one n8n process: its `tokenStates` are the package's in-process token cache for every context
 * made from it (a context given other `tokenStates` is another process sharing the same database).
 */
class CredentialStore {
	constructor() {
		this.data = {};
		this.writes = 0;
		this.tokenStates = new Map();
	}
	set(type, data) {
		this.data[type] = { accessToken: '', expiresAt: 0, ...data };
	}
}

/** Client-observed duration (ms) of every real HTTP call, when a benchmark asks for it. */
const callDurations = [];
let recordCalls = false;
function recordCallDurations(on) {
	recordCalls = on;
	callDurations.length = 0;
	return callDurations;
}

/** n8n's helpers.httpRequest over axios: JSON in and out, an error with httpCode for HTTP >= 400. */
async function httpRequest(options, log) {
	if (log) log.push({ method: options.method || 'GET', url: options.url, qs: options.qs || {}, body: options.body });
	const started = recordCalls ? performance.now() : 0;
	const response = await axios.request({
		method: options.method || 'GET',
		url: options.url,
		params: options.qs,
		data: options.body,
		headers: options.headers,
		responseType: options.encoding,
		timeout: options.timeout || 30000,
		validateStatus: () => true,
	});
	if (recordCalls) callDurations.push(performance.now() - started);
	if (response.status >= 400) {
		const error = new Error(`Request failed with status code ${response.status}`);
		error.httpCode = String(response.status);
		throw error;
	}
	if (options.returnFullResponse) return { body: response.data, headers: response.headers, statusCode: response.status };
	return response.data;
}

/**
 * n8n's binary helpers over in-memory items (binary data as base64 in `data`, as n8n keeps it by default):
 * assertBinaryData/getBinaryDataBuffer with n8n's own errors, prepareBinaryData as n8n fills it.
 */
function binaryHelpers(items, node) {
	const { NodeOperationError } = require('n8n-workflow');
	const find = (itemIndex, name) => {
		const binary = items[itemIndex] && items[itemIndex].binary;
		if (!binary) {
			throw new NodeOperationError(node, `This operation expects the node's input data to contain a binary file '${name}', but none was found [item ${itemIndex}]`, { itemIndex });
		}
		if (!binary[name]) throw new NodeOperationError(node, `The item has no binary field '${name}' [item ${itemIndex}]`, { itemIndex });
		return binary[name];
	};
	return {
		binaryReads: 0,
		assertBinaryData: (itemIndex, name) => find(itemIndex, name),
		async getBinaryDataBuffer(itemIndex, name) {
			this.binaryReads++;
			return Buffer.from(find(itemIndex, name).data, 'base64');
		},
		async prepareBinaryData(buffer, fileName, mimeType) {
			const extension = fileName && fileName.includes('.') ? fileName.slice(fileName.lastIndexOf('.') + 1) : undefined;
			return { data: buffer.toString('base64'), mimeType: mimeType || 'application/octet-stream', fileName, fileExtension: extension, fileSize: `${buffer.length} B` };
		},
	};
}

/** A binary field as n8n keeps it: { data (base64), mimeType, fileName, fileExtension }. */
function binaryOf(bytes, fileName, mimeType) {
	const extension = fileName && fileName.includes('.') ? fileName.slice(fileName.lastIndexOf('.') + 1) : undefined;
	return { data: Buffer.from(bytes).toString('base64'), mimeType, fileName, fileExtension: extension };
}

/** An IExecuteFunctions stand-in; see index.d.ts ContextOptions. credentialTypes: { [name]: ICredentialType }. */
function executeContext(credentialTypes, options) {
	const items = (options.items || [{}]).map((json, i) => ({ json, binary: options.binaries && options.binaries[i] }));
	const node = {
		id: 'test-node',
		name: options.nodeName || 'WeChat',
		type: options.nodeType || 'n8n-nodes-wechat-platform.test',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: {
			weChatOfficialAccountApi: { id: 'cred-oa', name: 'OA' },
			weChatMiniProgramApi: { id: 'cred-mp', name: 'MP' },
		},
	};
	const send = (o) => {
		if (!options.http) return httpRequest(o, options.httpLog);
		if (options.httpLog) options.httpLog.push({ method: o.method || 'GET', url: o.url, qs: o.qs || {}, body: o.body });
		return options.http(o);
	};
	// What the package reads from its context (nodes/wechat/client): this process's token cache, and the
	// retry waits when a test wants them in milliseconds.
	const injected = { weChatTokenStates: options.tokenStates || options.store.tokenStates };
	if (options.retryDelaysMs) injected.weChatRetryDelaysMs = options.retryDelaysMs;
	const helpers = {
		httpRequest: send,
		...binaryHelpers(items, node),
		async httpRequestWithAuthentication(credentialType, requestOptions, additional) {
			const type = credentialTypes[credentialType];
			const credentials = (additional && additional.credentialsDecrypted && additional.credentialsDecrypted.data) || {
				...options.store.data[credentialType],
			};
			try {
				if (credentials.accessToken === '' && type.preAuthentication) {
					const output = await type.preAuthentication.call({ ...injected, helpers: { httpRequest: helpers.httpRequest } }, credentials);
					options.store.data[credentialType] = { ...options.store.data[credentialType], ...output };
					options.store.writes++;
					Object.assign(credentials, output);
				}
				const qs = { ...(requestOptions.qs || {}), access_token: credentials.accessToken };
				return await send({ ...requestOptions, qs });
			} catch (error) {
				// n8n wraps every failure like this; the wrapped error keeps the original as `cause`.
				throw new NodeApiError(node, error);
			}
		},
	};
	const hints = [];
	const parameter = (name, itemIndex) =>
		typeof options.parameters === 'function' ? options.parameters(name, itemIndex) : options.parameters[name];
	return {
		getNode: () => node,
		getInputData: () => items,
		continueOnFail: () => options.continueOnFail || false,
		getCredentials: async (type) => ({ ...options.store.data[type] }),
		getNodeParameter: (...args) => {
			const value = parameter(args[0], args[1]);
			if (value === undefined) {
				if (args.length >= 3) return args[2];
				throw new Error(`parameter ${args[0]} not set in test`);
			}
			return value;
		},
		helpers,
		logger: { debug() {}, info() {}, warn() {}, error() {} },
		// n8n's notices on the run (the output pane's hints), kept for the test to read.
		hints,
		addExecutionHints: (...added) => hints.push(...added),
		...injected,
	};
}

/** The simulator's apps, as the credentials a user would fill in (stable token, base URL = simulator). */
function simulatorStore(sim, apps) {
	const store = new CredentialStore();
	for (const [type, app] of [
		['weChatOfficialAccountApi', apps.oa],
		['weChatMiniProgramApi', apps.mp],
	]) {
		if (app) store.set(type, { appId: app.appId, appSecret: app.secret, tokenSource: 'stable', baseUrl: sim.url });
	}
	return store;
}

/**
 * The context bound to credential classes: `{ weChatOfficialAccountApi: new WeChatOfficialAccountApi(), ... }`
 * from the TypeScript sources (tests) or dist/ (benchmarks).
 */
function withCredentialTypes(credentialTypes) {
	return { executeContext: (options) => executeContext(credentialTypes, options) };
}

module.exports = { binaryOf, CredentialStore, httpRequest, recordCallDurations, simulatorStore, withCredentialTypes };
