/** Mass Send > Get Status: POST /cgi-bin/message/mass/get (SENDING, SEND_SUCCESS, SEND_FAIL, DELETE). */
import type { IExecuteFunctions } from 'n8n-workflow';

import { weChatApiRequest } from '../../../wechat/client/transport';
import type { OperationRun } from '../../../wechat/items/router';
import { perItem } from '../../../wechat/items/router';
import { msgIdOf } from './msgId';

export async function execute(this: IExecuteFunctions): Promise<OperationRun> {
	return perItem(5, async (itemIndex) => {
		const msgId = msgIdOf.call(this, itemIndex);
		const answer = await weChatApiRequest.call(this, 'weChatOfficialAccountApi', {
			method: 'POST',
			path: '/cgi-bin/message/mass/get',
			body: { msg_id: msgId },
			retrySafe: true,
			action: `reading the status of mass send ${msgId}`,
		});
		return { msgId, status: String(answer.msg_status ?? '') };
	});
}
