import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeOperation } from '../../wechat/items/router';
import * as login from './login';
import * as subscribeMessage from './subscribeMessage';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperation.call(this, {
		login: login.operations,
		subscribeMessage: subscribeMessage.operations,
	});
}
