/**
 * Publication > Publish (/cgi-bin/freepublish/submit; "Wait for the Result" polls /freepublish/get with
 * back-off), Get Status, Get Many, Get Article, Delete. The Trigger's PUBLISHJOBFINISH event carries the same
 * result when the workflow should not wait.
 */
import { NodeOperationError, sleep } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { growthRequest } from '../../../wechat/growth/errors';
import { stringParameter } from '../../../wechat/items/parameters';
import type { Operation } from '../../../wechat/items/router';
import { perItem } from '../../../wechat/items/router';
import { articlesOut, draftIdOf, getMany } from '../draft/operations';

/** WeChat's publish_status. */
export const PUBLISH_STATUS: Record<number, string> = {
	0: 'published',
	1: 'publishing',
	2: 'failedOriginalityCheck',
	3: 'failed',
	4: 'rejectedByReview',
	5: 'deletedAfterPublishing',
	6: 'banned',
};
const POLL_WAITS_MS = [500, 1000, 2000, 4000, 8000];
const MAX_POLL_WAIT_MS = 10_000;

function call(this: IExecuteFunctions, path: string, body: IDataObject, retrySafe: boolean, action: string) {
	return growthRequest.call(this, 'weChatOfficialAccountApi', 'publish', { method: 'POST', path, body, retrySafe, action });
}

function required(this: IExecuteFunctions, name: string, label: string, hint: string, itemIndex: number): string {
	const value = stringParameter.call(this, name, itemIndex);
	if (value === '') throw new NodeOperationError(this.getNode(), `${label} is empty`, { itemIndex, description: hint });
	return value;
}

function statusOut(answer: IDataObject): IDataObject {
	const code = Number(answer.publish_status);
	const detail = (answer.article_detail ?? {}) as IDataObject;
	const out: IDataObject = { publishId: String(answer.publish_id ?? ''), status: PUBLISH_STATUS[code] ?? `status${code}`, publishStatus: code };
	if (answer.article_id) out.articleId = answer.article_id;
	const urls = ((detail.item as IDataObject[]) ?? []).map((i) => i.article_url);
	if (urls.length) out.articleUrls = urls;
	if (answer.fail_idx) out.failedArticles = answer.fail_idx;
	return out;
}

async function statusOf(this: IExecuteFunctions, publishId: string): Promise<IDataObject> {
	return statusOut(await call.call(this, '/cgi-bin/freepublish/get', { publish_id: publishId }, true, `reading publish job ${publishId}`));
}

export const publish: Operation = async function () {
	return perItem(3, async (itemIndex) => {
		const mediaId = draftIdOf.call(this, itemIndex);
		const wait = this.getNodeParameter('waitForResult', itemIndex, true) as boolean;
		const maxWaitMs = Math.max(1, Number(this.getNodeParameter('maxWaitSeconds', itemIndex, 60))) * 1000;
		// Submitting twice would publish twice: never resent after an unknown outcome.
		const answer = await call.call(this, '/cgi-bin/freepublish/submit', { media_id: mediaId }, false, `publishing draft ${mediaId}`);
		const publishId = String(answer.publish_id ?? '');
		let result: IDataObject = { publishId, msgDataId: answer.msg_data_id ?? null, status: 'publishing', publishStatus: 1 };
		if (!wait) return { draftId: mediaId, ...result };
		const started = Date.now();
		for (let k = 0; result.publishStatus === 1 && Date.now() - started < maxWaitMs; k++) {
			await sleep(Math.min(POLL_WAITS_MS[k] ?? MAX_POLL_WAIT_MS, maxWaitMs - (Date.now() - started)));
			result = { ...result, ...(await statusOf.call(this, publishId)) };
		}
		return { draftId: mediaId, ...result, waitedSeconds: Math.round((Date.now() - started) / 100) / 10 };
	});
};

export const getStatus: Operation = async function () {
	return perItem(5, async (itemIndex) => await statusOf.call(this, required.call(this, 'publishId', 'Publish ID', 'Map the publishId that Publish returned, e.g. {{ $json.publishId }}.', itemIndex)));
};

export const getArticle: Operation = async function () {
	return perItem(5, async (itemIndex) => {
		const articleId = required.call(this, 'articleId', 'Article ID', 'Map the articleId of a publication, e.g. {{ $json.articleId }}.', itemIndex);
		const answer = await call.call(this, '/cgi-bin/freepublish/getarticle', { article_id: articleId }, true, `reading article ${articleId}`);
		return { articleId, articles: articlesOut(answer.news_item) };
	});
};

export const remove: Operation = async function () {
	return perItem(3, async (itemIndex) => {
		const articleId = required.call(this, 'articleId', 'Article ID', 'Map the articleId of a publication, e.g. {{ $json.articleId }}.', itemIndex);
		const index = Number(this.getNodeParameter('articleIndex', itemIndex, 0));
		await call.call(this, '/cgi-bin/freepublish/delete', { article_id: articleId, index }, true, `deleting article ${articleId}`);
		return { articleId, index, deleted: true };
	});
};

export const getAll: Operation = async function () {
	return await getMany.call(this, '/cgi-bin/freepublish/batchget', 'article_id', 'articleId');
};
