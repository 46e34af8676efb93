/** Mass Send > Preview: POST /cgi-bin/message/mass/preview, the message to one follower, as a mass send shows it. */
import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { weChatApiRequest } from '../../../wechat/client/transport';
import { stringParameter } from '../../../wechat/items/parameters';
import type { OperationRun } from '../../../wechat/items/router';
import { perItem } from '../../../wechat/items/router';
import { readMassContent } from '../../../wechat/messaging/massSend';

export async function execute(this: IExecuteFunctions): Promise<OperationRun> {
	return perItem(1, async (itemIndex) => {
		const byName = this.getNodeParameter('previewTo', itemIndex, 'openid') === 'wxname';
		const field = byName ? 'towxname' : 'touser';
		const to = stringParameter.call(this, field, itemIndex);
		if (!to) {
			throw new NodeOperationError(this.getNode(), `${byName ? 'WeChat ID' : 'Recipient OpenID'} is empty`, {
				itemIndex,
				description: 'Give the follower who should see the preview.',
			});
		}
		const content = readMassContent.call(this, itemIndex, true);
		const answer = await weChatApiRequest.call(this, 'weChatOfficialAccountApi', {
			method: 'POST',
			path: '/cgi-bin/message/mass/preview',
			body: { [field]: to, msgtype: content.msgtype, ...content.fields },
			// No dedup ID: a preview whose answer was lost is not sent again.
			retrySafe: false,
			action: `previewing to ${to}`,
		});
		return { outcome: 'sent', [field]: to, msgtype: content.msgtype, msgId: (answer.msg_id as number | undefined) ?? null };
	});
}
