/**
 * Mini Program Code > Get Code (/wxa/getwxacode: page with query, 100,000 per Mini Program) and Get Unlimited
 * Code (/wxa/getwxacodeunlimit: page + a 32-character scene, no count limit), as pictures in a binary field.
 * WeChat answers the picture itself, or JSON with an errcode.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { growthRequest } from '../../../wechat/growth/errors';
import { DEFAULT_READ_CONCURRENCY } from '../../../wechat/items/description';
import { WithBinary } from '../../../wechat/items/itemLoop';
import { concurrencyOf, stringParameter } from '../../../wechat/items/parameters';
import type { OperationRun } from '../../../wechat/items/router';
import { perItem } from '../../../wechat/items/router';
import { checkAll, envOf, failure, pageOf, queryOf } from '../link/fields';

const SCENE = /^[A-Za-z0-9!#$&'()*+,/:;=?@\-._~]{1,32}$/;

function requestOf(this: IExecuteFunctions, unlimited: boolean, itemIndex: number): { body: IDataObject; label: string } {
	const page = pageOf.call(this, itemIndex, false);
	const width = Number(this.getNodeParameter('width', itemIndex, 430));
	if (!Number.isInteger(width) || width < 280 || width > 1280) throw failure.call(this, itemIndex, `Width (Pixels) ${width} is out of range`, 'WeChat draws codes 280 to 1280 pixels wide.');
	const common = { width, is_hyaline: this.getNodeParameter('transparent', itemIndex, false) as boolean, env_version: envOf.call(this, itemIndex) };
	if (!unlimited) {
		const query = queryOf.call(this, itemIndex);
		const path = query ? `${page}?${query}` : page;
		if (path.length > 1024) throw failure.call(this, itemIndex, 'Page and Query together are too long', 'WeChat takes at most 1024 characters.');
		return { body: { path, ...common }, label: path || 'home' };
	}
	const scene = stringParameter.call(this, 'scene', itemIndex);
	if (scene === '') throw failure.call(this, itemIndex, 'Scene is empty', 'Give the page its data in up to 32 characters, e.g. id=42 (the page reads it from options.scene).');
	if (!SCENE.test(scene)) {
		throw failure.call(this, itemIndex, [...scene].length > 32 ? `Scene is too long (${[...scene].length} characters)` : 'Scene has characters WeChat does not take', 'Up to 32 characters: letters, digits and !#$&\'()*+,/:;=?@-._~. Keep an ID there and look the rest up.');
	}
	const body: IDataObject = { scene, check_path: this.getNodeParameter('checkPath', itemIndex, true) as boolean, ...common };
	if (page) body.page = page;
	return { body, label: scene };
}

export async function getCode(this: IExecuteFunctions, unlimited: boolean): Promise<OperationRun> {
	const requests = checkAll(this, (i) => requestOf.call(this, unlimited, i));
	return perItem(concurrencyOf.call(this, DEFAULT_READ_CONCURRENCY), async (itemIndex) => {
		const request = requests[itemIndex];
		if (request instanceof NodeOperationError) return request;
		const answer = await growthRequest.call(this, 'weChatMiniProgramApi', 'wxaCode', {
			method: 'POST',
			path: unlimited ? '/wxa/getwxacodeunlimit' : '/wxa/getwxacode',
			body: request.body,
			fileAnswer: true,
			retrySafe: true,
			action: `drawing the Mini Program code of item ${itemIndex}`,
		});
		if (!Buffer.isBuffer(answer.file)) {
			return new NodeOperationError(this.getNode(), 'WeChat answered without a picture', { itemIndex });
		}
		const mimeType = String(answer.contentType ?? '').split(';')[0] || 'image/jpeg';
		const extension = mimeType.includes('png') ? 'png' : 'jpg';
		const fileName = `wxacode-${request.label.replace(/[^\w.-]+/g, '_').slice(0, 60)}.${extension}`;
		const binary = await this.helpers.prepareBinaryData(answer.file, fileName, mimeType);
		const json: IDataObject = { ...(unlimited ? { scene: request.body.scene, page: request.body.page ?? '' } : { path: request.body.path }), fileName, mimeType, size: answer.file.length };
		return new WithBinary(json, { [stringParameter.call(this, 'binaryPropertyName', itemIndex, 'data')]: binary });
	});
}
