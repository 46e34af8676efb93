/**
 * Classic tokens shared by several processes (queue-mode workers, several mains) through n8n's database.
 * Every classic fetch invalidates the token the other processes use, so a process that needs a new one first
 * waits a moment (random, up to half a second: processes that need one at the same time then rarely fetch at
 * the same time) and reads the credential again: another process may have stored a newer token meanwhile.
 * Only then is one fetched. (The stable endpoint needs none of this: it gives every caller the same token.)
 */
import { sleep } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { readAppCredentials, tokenStateOf, usableToken } from './token';
import type { AppCredentials, AppTokenState, TokenStates } from './token';

const REREAD_SPREAD_MS = 500;

/** The re-read in flight per app and process: the requests that need a token at once share one. */
const rereads = new WeakMap<AppTokenState, Promise<void>>();

/** A usable token after reading the stored credential again, or '' when this process must fetch one. */
export async function storedClassicToken(
	states: TokenStates,
	app: AppCredentials,
	readStored: () => Promise<ICredentialDataDecryptedObject>,
): Promise<string> {
	const state = tokenStateOf(states, app);
	let reread = rereads.get(state);
	if (!reread) {
		reread = (async () => {
			await sleep(Math.random() * REREAD_SPREAD_MS);
			try {
				// usableToken adopts the stored token when it is newer than this process's and not refused.
				usableToken(states, readAppCredentials(await readStored()));
			} catch {
				// The database could not be read: fetch as if nothing were stored.
			}
		})().finally(() => rereads.delete(state));
		rereads.set(state, reread);
	}
	await reread;
	return usableToken(states, app);
}
