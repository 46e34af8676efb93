/** Media > Upload: POST /cgi-bin/media/upload (multipart), one file per item (core: media/operations.ts). */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { OperationRun } from '../../../wechat/items/router';
import { uploadMediaOperation } from '../../../wechat/media/operations';

export async function execute(this: IExecuteFunctions): Promise<OperationRun> {
	return await uploadMediaOperation.call(this, 'miniProgram');
}
