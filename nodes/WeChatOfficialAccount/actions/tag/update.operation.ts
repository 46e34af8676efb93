/** Tag > Update: POST /cgi-bin/tags/update (rename), one tag per input item. */
import type { IExecuteFunctions } from 'n8n-workflow';

import { checkTagName, refuseSystemTag, tagIdOf } from '../../../wechat/client/tags';
import { weChatApiRequest } from '../../../wechat/client/transport';
import type { OperationRun } from '../../../wechat/items/router';
import { perItem } from '../../../wechat/items/router';

export async function execute(this: IExecuteFunctions): Promise<OperationRun> {
	return perItem(1, async (itemIndex) => {
		const id = tagIdOf.call(this, itemIndex);
		refuseSystemTag.call(this, itemIndex, id);
		const name = checkTagName.call(this, itemIndex, String(this.getNodeParameter('name', itemIndex, '')));
		await weChatApiRequest.call(this, 'weChatOfficialAccountApi', {
			method: 'POST',
			path: '/cgi-bin/tags/update',
			body: { tag: { id, name } },
			retrySafe: true,
			action: `renaming tag ${id}`,
		});
		return { id, name, success: true };
	});
}
