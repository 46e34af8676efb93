/**
 * A draft article's fields and their checks, for Draft > Create and Update: every item is read and checked
 * (cover given, digest <= 120 characters, images in the content already on WeChat) before anything is sent.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { addMaterial } from '../../../wechat/media/material';
import { readMediaFile } from '../../../wechat/media/upload';
import { stringParameter } from '../../../wechat/items/parameters';

export const articleProperties: INodeProperties[] = [
	{ displayName: 'Title', name: 'title', type: 'string', default: '', required: true, description: 'At most 64 characters' },
	{
		displayName: 'Content (HTML)',
		name: 'content',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		required: true,
		description: 'The article\'s HTML. Its images must already be on WeChat: upload them with Media > Upload an article image and use the URLs it gives (mmbiz.qpic.cn).',
	},
	{
		displayName: 'Cover Source',
		name: 'coverSource',
		type: 'options',
		options: [
			{ name: 'Binary Field', value: 'binary', description: 'Upload the item\'s file as a permanent image first' },
			{ name: 'Media ID', value: 'mediaId', description: 'A permanent image already in the material library' },
		],
		default: 'binary',
	},
	{ displayName: 'Cover Binary Field', name: 'coverBinaryField', type: 'string', default: 'data', displayOptions: { show: { coverSource: ['binary'] } }, description: 'The binary field holding the cover picture (jpg, png, gif, bmp; at most 10 MB)' },
	{ displayName: 'Cover Media ID', name: 'coverMediaId', type: 'string', default: '', displayOptions: { show: { coverSource: ['mediaId'] } }, description: 'The mediaId of a permanent image (Media > Add a permanent material)' },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Author', name: 'author', type: 'string', default: '' },
			{ displayName: 'Digest', name: 'digest', type: 'string', default: '', description: 'The summary shown in lists, at most 120 characters (WeChat takes the start of the content when empty)' },
			{ displayName: 'Only Followers Can Comment', name: 'onlyFansCanComment', type: 'boolean', default: false, description: 'Whether only followers may comment' },
			{ displayName: 'Open Comments', name: 'openComment', type: 'boolean', default: false, description: 'Whether readers may comment' },
			{ displayName: 'Source URL', name: 'sourceUrl', type: 'string', default: '', description: '"Read more" link under the article' },
		],
	},
];

/** A checked article; the cover is uploaded only when the item is sent. */
export interface CheckedArticle {
	article: IDataObject;
	cover: { mediaId: string } | { field: string };
}

const WECHAT_IMAGE_HOST = /^https?:\/\/mmbiz\.(qpic|qlogo)\.cn\//i;

export function readArticle(this: IExecuteFunctions, itemIndex: number): CheckedArticle {
	const fail = (message: string, description: string) => new NodeOperationError(this.getNode(), message, { itemIndex, description });
	const title = stringParameter.call(this, 'title', itemIndex);
	if (title === '') throw fail('Title is empty', 'Give the article a title (at most 64 characters).');
	if ([...title].length > 64) throw fail(`Title is too long (${[...title].length} characters)`, 'WeChat takes at most 64 characters.');
	const content = String(this.getNodeParameter('content', itemIndex, '') ?? '');
	if (content.trim() === '') throw fail('Content (HTML) is empty', 'Give the article its HTML.');
	const foreign = [...content.matchAll(/<img\b[^>]*?\bsrc\s*=\s*["']([^"']*)["']/gi)].map((m) => m[1]).filter((src) => !WECHAT_IMAGE_HOST.test(src));
	if (foreign.length > 0) {
		throw fail(`Content (HTML) has ${foreign.length} image(s) not uploaded to WeChat: ${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', ...' : ''}`, 'WeChat shows only images it hosts: upload each with Media > Upload an article image and put the URL it gives (mmbiz.qpic.cn) in the src.');
	}
	const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const digest = String(extra.digest ?? '').trim();
	if ([...digest].length > 120) throw fail(`Digest is too long (${[...digest].length} characters)`, 'WeChat takes at most 120 characters.');
	const sourceUrl = String(extra.sourceUrl ?? '').trim();
	if (sourceUrl && !/^https?:\/\//i.test(sourceUrl)) throw fail(`Source URL "${sourceUrl}" is not a web address`, 'Start it with https:// or http://.');
	const article: IDataObject = { title, content, need_open_comment: extra.openComment ? 1 : 0, only_fans_can_comment: extra.onlyFansCanComment ? 1 : 0 };
	if (extra.author) article.author = String(extra.author).trim();
	if (digest) article.digest = digest;
	if (sourceUrl) article.content_source_url = sourceUrl;
	if (stringParameter.call(this, 'coverSource', itemIndex, 'binary') === 'mediaId') {
		const mediaId = stringParameter.call(this, 'coverMediaId', itemIndex);
		if (mediaId === '') throw fail('Cover Media ID is empty', 'WeChat needs a cover: give the mediaId of a permanent image, or use Cover Source: Binary Field.');
		return { article, cover: { mediaId } };
	}
	const field = stringParameter.call(this, 'coverBinaryField', itemIndex, 'data');
	const binary = this.getInputData()[itemIndex].binary?.[field];
	if (!binary) throw fail(`The cover is missing: the item has no binary field "${field}" (Cover Binary Field)`, 'WeChat needs a cover: give the item a picture in that field (e.g. from an HTTP Request or Read File node), or use Cover Source: Media ID.');
	return { article, cover: { field } };
}

/** The article as WeChat takes it, its cover uploaded as a permanent image when it comes from a binary field. */
export async function withCover(this: IExecuteFunctions, itemIndex: number, checked: CheckedArticle): Promise<IDataObject> {
	if ('mediaId' in checked.cover) return { ...checked.article, thumb_media_id: checked.cover.mediaId };
	const file = await readMediaFile.call(this, itemIndex, checked.cover.field, 'image', 'Cover Binary Field', 'permanent');
	const added = await addMaterial.call(this, 'image', file);
	return { ...checked.article, thumb_media_id: added.mediaId };
}
