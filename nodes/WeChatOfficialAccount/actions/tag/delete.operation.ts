/** Tag > Delete: POST /cgi-bin/tags/delete, one tag per input item. */
import type { IExecuteFunctions } from 'n8n-workflow';

import { refuseSystemTag, tagIdOf } from '../../../wechat/client/tags';
import { weChatApiRequest } from '../../../wechat/client/transport';
import type { OperationRun } from '../../../wechat/items/router';
import { perItem } from '../../../wechat/items/router';

export async function execute(this: IExecuteFunctions): Promise<OperationRun> {
	return perItem(1, async (itemIndex) => {
		const id = tagIdOf.call(this, itemIndex);
		refuseSystemTag.call(this, itemIndex, id);
		await weChatApiRequest.call(this, 'weChatOfficialAccountApi', {
			method: 'POST',
			path: '/cgi-bin/tags/delete',
			body: { tag: { id } },
			// Sent again after a lost connection, a deleted tag answers 45159: deleting is never done twice.
			retrySafe: false,
			action: `deleting tag ${id}`,
		});
		return { id, deleted: true };
	});
}
