import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeOperation } from '../../wechat/items/router';
import type { OperationTable } from '../../wechat/items/router';
import * as accessToken from './accessToken';
import * as customerServiceMessage from './customerServiceMessage';
import * as draft from './draft';
import * as follower from './follower';
import * as media from './media';
import * as jsSdk from './jsSdk';
import * as publication from './publication';
import * as qrCode from './qrCode';
import * as quota from './quota';
import * as massSend from './massSend';
import * as subscribeNotification from './subscribeNotification';
import * as subscribeTemplate from './subscribeTemplate';
import * as tag from './tag';
import * as templateMessage from './templateMessage';
import * as user from './user';

/** Every action of the node: resource -> operation -> what runs it. */
export const operations: OperationTable = {
	accessToken: accessToken.operations,
	customerServiceMessage: customerServiceMessage.operations,
	draft: draft.operations,
	follower: follower.operations,
	jsSdk: jsSdk.operations,
	massSend: massSend.operations,
	media: media.operations,
	publication: publication.operations,
	qrCode: qrCode.operations,
	quota: quota.operations,
	subscribeNotification: subscribeNotification.operations,
	subscribeTemplate: subscribeTemplate.operations,
	tag: tag.operations,
	templateMessage: templateMessage.operations,
	user: user.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperation.call(this, operations);
}
