import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { jsapiTicket } from '../../../wechat/client/jsapiTicket';
import { jsSdkSignature, randomNonce } from '../../../wechat/codec/crypto';
import { commaList } from '../../../wechat/items/parameters';
import type { OperationRun } from '../../../wechat/items/router';
import { perItem } from '../../../wechat/items/router';

/** Checks the page URL the way WeChat will compare it, and drops the fragment WeChat never sees. */
export function pageUrlForSigning(this: IExecuteFunctions, raw: unknown, itemIndex: number): string {
	const url = String(raw ?? '').trim();
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (!parsed || !/^https?:$/.test(parsed.protocol)) {
		throw new NodeOperationError(this.getNode(), `Page URL "${url}" is not a valid http(s) URL`, {
			itemIndex,
			description: 'Pass the full address of the page, e.g. https://www.example.com/page?id=1 (in the browser: location.href.split(\'#\')[0]).',
		});
	}
	const hash = url.indexOf('#');
	return hash === -1 ? url : url.slice(0, hash);
}

export async function signPage(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const url = pageUrlForSigning.call(this, this.getNodeParameter('url', itemIndex), itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const jsApiList = [
		...(this.getNodeParameter('jsApiList', itemIndex, []) as string[]),
		...commaList(options.extraJsApis),
	];
	const timestamp = Number(options.timestamp) > 0 ? Math.floor(Number(options.timestamp)) : Math.floor(Date.now() / 1000);
	const nonceStr = String(options.nonceStr ?? '').trim() || randomNonce(16);
	const { appId, ticket } = await jsapiTicket.call(this);
	const config: IDataObject = {
		debug: this.getNodeParameter('debug', itemIndex, false) as boolean,
		appId,
		timestamp,
		nonceStr,
		signature: jsSdkSignature(ticket, nonceStr, timestamp, url),
		jsApiList,
	};
	const openTagList = commaList(options.openTagList);
	if (openTagList.length) config.openTagList = openTagList;
	return { ...config, url };
}

/** JS-SDK > Sign a Page: no call per item once the account's jsapi_ticket is known. */
export async function execute(this: IExecuteFunctions): Promise<OperationRun> {
	return perItem(20, async (itemIndex) => await signPage.call(this, itemIndex));
}
