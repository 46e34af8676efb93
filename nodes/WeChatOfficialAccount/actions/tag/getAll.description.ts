import type { INodeProperties } from 'n8n-workflow';

import { returnAllProperties } from '../../../wechat/items/description';

export const description: INodeProperties[] = [...returnAllProperties];
