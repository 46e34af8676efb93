import type { INodeProperties } from 'n8n-workflow';

import { customerServiceSendProperties } from '../../../wechat/messaging/customerServiceProperties';

export const description: INodeProperties[] = customerServiceSendProperties('miniProgram');
