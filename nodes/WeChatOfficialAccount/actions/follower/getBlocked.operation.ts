/** Follower > Get Blocked: POST /cgi-bin/tags/members/getblacklist, paged like Get Many Followers (which it runs). */
import type { IExecuteFunctions } from 'n8n-workflow';

import { blockedPage } from '../../../wechat/client/followerLists';
import type { OperationRun } from '../../../wechat/items/router';
import { perItem } from '../../../wechat/items/router';
import { getFollowers } from './getMany.operation';

export async function execute(this: IExecuteFunctions): Promise<OperationRun> {
	return perItem(1, async (itemIndex) => await getFollowers.call(this, itemIndex, blockedPage));
}
