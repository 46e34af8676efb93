import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ExpiringCache } from '../shared/cache';
import { jsSdkSignature, randomNonce } from '../shared/crypto';
import { registerSecret } from '../shared/redact';
import { readAppCredentials, REFRESH_MARGIN_MS } from '../shared/token';
import { weChatApiRequest } from '../shared/transport';

// One jsapi_ticket per account and process, fetched once however many items and executions need it,
// and refreshed 300 s before WeChat's 7200 s expiry.
const tickets = new ExpiringCache<string>('jsapi_ticket', REFRESH_MARGIN_MS);

async function jsapiTicket(this: IExecuteFunctions): Promise<{ appId: string; ticket: string }> {
	const c = readAppCredentials(await this.getCredentials('weChatOfficialAccountApi'));
	const ticket = await tickets.get(`${c.baseUrl}|${c.appId}`, async () => {
		const started = Date.now();
		const body = await weChatApiRequest.call(this, 'weChatOfficialAccountApi', {
			method: 'GET',
			path: '/cgi-bin/ticket/getticket',
			qs: { type: 'jsapi' },
			retrySafe: true,
			action: 'getting the jsapi_ticket',
		});
		const value = String(body.ticket ?? '');
		registerSecret(value);
		return { value, expiresAt: started + (Number(body.expires_in) || 7200) * 1000 };
	});
	return { appId: c.appId, ticket };
}

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

function list(value: unknown): string[] {
	return String(value ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
}

export async function signPage(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const url = pageUrlForSigning.call(this, this.getNodeParameter('url', itemIndex), itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const jsApiList = [
		...(this.getNodeParameter('jsApiList', itemIndex, []) as string[]),
		...list(options.extraJsApis),
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
	const openTagList = list(options.openTagList);
	if (openTagList.length) config.openTagList = openTagList;
	return { ...config, url };
}
