/** Follower > Block: POST /cgi-bin/tags/members/batchblacklist, 20 followers per call. */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { OperationRun } from '../../../wechat/items/router';
import { blocklistRun } from './blocklist';

export async function execute(this: IExecuteFunctions): Promise<OperationRun> {
	return blocklistRun.call(this, 'block');
}
