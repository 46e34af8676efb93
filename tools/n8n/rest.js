'use strict';
/**
 * n8n's REST API as the editor uses it (a logged-in owner's session cookie): owner setup (POST /rest/owner/setup,
 * a 400 means there already is one), login (POST /rest/login), then any /rest call, e.g. retrying an
 * execution as a user clicks Retry (POST /rest/executions/:id/retry). Both n8n lines.
 * `methods` are mixed into N8nInstance (instance.js).
 */
const OWNER = { email: 'e2e-owner@example.com', firstName: 'E2E', lastName: 'Owner', password: 'E2eOwner12345' };

const methods = {
	/** Creates the owner (when there is none) and logs in; the session is kept for rest(). */
	async restLogin(owner = OWNER) {
		if (!this.baseUrl) throw new Error('n8n is not started');
		const setup = await fetch(`${this.baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(owner),
		});
		if (!setup.ok && setup.status !== 400) throw new Error(`POST /rest/owner/setup answered ${setup.status}: ${(await setup.text()).slice(0, 300)}`);
		const login = await fetch(`${this.baseUrl}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
		});
		if (!login.ok) throw new Error(`POST /rest/login answered ${login.status}: ${(await login.text()).slice(0, 300)}`);
		const cookie = login.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
		if (!cookie) throw new Error('POST /rest/login set no n8n-auth cookie');
		this.restCookie = cookie.split(';')[0];
		return owner;
	},

	/** A /rest call with the owner's session: resolves to { status, body } (body parsed when JSON). */
	async rest(method, restPath, body, { timeoutMs = 120_000 } = {}) {
		if (!this.restCookie) await this.restLogin();
		const res = await fetch(`${this.baseUrl}/rest/${String(restPath).replace(/^\/+/, '')}`, {
			method,
			headers: { cookie: this.restCookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(timeoutMs),
		});
		const text = await res.text();
		let parsed = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// not JSON
		}
		return { status: res.status, body: parsed };
	},
};

module.exports = { methods, OWNER };
