/** Tag > Create: POST /cgi-bin/tags/create, one tag per input item. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { checkTagName } from '../../../wechat/client/tags';
import { weChatApiRequest } from '../../../wechat/client/transport';
import type { OperationRun } from '../../../wechat/items/router';
import { perItem } from '../../../wechat/items/router';

export async function execute(this: IExecuteFunctions): Promise<OperationRun> {
	return perItem(1, async (itemIndex) => {
		const name = checkTagName.call(this, itemIndex, String(this.getNodeParameter('name', itemIndex, '')));
		const body = await weChatApiRequest.call(this, 'weChatOfficialAccountApi', {
			method: 'POST',
			path: '/cgi-bin/tags/create',
			body: { tag: { name } },
			// Sent again after a lost connection, a created tag answers 45157 (name taken): never two tags.
			retrySafe: false,
			action: `creating the tag "${name}"`,
		});
		const tag = (body.tag as IDataObject | undefined) ?? {};
		return { id: Number(tag.id), name: String(tag.name ?? name), count: 0 };
	});
}
