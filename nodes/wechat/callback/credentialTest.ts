import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { CallbackCredentialError, readCallbackCredentials } from './credentials';

/**
 * WeChat has no API to test a callback Token or EncodingAESKey against: they are only ever used to check
 * what WeChat sends. So the test checks what can be checked offline: the AppID is there, the Token has
 * the shape the console accepts, and every EncodingAESKey decodes to a 32-byte AES key.
 */
export async function weChatCallbackApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	try {
		const { aesKeys } = readCallbackCredentials(credential.data, { strictToken: true });
		return {
			status: 'OK',
			message: aesKeys.length
				? 'Token and EncodingAESKey are well-formed. WeChat checks them when you submit the server configuration.'
				: 'Token is well-formed. No EncodingAESKey: only plaintext-mode callbacks can be accepted.',
		};
	} catch (error) {
		if (error instanceof CallbackCredentialError) return { status: 'Error', message: error.message };
		return { status: 'Error', message: 'The credential could not be checked' };
	}
}
