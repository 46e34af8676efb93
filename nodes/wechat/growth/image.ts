/**
 * Images WeChat serves for the growth actions: a QR code's picture (GET showqrcode?ticket=..., no token:
 * the ticket is the key) and Mini Program codes (answered as bytes by the API call itself).
 */
import { NodeApiError } from 'n8n-workflow';
import type { IBinaryData, IExecuteFunctions, JsonObject } from 'n8n-workflow';

import { httpStatusOf } from '../client/address';
import { redactText } from '../codec/redact';

/**
 * Where a QR code's picture is: WeChat serves it from mp.weixin.qq.com, not from the API host. When the
 * credential's API Base URL is not WeChat's (a forward proxy, the simulator), the picture is asked there too.
 */
export function qrImageUrl(apiBaseUrl: string, ticket: string): string {
	let host = '';
	try {
		host = new URL(apiBaseUrl).hostname;
	} catch {
		host = '';
	}
	const base = /(^|\.)weixin\.qq\.com$/i.test(host) ? 'https://mp.weixin.qq.com' : apiBaseUrl.replace(/\/+$/, '');
	return `${base}/cgi-bin/showqrcode?ticket=${encodeURIComponent(ticket)}`;
}

/** A picture at `url` (no token in it) into an n8n binary field. */
export async function fetchImage(this: IExecuteFunctions, url: string, fileName: string, what: string): Promise<IBinaryData> {
	let response: { body?: unknown; headers?: Record<string, unknown> };
	try {
		response = (await this.helpers.httpRequest({ method: 'GET', url, encoding: 'arraybuffer', json: false, returnFullResponse: true, timeout: 30_000 })) as typeof response;
	} catch (error) {
		const status = httpStatusOf(error);
		const reason = status ? `HTTP ${status}` : redactText(error instanceof Error ? error.message : String(error));
		throw new NodeApiError(this.getNode(), { message: reason } as JsonObject, {
			message: `Could not download ${what}: ${reason}`,
			description: status === 404 ? 'WeChat no longer has it (an expired temporary QR code?).' : 'Check the network; the code itself was created.',
		});
	}
	const raw = response.body;
	const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw instanceof ArrayBuffer ? new Uint8Array(raw) : String(raw ?? ''));
	const mimeType = String(response.headers?.['content-type'] ?? 'image/jpeg').split(';')[0];
	return await this.helpers.prepareBinaryData(bytes, fileName, mimeType);
}
