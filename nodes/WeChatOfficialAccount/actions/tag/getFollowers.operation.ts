/** Tag > Get Followers: POST /cgi-bin/user/tag/get, paged like Get Many Followers (which it runs). */
import type { IExecuteFunctions } from 'n8n-workflow';

import { tagFollowerPages } from '../../../wechat/client/followerLists';
import { tagIdOf } from '../../../wechat/client/tags';
import type { OperationRun } from '../../../wechat/items/router';
import { perItem } from '../../../wechat/items/router';
import { getFollowers } from '../follower/getMany.operation';

export async function execute(this: IExecuteFunctions): Promise<OperationRun> {
	return perItem(1, async (itemIndex) => await getFollowers.call(this, itemIndex, tagFollowerPages(tagIdOf.call(this, itemIndex))));
}
