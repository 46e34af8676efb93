/**
 * WeChat's public library of subscribe templates (/wxaapi/newtmpl/*): categories, public templates by
 * category, a template's keywords. They do not change, and WeChat limits these calls per day, so each
 * answer is kept per account for a day in this process.
 */
import type { IDataObject } from 'n8n-workflow';

import { ExpiringCache } from '../client/cache';
import { appKey } from '../client/token';
import type { AppKind, RequestContext } from '../client/transport';
import { appCredentialsOf, CREDENTIAL_TYPE_OF, weChatApiRequest } from '../client/transport';

const DAY_MS = 24 * 3600 * 1000;
const library = new ExpiringCache<IDataObject>('subscribeLibrary', 0);

/** One GET of the library, answered from the process's cache when asked before within a day. */
export async function libraryRead(this: RequestContext, app: AppKind, path: string, qs: IDataObject = {}): Promise<IDataObject> {
	const credentialType = CREDENTIAL_TYPE_OF[app];
	const key = `${appKey(await appCredentialsOf(this, credentialType))}|${path}|${JSON.stringify(qs)}`;
	return await library.get(key, async () => ({
		value: await weChatApiRequest.call(this, credentialType, { method: 'GET', path, qs, retrySafe: true, action: 'reading the subscribe template library' }),
		expiresAt: Date.now() + DAY_MS,
	}));
}

export interface PublicKeyword {
	kid: number;
	name: string;
	rule: string;
	example: string;
}

export async function categories(this: RequestContext, app: AppKind): Promise<Array<{ id: number; name: string }>> {
	const body = await libraryRead.call(this, app, '/wxaapi/newtmpl/getcategory');
	return ((body.data as IDataObject[] | undefined) ?? []).map((c) => ({ id: Number(c.id), name: String(c.name ?? '') }));
}

export async function publicKeywords(this: RequestContext, app: AppKind, tid: number): Promise<PublicKeyword[]> {
	const body = await libraryRead.call(this, app, '/wxaapi/newtmpl/getpubtemplatekeywords', { tid });
	return ((body.data as IDataObject[] | undefined) ?? []).map((k) => ({
		kid: Number(k.kid),
		name: String(k.name ?? ''),
		rule: String(k.rule ?? ''),
		example: String(k.example ?? ''),
	}));
}

/** WeChat's page size for public template titles. */
export const TITLES_PAGE = 30;

/** One page of public templates in the categories (start: offset): the page and WeChat's total count. */
export async function publicTemplatePage(
	this: RequestContext,
	app: AppKind,
	categoryIds: number[],
	start: number,
): Promise<{ count: number; data: IDataObject[] }> {
	const body = await libraryRead.call(this, app, '/wxaapi/newtmpl/getpubtemplatetitles', { ids: categoryIds.join(','), start, limit: TITLES_PAGE });
	return { count: Number(body.count ?? 0), data: (body.data as IDataObject[] | undefined) ?? [] };
}

/** "oneTime" for type 2, "longTerm" for type 3 (WeChat's template types). */
export function kindOf(type: unknown): string | null {
	return Number(type) === 3 ? 'longTerm' : Number(type) === 2 ? 'oneTime' : null;
}
