/** Types of index.js (plain JavaScript, so that benchmarks run it under plain node). */
import type { IBinaryData, ICredentialDataDecryptedObject, ICredentialType, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

/** The credential "database": shared by every context made from it, like n8n's across executions. */
export declare class CredentialStore {
	readonly data: Record<string, ICredentialDataDecryptedObject>;
	writes: number;
	/** The package's in-process token cache for contexts made from this store (one n8n process). */
	readonly tokenStates: Map<string, unknown>;
	set(type: string, data: ICredentialDataDecryptedObject): void;
}

export interface HttpLogEntry {
	method: string;
	url: string;
	qs: IDataObject;
	body: unknown;
}

export interface ContextOptions {
	store: CredentialStore;
	items?: IDataObject[];
	/** The items' binary fields, by item index (binaryOf builds one). */
	binaries?: Array<Record<string, IBinaryData> | undefined>;
	parameters: Record<string, unknown> | ((name: string, itemIndex: number) => unknown);
	continueOnFail?: boolean;
	nodeName?: string;
	nodeType?: string;
	httpLog?: HttpLogEntry[];
	/** Replaces real HTTP (axios) with a scripted function, for unit tests. */
	http?: (options: IHttpRequestOptions) => Promise<unknown>;
	/** The transport's back-off waits (default: the package's own, 500/1500/4000 ms). */
	retryDelaysMs?: readonly number[];
	/** Another process's token cache (default: the store's): a second n8n worker on the same database. */
	tokenStates?: Map<string, unknown>;
}

/** A binary field as n8n keeps it in memory (base64 data). */
export declare function binaryOf(bytes: Buffer | Uint8Array, fileName?: string, mimeType?: string): IBinaryData;

export declare function httpRequest(options: IHttpRequestOptions, log?: HttpLogEntry[]): Promise<unknown>;

/** Starts (on = true) or stops recording the duration of every real HTTP call; returns the (emptied) list. */
export declare function recordCallDurations(on: boolean): number[];

export declare function simulatorStore(
	sim: { url: string },
	apps: { oa?: { appId: string; secret: string }; mp?: { appId: string; secret: string } },
): CredentialStore;

export declare function withCredentialTypes(credentialTypes: Record<string, ICredentialType>): {
	/** An IExecuteFunctions stand-in (typed loosely, as tests pass it wherever n8n's context goes). */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	executeContext(options: ContextOptions): any;
};
