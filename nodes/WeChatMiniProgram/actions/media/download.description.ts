import type { INodeProperties } from 'n8n-workflow';

import { mediaDownloadProperties } from '../../../wechat/media/properties';

export const description: INodeProperties[] = mediaDownloadProperties();
