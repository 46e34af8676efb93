/**
 * Draft > Create, Get, Get Many, Update, Delete, Count (/cgi-bin/draft/*). One item = one draft of one
 * article (Create) or one draft ID. Create and Update check every item before any call.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { growthRequest } from '../../../wechat/growth/errors';
import { stringParameter } from '../../../wechat/items/parameters';
import type { Operation, OperationRun } from '../../../wechat/items/router';
import { perItem } from '../../../wechat/items/router';
import { readArticle, withCover } from './fields';
import type { CheckedArticle } from './fields';

const CONCURRENCY = 3;
const PAGE = 20;

function call(this: IExecuteFunctions, path: string, body: IDataObject | undefined, retrySafe: boolean, action: string) {
	return growthRequest.call(this, 'weChatOfficialAccountApi', 'draft', { method: body ? 'POST' : 'GET', path, body, retrySafe, action });
}

export function draftIdOf(this: IExecuteFunctions, itemIndex: number): string {
	const id = stringParameter.call(this, 'draftId', itemIndex);
	if (id === '') throw new NodeOperationError(this.getNode(), 'Draft ID is empty', { itemIndex, description: 'Map the mediaId of Draft > Create, e.g. {{ $json.mediaId }}.' });
	return id;
}

/** Articles as the node outputs them (WeChat's names, camel-cased where n8n users expect it). */
export function articlesOut(items: unknown): IDataObject[] {
	return ((items as IDataObject[]) ?? []).map((a) => ({
		title: a.title,
		author: a.author ?? '',
		digest: a.digest ?? '',
		...(a.content !== undefined ? { content: a.content } : {}),
		sourceUrl: a.content_source_url ?? '',
		coverMediaId: a.thumb_media_id ?? '',
		...(a.url ? { url: a.url } : {}),
		openComment: Number(a.need_open_comment ?? 0) === 1,
		onlyFansCanComment: Number(a.only_fans_can_comment ?? 0) === 1,
	}));
}

function checkedArticles(this: IExecuteFunctions): Array<CheckedArticle | NodeOperationError> {
	return this.getInputData().map((_, i) => {
		try {
			return readArticle.call(this, i);
		} catch (error) {
			const refused = error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
			if (!this.continueOnFail()) throw refused;
			return refused;
		}
	});
}

export const create: Operation = async function () {
	const checked = checkedArticles.call(this);
	return perItem(CONCURRENCY, async (itemIndex) => {
		const item = checked[itemIndex];
		if (item instanceof NodeOperationError) return item;
		const article = await withCover.call(this, itemIndex, item);
		// A second add would make a second draft: not resent after an unknown outcome.
		const answer = await call.call(this, '/cgi-bin/draft/add', { articles: [article] }, false, `creating the draft of item ${itemIndex}`);
		return { mediaId: String(answer.media_id ?? ''), title: article.title, coverMediaId: article.thumb_media_id };
	});
};

export const update: Operation = async function () {
	const checked = checkedArticles.call(this);
	return perItem(CONCURRENCY, async (itemIndex) => {
		const item = checked[itemIndex];
		if (item instanceof NodeOperationError) return item;
		const mediaId = draftIdOf.call(this, itemIndex);
		const index = Number(this.getNodeParameter('articleIndex', itemIndex, 0));
		const article = await withCover.call(this, itemIndex, item);
		await call.call(this, '/cgi-bin/draft/update', { media_id: mediaId, index, articles: article }, true, `updating draft ${mediaId}`);
		return { mediaId, index, updated: true };
	});
};

export const get: Operation = async function () {
	return perItem(CONCURRENCY, async (itemIndex) => {
		const mediaId = draftIdOf.call(this, itemIndex);
		const answer = await call.call(this, '/cgi-bin/draft/get', { media_id: mediaId }, true, `reading draft ${mediaId}`);
		return { mediaId, articles: articlesOut(answer.news_item) };
	});
};

export const remove: Operation = async function () {
	return perItem(CONCURRENCY, async (itemIndex) => {
		const mediaId = draftIdOf.call(this, itemIndex);
		await call.call(this, '/cgi-bin/draft/delete', { media_id: mediaId }, true, `deleting draft ${mediaId}`);
		return { mediaId, deleted: true };
	});
};

export const count: Operation = async function () {
	return perItem(1, async () => {
		const answer = await call.call(this, '/cgi-bin/draft/count', undefined, true, 'counting drafts');
		return { total: Number(answer.total_count ?? 0) };
	});
};

/** Paged batchget (20 a page) for Draft and Publication > Get Many: one output item per draft/publication. */
export async function getMany(this: IExecuteFunctions, path: string, idField: 'media_id' | 'article_id', outField: 'mediaId' | 'articleId'): Promise<OperationRun> {
	return perItem(1, async (itemIndex) => {
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const limit = returnAll ? Infinity : Math.max(1, Number(this.getNodeParameter('limit', itemIndex, 50)));
		const noContent = !(this.getNodeParameter('includeContent', itemIndex, false) as boolean);
		const out: IDataObject[] = [];
		for (let offset = 0; out.length < limit; offset += PAGE) {
			const answer = await call.call(this, path, { offset, count: PAGE, no_content: noContent ? 1 : 0 }, true, 'listing');
			const items = (answer.item as IDataObject[]) ?? [];
			for (const entry of items) {
				if (out.length >= limit) break;
				const updated = Number(entry.update_time ?? 0);
				out.push({ [outField]: entry[idField], updatedAt: updated ? new Date(updated * 1000).toISOString() : null, articles: articlesOut((entry.content as IDataObject)?.news_item) });
			}
			if (items.length < PAGE || offset + PAGE >= Number(answer.total_count ?? 0)) break;
		}
		return out;
	});
}
