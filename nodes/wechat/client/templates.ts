/**
 * The account's message templates as WeChat lists them (Official Account template messages, Mini Program
 * subscribe messages): read at most once per account per 5 minutes per process, for the editor's pickers
 * and for checking a batch before it is sent.
 */
import type { IDataObject, IExecuteFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { redactText } from '../codec/redact';
import { ExpiringCache } from './cache';
import { appKey } from './token';
import type { RequestContext, WeChatAppCredentialType } from './transport';
import { appCredentialsOf, weChatApiRequest } from './transport';

export interface TemplateInfo {
	id: string;
	title: string;
	/** Keyword names in the order of the template's content, e.g. ['thing1', 'amount2']. */
	keywords: string[];
}

/** Keyword names of a template's content: "Item: {{thing1.DATA}}" -> ['thing1']. */
export function keywordsOf(content: unknown): string[] {
	const out: string[] = [];
	const re = /\{\{\s*([A-Za-z0-9_]+)\.DATA\s*\}\}/g;
	let match: RegExpExecArray | null;
	const text = String(content ?? '');
	while ((match = re.exec(text))) if (!out.includes(match[1])) out.push(match[1]);
	return out;
}

/** Template lists per account, kept 5 minutes: a webhook flow sending one message per run asks once. */
const templateLists = new ExpiringCache<Map<string, TemplateInfo>>('templateList', 0);
const TEMPLATE_LIST_TTL_MS = 300_000;

export interface TemplateSource {
	credentialType: WeChatAppCredentialType;
	path: string;
	/** Reads WeChat's answer into templates. */
	parse: (body: IDataObject) => TemplateInfo[];
}

export async function loadTemplates(
	this: RequestContext,
	source: TemplateSource,
	fresh = false,
): Promise<Map<string, TemplateInfo>> {
	const key = `${appKey(await appCredentialsOf(this, source.credentialType))}|${source.path}`;
	if (fresh) templateLists.delete(key);
	return await templateLists.get(key, async () => {
		const body = await weChatApiRequest.call(this, source.credentialType, {
			method: 'GET',
			path: source.path,
			retrySafe: true,
			action: 'listing the templates',
		});
		const map = new Map<string, TemplateInfo>();
		for (const t of source.parse(body)) map.set(t.id, t);
		return { value: map, expiresAt: Date.now() + TEMPLATE_LIST_TTL_MS };
	});
}

/**
 * The template list for checking a batch, or undefined when WeChat would not give it (the sends then go
 * ahead unchecked and WeChat's own answer decides). A template id not in a cached list triggers one
 * fresh read, so a template added a minute ago is found.
 */
export async function templatesForCheck(
	this: IExecuteFunctions,
	source: TemplateSource,
	templateIds: string[],
): Promise<Map<string, TemplateInfo> | undefined> {
	try {
		let templates = await loadTemplates.call(this, source);
		if (templateIds.some((id) => !templates.has(id))) templates = await loadTemplates.call(this, source, true);
		return templates;
	} catch (error) {
		this.logger.debug(`WeChat template list unavailable, sending unchecked: ${redactText((error as Error).message)}`);
		return undefined;
	}
}

/** listSearch: the account's templates, filtered by title, id or keyword. */
export async function searchTemplates(
	this: RequestContext,
	source: TemplateSource,
	filter: string | undefined,
	describe: (t: TemplateInfo) => string,
): Promise<INodeListSearchResult> {
	const templates = await loadTemplates.call(this, source, true);
	const needle = (filter ?? '').trim().toLowerCase();
	const results: INodeListSearchItems[] = [];
	for (const t of templates.values()) {
		const text = `${t.title} ${t.id} ${t.keywords.join(' ')}`.toLowerCase();
		if (needle && !text.includes(needle)) continue;
		results.push({ name: `${t.title} (${t.keywords.join(', ')})`, value: t.id, description: describe(t) });
	}
	return { results };
}

/** The Official Account's templates: GET /cgi-bin/template/get_all_private_template. */
export const officialAccountTemplates: TemplateSource = {
	credentialType: 'weChatOfficialAccountApi',
	path: '/cgi-bin/template/get_all_private_template',
	parse: (body: IDataObject): TemplateInfo[] =>
		((body.template_list as IDataObject[] | undefined) ?? []).map((t) => ({
			id: String(t.template_id ?? ''),
			title: String(t.title ?? t.template_id ?? ''),
			keywords: keywordsOf(t.content),
		})),
};

/** Keywords WeChat treats as optional decoration on older Official Account templates. */
export const LEGACY_OPTIONAL_KEYWORDS = ['first', 'remark'];

/** The Mini Program's subscribe templates: GET /wxaapi/newtmpl/gettemplate. */
export const miniProgramTemplates: TemplateSource = {
	credentialType: 'weChatMiniProgramApi',
	path: '/wxaapi/newtmpl/gettemplate',
	parse: (body: IDataObject): TemplateInfo[] =>
		((body.data as IDataObject[] | undefined) ?? []).map((t) => ({
			id: String(t.priTmplId ?? ''),
			title: String(t.title ?? t.priTmplId ?? ''),
			keywords: keywordsOf(t.content),
		})),
};
