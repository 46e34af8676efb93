import type { INodeProperties } from 'n8n-workflow';

import { mediaUploadProperties } from '../../../wechat/media/properties';

export const description: INodeProperties[] = mediaUploadProperties('officialAccount');
