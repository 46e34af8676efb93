/** Tag > Remove Followers: POST /cgi-bin/tags/members/batchuntagging, 50 followers per call. */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { OperationRun } from '../../../wechat/items/router';
import { membersRun } from './members';

export async function execute(this: IExecuteFunctions): Promise<OperationRun> {
	return membersRun.call(this, 'remove');
}
