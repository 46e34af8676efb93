/**
 * WeChat puts secrets in URLs (access_token, secret, js_code) and answers with session keys and tickets.
 * Every text that can reach a user, an output item or a log passes through redactText first.
 */

const SECRET_PARAMS = ['access_token', 'secret', 'appsecret', 'js_code', 'session_key', 'ticket', 'code', 'token', 'encodingaeskey'];

// key=value in URLs and form bodies; "key":"value" in JSON text. The key list is closed so that
// ordinary words such as "openid" survive.
const URL_PARAM = new RegExp(`([?&;\\s](?:${SECRET_PARAMS.join('|')})=)[^&#\\s"']*`, 'gi');
const JSON_FIELD = new RegExp(`("(?:${SECRET_PARAMS.join('|')}|accessToken|appSecret|sessionKey|encodingAesKey)"\\s*:\\s*")[^"]*`, 'gi');

const REDACTED = '***';

// Values seen at run time (tokens fetched, secrets from credentials) are scrubbed wherever they appear,
// whatever the text around them looks like. Bounded, so a long-running worker does not grow without end.
const knownSecrets = new Set<string>();
const MAX_KNOWN_SECRETS = 500;

export function registerSecret(value: unknown): void {
	if (typeof value !== 'string' || value.length < 6) return;
	if (knownSecrets.has(value)) return;
	if (knownSecrets.size >= MAX_KNOWN_SECRETS) {
		const oldest = knownSecrets.values().next().value;
		if (oldest !== undefined) knownSecrets.delete(oldest);
	}
	knownSecrets.add(value);
}

export function redactText(text: string): string {
	let result = text.replace(URL_PARAM, `$1${REDACTED}`).replace(JSON_FIELD, `$1${REDACTED}`);
	for (const secret of knownSecrets) {
		if (result.includes(secret)) result = result.split(secret).join(REDACTED);
	}
	return result;
}
