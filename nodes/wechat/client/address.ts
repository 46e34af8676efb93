/**
 * When an answer says the credential points somewhere that is not WeChat's API (or not a token server): an
 * HTTP 4xx, an HTML page, an empty body. That is a configuration problem, the same for every item: the node
 * stops with one error naming the credential field and the fix. Trouble that passes (timeouts, dropped
 * connections, HTTP 5xx, 408, 429) is not this: it stays a per-item outcome.
 */

/** The credential field whose address answered. */
export type AddressField = 'API Base URL' | 'Token Server URL';

/** The HTTP status of a failed request, wherever n8n or axios put it (httpCode, status, response.status). */
export function httpStatusOf(error: unknown): number | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const e = current as { httpCode?: unknown; status?: unknown; response?: { status?: unknown }; cause?: unknown };
		for (const candidate of [e.httpCode, e.status, e.response?.status]) {
			const status = Number(candidate);
			if (/^\d{3}$/.test(String(candidate)) && status >= 100 && status < 600) return status;
		}
		current = e.cause;
	}
	return undefined;
}

/** A 4xx other than 408 (timeout) and 429 (too many requests): the address itself is wrong. */
export function isWrongAddressStatus(status: number | undefined): boolean {
	return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/** The error text for an address that is not WeChat's API or the token server: names the field and the fix. */
export function wrongAddress(field: AddressField, answered: string): { message: string; description: string } {
	if (field === 'Token Server URL') {
		return {
			message: `The credential's Token Server URL does not lead to a token server: it ${answered}`,
			description:
				'Check the Token Server URL in the credential: a GET to it must answer {"access_token": "...", "expires_in": 7200}. The URL is not shown here because it may carry the token server\'s key.',
		};
	}
	return {
		message: `The credential's API Base URL does not lead to WeChat's API: it ${answered}`,
		description:
			'Set API Base URL in the credential to https://api.weixin.qq.com (or a regional host such as https://api2.weixin.qq.com), or to a proxy that forwards every WeChat API path unchanged. Only the host goes there, without a path such as /cgi-bin.',
	};
}

/** The URL with one query parameter set (a URL that does not parse is returned as is: its request names the fault). */
export function withQuery(url: string, name: string, value: string): string {
	try {
		const u = new URL(url);
		u.searchParams.set(name, value);
		return u.toString();
	} catch {
		return url;
	}
}
