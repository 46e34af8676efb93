/**
 * QR Code > Create: POST /cgi-bin/qrcode/create (a code with a scene: temporary up to 30 days, or permanent),
 * then its picture from showqrcode. Every item's scene is checked before anything is sent.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { appCredentialsOf } from '../../../wechat/client/transport';
import { growthRequest } from '../../../wechat/growth/errors';
import { fetchImage, qrImageUrl } from '../../../wechat/growth/image';
import { DEFAULT_READ_CONCURRENCY } from '../../../wechat/items/description';
import { WithBinary } from '../../../wechat/items/itemLoop';
import { stringParameter } from '../../../wechat/items/parameters';
import type { OperationRun } from '../../../wechat/items/router';
import { perItem } from '../../../wechat/items/router';
import { MAX_EXPIRE_SECONDS } from './create.description';

interface QrRequest {
	body: IDataObject;
	scene: string | number;
	permanent: boolean;
}

const MAX_PERMANENT_SCENE = 100_000;
const MAX_TEMPORARY_SCENE = 4_294_967_295;

function qrRequestOf(this: IExecuteFunctions, itemIndex: number): QrRequest {
	const fail = (message: string, description: string) => new NodeOperationError(this.getNode(), message, { itemIndex, description });
	const permanent = stringParameter.call(this, 'codeType', itemIndex, 'temporary') === 'permanent';
	const sceneType = stringParameter.call(this, 'sceneType', itemIndex, 'text');
	let scene: string | number;
	let sceneInfo: IDataObject;
	if (sceneType === 'number') {
		const raw = this.getNodeParameter('sceneNumber', itemIndex, 0) as unknown;
		const n = Number(raw);
		const max = permanent ? MAX_PERMANENT_SCENE : MAX_TEMPORARY_SCENE;
		if (!Number.isInteger(n) || n < 1 || n > max) {
			throw fail(`Scene Number ${String(raw)} is out of range`, `A ${permanent ? 'permanent' : 'temporary'} code's number scene is a whole number from 1 to ${max}${permanent ? '' : ''}. Use Scene Type: Text for names.`);
		}
		scene = n;
		sceneInfo = { scene_id: n };
	} else {
		const text = stringParameter.call(this, 'sceneText', itemIndex);
		if (text === '') throw fail('Scene Text is empty', 'Give the code a scene (1-64 characters), e.g. the campaign name: the WeChat Trigger reports it as qrScene.');
		if ([...text].length > 64) throw fail(`Scene Text is too long (${[...text].length} characters)`, 'WeChat takes 1-64 characters.');
		scene = text;
		sceneInfo = { scene_str: text };
	}
	const action = `${permanent ? 'QR_LIMIT' : 'QR'}_${sceneType === 'number' ? '' : 'STR_'}SCENE`;
	const body: IDataObject = { action_name: action, action_info: { scene: sceneInfo } };
	if (!permanent) {
		const raw = this.getNodeParameter('expireSeconds', itemIndex, MAX_EXPIRE_SECONDS) as unknown;
		const seconds = Number(raw);
		if (!Number.isInteger(seconds) || seconds < 60 || seconds > MAX_EXPIRE_SECONDS) {
			throw fail(`Expire After (Seconds) ${String(raw)} is out of range`, 'A temporary code works from 60 seconds to 2,592,000 seconds (30 days). For longer, use Code Type: Permanent.');
		}
		body.expire_seconds = seconds;
	}
	return { body, scene, permanent };
}

export async function execute(this: IExecuteFunctions): Promise<OperationRun> {
	// Checked for every item first: a bad scene in item 5 sends nothing for items 0-4 either.
	const requests = this.getInputData().map((_, i) => {
		try {
			return qrRequestOf.call(this, i);
		} catch (error) {
			const failure = error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
			if (!this.continueOnFail()) throw failure;
			return failure;
		}
	});
	const { baseUrl } = await appCredentialsOf(this, 'weChatOfficialAccountApi');
	return perItem(DEFAULT_READ_CONCURRENCY, async (itemIndex) => {
		const request = requests[itemIndex];
		if (request instanceof NodeOperationError) return request;
		const answer = await growthRequest.call(this, 'weChatOfficialAccountApi', 'qrCode', {
			method: 'POST',
			path: '/cgi-bin/qrcode/create',
			body: request.body,
			// Asking again gives a code with the same scene: nothing reaches a user twice.
			retrySafe: true,
			action: `creating the QR code of scene ${JSON.stringify(request.scene)}`,
		});
		const ticket = String(answer.ticket ?? '');
		const expireSeconds = request.permanent ? null : Number(answer.expire_seconds ?? request.body.expire_seconds);
		const json: IDataObject = {
			scene: request.scene,
			codeType: request.permanent ? 'permanent' : 'temporary',
			ticket,
			url: String(answer.url ?? ''),
			imageUrl: qrImageUrl(baseUrl, ticket),
			expiresAt: expireSeconds === null ? null : new Date(Date.now() + expireSeconds * 1000).toISOString(),
		};
		if (!(this.getNodeParameter('downloadImage', itemIndex, true) as boolean)) return json;
		const field = stringParameter.call(this, 'binaryPropertyName', itemIndex, 'data');
		const fileName = `qrcode-${String(request.scene).replace(/[^\w.-]+/g, '_').slice(0, 60)}.jpg`;
		const image = await fetchImage.call(this, String(json.imageUrl), fileName, 'the QR code\'s picture');
		return new WithBinary(json, { [field]: image });
	});
}
