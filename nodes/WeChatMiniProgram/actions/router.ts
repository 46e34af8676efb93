import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeOperation } from '../../wechat/items/router';
import type { OperationTable } from '../../wechat/items/router';
import * as accessToken from './accessToken';
import * as customerServiceMessage from './customerServiceMessage';
import * as link from './link';
import * as login from './login';
import * as media from './media';
import * as miniProgramCode from './miniProgramCode';
import * as phoneNumber from './phoneNumber';
import * as quota from './quota';
import * as subscribeMessage from './subscribeMessage';
import * as subscribeTemplate from './subscribeTemplate';

/** Every action of the node: resource -> operation -> what runs it. */
export const operations: OperationTable = {
	accessToken: accessToken.operations,
	customerServiceMessage: customerServiceMessage.operations,
	link: link.operations,
	login: login.operations,
	media: media.operations,
	miniProgramCode: miniProgramCode.operations,
	phoneNumber: phoneNumber.operations,
	quota: quota.operations,
	subscribeMessage: subscribeMessage.operations,
	subscribeTemplate: subscribeTemplate.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperation.call(this, operations);
}
