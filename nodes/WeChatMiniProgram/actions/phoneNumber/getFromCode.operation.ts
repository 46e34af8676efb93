/**
 * Phone Number > Get From Button Code: POST /wxa/business/getuserphonenumber. A code works once for 5 minutes
 * and each success is charged, so a code is never sent twice: not for a repeat in the run, not after a lost
 * answer (WeChat may have used it).
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { appCredentialsOf } from '../../../wechat/client/transport';
import { growthRequest } from '../../../wechat/growth/errors';
import { DEFAULT_READ_CONCURRENCY } from '../../../wechat/items/description';
import { concurrencyOf, stringParameter } from '../../../wechat/items/parameters';
import type { OperationRun } from '../../../wechat/items/router';
import { perItem } from '../../../wechat/items/router';

const PHONE_CODE = /^[A-Za-z0-9_\-+/=.]{8,256}$/;

export async function execute(this: IExecuteFunctions): Promise<OperationRun> {
	const codes = this.getInputData().map((_, i) => stringParameter.call(this, 'phoneCode', i));
	const firstItemOf = new Map<string, number>();
	codes.forEach((code, i) => {
		if (code !== '' && !firstItemOf.has(code)) firstItemOf.set(code, i);
	});
	const { appId } = await appCredentialsOf(this, 'weChatMiniProgramApi');
	return perItem(concurrencyOf.call(this, DEFAULT_READ_CONCURRENCY), async (itemIndex) => {
		const code = codes[itemIndex];
		if (!PHONE_CODE.test(code)) {
			return new NodeOperationError(this.getNode(), code === '' ? `Phone Code is empty (item ${itemIndex})` : `Phone Code is not a getPhoneNumber code (item ${itemIndex})`, {
				itemIndex,
				description: 'Map the code of the getPhoneNumber button (e.detail.code), e.g. {{ $json.code }}. It works once, within 5 minutes.',
			});
		}
		const first = firstItemOf.get(code);
		if (first !== undefined && first !== itemIndex) {
			const error = new NodeOperationError(this.getNode(), `The phone code of item ${itemIndex} is the same as item ${first}'s, and a code works once`, {
				itemIndex,
				description: `It was sent for item ${first} only (WeChat would refuse it with errcode 40029, and charges each success). Let the user tap the button again for a new code.`,
			});
			error.context.errcode = 40029;
			return error;
		}
		const answer = await growthRequest.call(this, 'weChatMiniProgramApi', 'phone', {
			method: 'POST',
			path: '/wxa/business/getuserphonenumber',
			body: { code },
			retrySafe: false,
			action: `getting the phone number of item ${itemIndex}`,
		});
		const info = (answer.phone_info ?? {}) as IDataObject;
		const watermark = (info.watermark ?? {}) as IDataObject;
		if (watermark.appid !== undefined && watermark.appid !== appId) {
			return new NodeOperationError(this.getNode(), 'WeChat answered with a phone number of another Mini Program (watermark AppID differs)', { itemIndex });
		}
		const timestamp = Number(watermark.timestamp);
		const json: IDataObject = {
			...this.getInputData()[itemIndex].json,
			phoneNumber: String(info.phoneNumber ?? ''),
			purePhoneNumber: String(info.purePhoneNumber ?? ''),
			countryCode: String(info.countryCode ?? ''),
		};
		delete json.code;
		if (timestamp > 0) json.verifiedAt = new Date(timestamp * 1000).toISOString();
		return json;
	});
}
