'use strict';
/**
 * A JavaScript copy of test/helpers/n8nContext.ts (the n8n-faithful IExecuteFunctions stand-in) for driving
 * the BUILT node classes in dist/ without TypeScript. Same behaviour: httpRequestWithAuthentication runs the
 * credential's preAuthentication when the expirable field (accessToken) is '' (output merged into the
 * passed credentials and persisted to the shared store, as n8n-core 2.41 does), then adds the token to
 * the query; every failure is wrapped in NodeApiError like n8n does; HTTP goes out for real through axios.
 */
const axios = require('axios');
const { performance } = require('perf_hooks');
const { NodeApiError } = require('n8n-workflow');

const { WeChatMiniProgramApi } = require('../dist/credentials/WeChatMiniProgramApi.credentials');
const { WeChatOfficialAccountApi } = require('../dist/credentials/WeChatOfficialAccountApi.credentials');

const credentialTypes = {
	weChatOfficialAccountApi: new WeChatOfficialAccountApi(),
	weChatMiniProgramApi: new WeChatMiniProgramApi(),
};

/** The credential "database", shared by every context made from it (like n8n's across executions). */
class CredentialStore {
	constructor() {
		this.data = {};
		this.writes = 0;
	}
	set(type, data) {
		this.data[type] = { accessToken: '', expiresAt: 0, ...data };
	}
}

/** Client-observed duration (ms) of every HTTP call, when a benchmark asks for it. */
const callDurations = [];
let recordCalls = false;
function recordCallDurations(on) {
	recordCalls = on;
	callDurations.length = 0;
	return callDurations;
}

async function httpRequest(options) {
	const started = recordCalls ? performance.now() : 0;
	const response = await axios.request({
		method: options.method || 'GET',
		url: options.url,
		params: options.qs,
		data: options.body,
		timeout: options.timeout || 30000,
		validateStatus: () => true,
	});
	if (recordCalls) callDurations.push(performance.now() - started);
	if (response.status >= 400) {
		const error = new Error(`Request failed with status code ${response.status}`);
		error.httpCode = String(response.status);
		throw error;
	}
	return response.data;
}

/**
 * @param {{ store: CredentialStore, items?: object[], parameters: object | ((name, itemIndex) => any),
 *           continueOnFail?: boolean, nodeName?: string, nodeType?: string }} options
 */
function executeContext(options) {
	const items = (options.items || [{}]).map((json) => ({ json }));
	const node = {
		id: 'bench-node',
		name: options.nodeName || 'WeChat',
		type: options.nodeType || 'n8n-nodes-wechat-platform.bench',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: {
			weChatOfficialAccountApi: { id: 'cred-oa', name: 'OA' },
			weChatMiniProgramApi: { id: 'cred-mp', name: 'MP' },
		},
	};
	const helpers = {
		httpRequest,
		async httpRequestWithAuthentication(credentialType, requestOptions, additional) {
			const type = credentialTypes[credentialType];
			const credentials = (additional && additional.credentialsDecrypted && additional.credentialsDecrypted.data) || {
				...options.store.data[credentialType],
			};
			try {
				if (credentials.accessToken === '' && type.preAuthentication) {
					const output = await type.preAuthentication.call({ helpers: { httpRequest } }, credentials);
					options.store.data[credentialType] = { ...options.store.data[credentialType], ...output };
					options.store.writes++;
					Object.assign(credentials, output);
				}
				const qs = { ...(requestOptions.qs || {}), access_token: credentials.accessToken };
				return await httpRequest({ ...requestOptions, qs });
			} catch (error) {
				throw new NodeApiError(node, error);
			}
		},
	};
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
				throw new Error(`parameter ${args[0]} not set in bench`);
			}
			return value;
		},
		helpers,
		logger: { debug() {}, info() {}, warn() {}, error() {} },
	};
}

module.exports = { CredentialStore, executeContext, httpRequest, recordCallDurations };
