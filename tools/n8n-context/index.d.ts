/** Types of index.js (plain JavaScript, so that benchmarks run it under plain node). */
import type { ICredentialDataDecryptedObject, ICredentialType, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

/** The credential "database": shared by every context made from it, like n8n's across executions. */
export declare class CredentialStore {
	readonly data: Record<string, ICredentialDataDecryptedObject>;
	writes: number;
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
	parameters: Record<string, unknown> | ((name: string, itemIndex: number) => unknown);
	continueOnFail?: boolean;
	nodeName?: string;
	nodeType?: string;
	httpLog?: HttpLogEntry[];
	/** Replaces real HTTP (axios) with a scripted function, for unit tests. */
	http?: (options: IHttpRequestOptions) => Promise<unknown>;
}

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
