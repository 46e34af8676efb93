/** What a failed HTTP exchange with WeChat says, without its secrets: used by transport.ts. */
import { redactText } from '../codec/redact';

/** Network errors raised before the request left this server: WeChat cannot have acted on it. */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * A short, secret-free reason for a failed HTTP exchange (n8n's errors carry the URL with the token), and
 * whether the request may have reached WeChat: only a connection never made, or an HTTP 4xx (the address is
 * wrong), rules that out.
 */
export function describeNetworkFailure(error: unknown): { reason: string; mayHaveArrived: boolean } {
	const seen: string[] = [];
	let mayHaveArrived = true;
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current; depth++) {
		const e = current as { code?: unknown; httpCode?: unknown; message?: unknown; cause?: unknown };
		if (typeof e.code === 'string' && /^E[A-Z_]+$/.test(e.code)) {
			seen.push(e.code);
			if (NEVER_SENT_CODES.has(e.code)) mayHaveArrived = false;
		}
		if (typeof e.httpCode === 'string' && /^\d{3}$/.test(e.httpCode)) {
			seen.push(`HTTP ${e.httpCode}`);
			if (e.httpCode.startsWith('4')) mayHaveArrived = false;
		}
		if (typeof e.message === 'string' && seen.length === 0) seen.push(e.message);
		current = e.cause;
	}
	return { reason: redactText(seen[0] ?? 'the connection failed'), mayHaveArrived };
}

