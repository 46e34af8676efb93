/** Customer-Service Message > Send: POST /cgi-bin/message/custom/send, one recipient per item (core: messaging/customerService.ts). */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { OperationRun } from '../../../wechat/items/router';
import { sendCustomerServiceMessages } from '../../../wechat/messaging/customerService';

export async function execute(this: IExecuteFunctions): Promise<OperationRun> {
	return await sendCustomerServiceMessages.call(this, 'miniProgram');
}
