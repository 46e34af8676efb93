/** Customer-Service Message > Hide Typing: POST /cgi-bin/message/custom/typing with command CancelTyping, one recipient per item. */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { OperationRun } from '../../../wechat/items/router';
import { setTyping } from '../../../wechat/messaging/customerService';

export async function execute(this: IExecuteFunctions): Promise<OperationRun> {
	return await setTyping.call(this, 'officialAccount', 'CancelTyping');
}
