/**
 * A stand-in for n8n's IExecuteFunctions for unit and integration tests. Its httpRequestWithAuthentication
 * follows n8n-core 2.41 (execution-engine/.../request-helpers/authentication.js + cli credentials-helper):
 * preAuthentication runs when the expirable field is '' (output merged into the passed credentials and
 * persisted to the "database" so later getCredentials see it), then `authenticate` adds the token to qs.
 * HTTP goes out for real through axios, so tests can drive the simulator over loopback.
 */
import axios from 'axios';
import { NodeApiError } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';

import { WeChatMiniProgramApi } from '../../credentials/WeChatMiniProgramApi.credentials';
import { WeChatOfficialAccountApi } from '../../credentials/WeChatOfficialAccountApi.credentials';

const credentialTypes: Record<string, ICredentialType> = {
	weChatOfficialAccountApi: new WeChatOfficialAccountApi(),
	weChatMiniProgramApi: new WeChatMiniProgramApi(),
};

/** The credential "database": shared by every context made from it, like n8n's across executions. */
export class CredentialStore {
	readonly data: Record<string, ICredentialDataDecryptedObject> = {};
	writes = 0;
	set(type: string, data: ICredentialDataDecryptedObject) {
		this.data[type] = { accessToken: '', expiresAt: 0, ...data };
	}
}

export interface HttpLogEntry {
	method: string;
	url: string;
	qs: IDataObject;
	body: unknown;
}

export async function httpRequest(options: IHttpRequestOptions, log?: HttpLogEntry[]): Promise<unknown> {
	log?.push({ method: options.method ?? 'GET', url: options.url, qs: (options.qs ?? {}) as IDataObject, body: options.body });
	const response = await axios.request({
		method: options.method ?? 'GET',
		url: options.url,
		params: options.qs,
		data: options.body,
		timeout: options.timeout ?? 30000,
		validateStatus: () => true,
	});
	if (response.status >= 400) {
		const error = new Error(`Request failed with status code ${response.status}`) as Error & { httpCode: string };
		error.httpCode = String(response.status);
		throw error;
	}
	return response.data;
}

export interface ContextOptions {
	store: CredentialStore;
	items?: IDataObject[];
	parameters: Record<string, unknown> | ((name: string, itemIndex: number) => unknown);
	continueOnFail?: boolean;
	nodeName?: string;
	nodeType?: string;
	httpLog?: HttpLogEntry[];
	/** Replaces real HTTP (axios) with a scripted function, for unit tests. */
	http?: (options: IHttpRequestOptions) => Promise<unknown>;
}

export function executeContext(options: ContextOptions) {
	const items: INodeExecutionData[] = (options.items ?? [{}]).map((json) => ({ json }));
	const node: INode = {
		id: 'test-node',
		name: options.nodeName ?? 'WeChat',
		type: options.nodeType ?? 'n8n-nodes-wechat-platform.test',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: {
			weChatOfficialAccountApi: { id: 'cred-oa', name: 'OA' },
			weChatMiniProgramApi: { id: 'cred-mp', name: 'MP' },
		},
	};
	const send = (o: IHttpRequestOptions) => {
		if (!options.http) return httpRequest(o, options.httpLog);
		options.httpLog?.push({ method: o.method ?? 'GET', url: o.url, qs: (o.qs ?? {}) as IDataObject, body: o.body });
		return options.http(o);
	};
	const helpers = {
		httpRequest: send,
		async httpRequestWithAuthentication(
			this: unknown,
			credentialType: string,
			requestOptions: IHttpRequestOptions,
			additional?: { credentialsDecrypted?: { data?: ICredentialDataDecryptedObject } },
		) {
			const type = credentialTypes[credentialType];
			const credentials = additional?.credentialsDecrypted?.data ?? { ...options.store.data[credentialType] };
			try {
				if (credentials.accessToken === '' && type.preAuthentication) {
					const output = await type.preAuthentication.call({ helpers: { httpRequest: helpers.httpRequest } } as never, credentials);
					options.store.data[credentialType] = { ...options.store.data[credentialType], ...output } as ICredentialDataDecryptedObject;
					options.store.writes++;
					Object.assign(credentials, output);
				}
				const qs = { ...(requestOptions.qs ?? {}), access_token: credentials.accessToken };
				return await send({ ...requestOptions, qs });
			} catch (error) {
				// n8n wraps every failure like this; the wrapped error keeps the original as `cause`.
				throw new NodeApiError(node, error as never);
			}
		},
	};
	const parameter = (name: string, itemIndex: number) =>
		typeof options.parameters === 'function' ? options.parameters(name, itemIndex) : options.parameters[name];
	return {
		getNode: () => node,
		getInputData: () => items,
		continueOnFail: () => options.continueOnFail ?? false,
		getCredentials: async (type: string) => ({ ...options.store.data[type] }),
		getNodeParameter: (...args: [string, number, unknown?]) => {
			const value = parameter(args[0], args[1]);
			if (value === undefined) {
				if (args.length >= 3) return args[2];
				throw new Error(`parameter ${args[0]} not set in test`);
			}
			return value;
		},
		helpers,
		logger: { debug() {}, info() {}, warn() {}, error() {} },
	} as never;
}

/** The simulator's default apps, as the credentials a user would fill in (stable token, base URL = simulator). */
export function simulatorStore(sim: { url: string }, apps: { oa?: { appId: string; secret: string }; mp?: { appId: string; secret: string } }) {
	const store = new CredentialStore();
	for (const [type, app] of [
		['weChatOfficialAccountApi', apps.oa],
		['weChatMiniProgramApi', apps.mp],
	] as const) {
		if (app) store.set(type, { appId: app.appId, appSecret: app.secret, tokenSource: 'stable', baseUrl: sim.url });
	}
	return store;
}
