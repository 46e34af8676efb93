/** Follower > Update Remark: POST /cgi-bin/user/info/updateremark, one follower per item. */
import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { requireOpenId } from '../../../wechat/client/openidBatch';
import { weChatApiRequest } from '../../../wechat/client/transport';
import { concurrencyOf } from '../../../wechat/items/parameters';
import type { OperationRun } from '../../../wechat/items/router';
import { perItem } from '../../../wechat/items/router';

/** WeChat's limit for a remark. */
export const REMARK_MAX_CHARS = 30;

export async function execute(this: IExecuteFunctions): Promise<OperationRun> {
	return perItem(concurrencyOf.call(this, 5), async (itemIndex) => {
		const openid = requireOpenId.call(this, itemIndex);
		const remark = String(this.getNodeParameter('remark', itemIndex, '') ?? '').trim();
		const length = [...remark].length;
		if (length > REMARK_MAX_CHARS) {
			throw new NodeOperationError(this.getNode(), `Remark is too long (${length} characters)`, {
				itemIndex,
				description: `WeChat takes at most ${REMARK_MAX_CHARS} characters: shorten it.`,
			});
		}
		await weChatApiRequest.call(this, 'weChatOfficialAccountApi', {
			method: 'POST',
			path: '/cgi-bin/user/info/updateremark',
			body: { openid, remark },
			retrySafe: true,
			action: `updating the remark of ${openid}`,
		});
		return { openid, remark, success: true };
	});
}
