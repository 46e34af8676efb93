import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { weChatApiRequest } from '../../../wechat/client/transport';
import { registerSecret } from '../../../wechat/codec/redact';
import { concurrencyOf, stringParameter } from '../../../wechat/items/parameters';
import type { OperationRun } from '../../../wechat/items/router';
import { perItem } from '../../../wechat/items/router';
import { DEFAULT_READ_CONCURRENCY } from '../../../wechat/items/description';

export const NO_UNIONID_MP_NOT_BOUND =
	'WeChat returned no UnionID: the Mini Program is not bound to an Open Platform account (open.weixin.qq.com > Management Center > Mini Programs > Bind), so its users have no UnionID';

/** wx.login codes are 32 characters in practice; anything with spaces or very long is a mapping mistake. */
const LOGIN_CODE = /^[A-Za-z0-9_\-+/=.]{8,128}$/;

function loginCodeOf(this: IExecuteFunctions, itemIndex: number): string {
	return stringParameter.call(this, 'loginCode', itemIndex);
}

/**
 * Items whose login code an earlier item of this run already carries: item index -> that earlier item.
 * A code works once, so only the first is sent; the others fail at once, whatever order concurrency
 * would have run them in.
 */
export function repeatedLoginCodes(this: IExecuteFunctions): Map<number, number> {
	const first = new Map<string, number>();
	const repeats = new Map<number, number>();
	this.getInputData().forEach((_, itemIndex) => {
		const code = loginCodeOf.call(this, itemIndex);
		if (code === '') return;
		const earlier = first.get(code);
		if (earlier === undefined) first.set(code, itemIndex);
		else repeats.set(itemIndex, earlier);
	});
	return repeats;
}

/**
 * GET /sns/jscode2session for one item. The code is a one-time secret: it never appears in an error text
 * (redact.ts also scrubs js_code from URLs), and session_key is registered as a secret at once.
 */
export async function loginCodeToOpenId(
	this: IExecuteFunctions,
	itemIndex: number,
	usedByItem?: number,
): Promise<IDataObject> {
	const code = loginCodeOf.call(this, itemIndex);
	if (!LOGIN_CODE.test(code)) {
		throw new NodeOperationError(
			this.getNode(),
			code === '' ? `Login Code is empty (item ${itemIndex})` : `Login Code is not a wx.login code (item ${itemIndex})`,
			{
				itemIndex,
				description:
					'Map the code that wx.login returned in the Mini Program, for example {{ $json.code }}. Each code works once, within 5 minutes.',
			},
		);
	}
	if (usedByItem !== undefined) {
		const error = new NodeOperationError(
			this.getNode(),
			`The login code of item ${itemIndex} is the same as item ${usedByItem}'s, and a code works once`,
			{
				itemIndex,
				description: `It was exchanged for item ${usedByItem} and not sent again (WeChat would answer errcode 40163, code been used). Call wx.login again for a new code.`,
			},
		);
		// Same errcode as WeChat's answer to a reused code, so one If node can route both.
		error.context.errcode = 40163;
		throw error;
	}
	const body = await weChatApiRequest.call(this, 'weChatMiniProgramApi', {
		method: 'GET',
		path: '/sns/jscode2session',
		qs: { js_code: code, grant_type: 'authorization_code' },
		withAppSecret: true,
		// Asking again cannot act twice; at worst WeChat answers 40163 (code already used).
		retrySafe: true,
		action: `exchanging the Login Code of item ${itemIndex}`,
	});
	const sessionKey = String(body.session_key ?? '');
	registerSecret(sessionKey);
	const unionId = typeof body.unionid === 'string' && body.unionid ? body.unionid : null;
	const json: IDataObject = {
		...this.getInputData()[itemIndex].json,
		openId: String(body.openid ?? ''),
		unionId,
	};
	if (unionId === null) json.reason = NO_UNIONID_MP_NOT_BOUND;
	if (this.getNodeParameter('includeSessionKey', itemIndex, false) as boolean) json.sessionKey = sessionKey;
	return json;
}

/** Login > Exchange Code: one jscode2session per item; a code repeated in the run is sent once. */
export async function execute(this: IExecuteFunctions): Promise<OperationRun> {
	const repeats = repeatedLoginCodes.call(this);
	return perItem(concurrencyOf.call(this, DEFAULT_READ_CONCURRENCY), async (itemIndex) =>
		await loginCodeToOpenId.call(this, itemIndex, repeats.get(itemIndex)),
	);
}
