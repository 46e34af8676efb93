import type { INodeProperties } from 'n8n-workflow';

import { customerServiceTypingProperties } from '../../../wechat/messaging/customerServiceProperties';

export const description: INodeProperties[] = customerServiceTypingProperties('miniProgram');
