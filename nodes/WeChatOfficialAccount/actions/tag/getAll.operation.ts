/** Tag > Get Many: GET /cgi-bin/tags/get, one item per tag (id, name, count of followers). */
import type { IExecuteFunctions } from 'n8n-workflow';

import { listTags } from '../../../wechat/client/tags';
import type { OperationRun } from '../../../wechat/items/router';
import { perItem } from '../../../wechat/items/router';
import { positiveInteger } from '../../../wechat/items/parameters';

export async function execute(this: IExecuteFunctions): Promise<OperationRun> {
	return perItem(1, async (itemIndex) => {
		const tags = await listTags.call(this);
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const kept = returnAll ? tags : tags.slice(0, positiveInteger(this.getNodeParameter('limit', itemIndex, 50), 50));
		return kept.map((t) => ({ id: t.id, name: t.name, count: t.count }));
	});
}
