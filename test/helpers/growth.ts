/**
 * Running one action of an app node against the simulator (issue #17's integration tests): the node's
 * real router with Resource and Operation set, every other parameter from the test.
 */
import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { WeChatMiniProgram } from '../../nodes/WeChatMiniProgram/WeChatMiniProgram.node';
import { WeChatOfficialAccount } from '../../nodes/WeChatOfficialAccount/WeChatOfficialAccount.node';
import { withAction } from './appNodes';
import { executeContext, simulatorStore } from './n8nContext';
import type { CredentialStore } from './n8nContext';
import { FAST_RETRIES } from './simulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEFAULT_APPS } = require('../../tools/simulator');

export interface RunOptions {
	items?: IDataObject[];
	store?: CredentialStore;
	continueOnFail?: boolean;
	binaries?: Array<Record<string, IBinaryData> | undefined>;
}

export async function runAction(
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	sim: any,
	app: 'oa' | 'mp',
	resource: string,
	operation: string,
	parameters: Record<string, unknown> | ((name: string, i: number) => unknown),
	options: RunOptions = {},
): Promise<INodeExecutionData[]> {
	const store = options.store ?? simulatorStore(sim, { oa: DEFAULT_APPS.oa, mp: DEFAULT_APPS.mp });
	const ctx = executeContext({ store, items: options.items ?? [{}], parameters, binaries: options.binaries, continueOnFail: options.continueOnFail, retryDelaysMs: FAST_RETRIES });
	const Node = app === 'oa' ? WeChatOfficialAccount : WeChatMiniProgram;
	const [output] = await new Node().execute.call(withAction(ctx as IExecuteFunctions, resource, operation));
	return output;
}
