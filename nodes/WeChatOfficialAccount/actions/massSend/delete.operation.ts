/** Mass Send > Delete: POST /cgi-bin/message/mass/delete (articles and videos only). */
import type { IExecuteFunctions } from 'n8n-workflow';

import { weChatApiRequest } from '../../../wechat/client/transport';
import type { OperationRun } from '../../../wechat/items/router';
import { perItem } from '../../../wechat/items/router';
import { msgIdOf } from './msgId';

export async function execute(this: IExecuteFunctions): Promise<OperationRun> {
	return perItem(1, async (itemIndex) => {
		const msgId = msgIdOf.call(this, itemIndex);
		const articleIndex = Math.max(0, Math.floor(Number(this.getNodeParameter('articleIndex', itemIndex, 0)) || 0));
		await weChatApiRequest.call(this, 'weChatOfficialAccountApi', {
			method: 'POST',
			path: '/cgi-bin/message/mass/delete',
			body: { msg_id: msgId, article_idx: articleIndex },
			retrySafe: true,
			action: `deleting mass send ${msgId}`,
		});
		return { msgId, articleIndex, deleted: true };
	});
}
