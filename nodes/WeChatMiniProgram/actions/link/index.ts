import type { INodeProperties } from 'n8n-workflow';

import { operationParameters, operationProperty } from '../../../wechat/items/description';
import type { Operation } from '../../../wechat/items/router';
import { shortLinkDescription, urlDescription } from './create.description';
import { createLink } from './create.operation';

export const operations: Record<string, Operation> = {
	createShortLink: async function () {
		return await createLink.call(this, 'shortLink');
	},
	createUrlLink: async function () {
		return await createLink.call(this, 'urlLink');
	},
	createUrlScheme: async function () {
		return await createLink.call(this, 'urlScheme');
	},
};

export const description: INodeProperties[] = [
	operationProperty(
		'link',
		[
			{ name: 'Create Short Link', value: 'createShortLink', description: 'A #小程序:// link to paste in WeChat chats', action: 'Create a short link' },
			{ name: 'Create URL Link', value: 'createUrlLink', description: 'An https:// link that opens the Mini Program from SMS, email or web pages', action: 'Create a URL link' },
			{ name: 'Create URL Scheme', value: 'createUrlScheme', description: 'A weixin:// link that opens the Mini Program from other apps and web pages', action: 'Create a URL scheme' },
		],
		'createUrlLink',
	),
	...operationParameters('link', 'createShortLink', shortLinkDescription),
	...operationParameters('link', 'createUrlLink', urlDescription),
	...operationParameters('link', 'createUrlScheme', urlDescription),
];
