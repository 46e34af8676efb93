/** Media > Download: GET /cgi-bin/media/get into a binary field (core: media/operations.ts). */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { OperationRun } from '../../../wechat/items/router';
import { downloadMediaOperation } from '../../../wechat/media/operations';

export async function execute(this: IExecuteFunctions): Promise<OperationRun> {
	return await downloadMediaOperation.call(this, 'miniProgram');
}
