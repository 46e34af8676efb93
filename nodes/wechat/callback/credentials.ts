import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { decodeAesKey } from '../codec/crypto';

/** The weChatCallbackApi credential, checked. Shared by the WeChat Trigger and the WeChat Reply node. */
export interface CallbackCredentials {
	appId: string;
	token: string;
	/** The current EncodingAESKey, then the previous one when set. Empty when no key is configured. */
	aesKeys: Buffer[];
}

/** A credential that cannot work. The message names the field and the fix, never a secret value. */
export class CallbackCredentialError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CallbackCredentialError';
	}
}

const TOKEN_SHAPE = /^[A-Za-z0-9]{3,32}$/;

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

function decodeKey(value: string, field: string): Buffer {
	let key: Buffer | undefined;
	try {
		key = decodeAesKey(value);
	} catch {
		// decodeAesKey only refuses the key's shape; the message below says what to do about it.
		key = undefined;
	}
	if (!key) {
		throw new CallbackCredentialError(
			`${field} must be the 43 letters and digits shown in the WeChat console (copy it again, without spaces)`,
		);
	}
	return key;
}

/**
 * Reads the credential. `strictToken` also checks the token's shape (3-32 letters or digits, the rule
 * the WeChat console enforces): the credential test does; callbacks only need a non-empty token.
 */
export function readCallbackCredentials(
	data: ICredentialDataDecryptedObject | undefined,
	{ strictToken = false }: { strictToken?: boolean } = {},
): CallbackCredentials {
	const appId = text(data?.appId);
	const token = text(data?.token);
	const current = text(data?.encodingAesKey);
	const previous = text(data?.previousEncodingAesKey);
	if (!appId) {
		throw new CallbackCredentialError('AppID is empty: enter the AppID of the Official Account or Mini Program');
	}
	if (/\s/.test(appId)) {
		throw new CallbackCredentialError('AppID contains spaces: copy it again from the WeChat console');
	}
	if (!token) {
		throw new CallbackCredentialError('Token is empty: enter the Token from the server configuration in the WeChat console');
	}
	if (strictToken && !TOKEN_SHAPE.test(token)) {
		throw new CallbackCredentialError(
			'Token must be 3 to 32 letters or digits, exactly as entered in the WeChat console',
		);
	}
	if (!current && previous) {
		throw new CallbackCredentialError(
			'Previous EncodingAESKey is set but EncodingAESKey is empty: put the current key in EncodingAESKey',
		);
	}
	const aesKeys: Buffer[] = [];
	if (current) aesKeys.push(decodeKey(current, 'EncodingAESKey'));
	if (previous) aesKeys.push(decodeKey(previous, 'Previous EncodingAESKey'));
	return { appId, token, aesKeys };
}
