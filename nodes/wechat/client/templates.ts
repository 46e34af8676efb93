/**
 * The account's message templates as WeChat lists them (Official Account template messages, Mini Program
 * subscribe messages): read at most once per account per 5 minutes per process, for the editor's pickers
 * and for checking a batch before it is sent.
 */
import type { IDataObject, IExecuteFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { redactText } from '../codec/redact';
import { ExpiringCache } from './cache';
import { errcodeOf } from './errcodes';
import { appKey } from './token';
import type { RequestContext, WeChatAppCredentialType } from './transport';
import { appCredentialsOf, weChatApiRequest } from './transport';

export interface TemplateInfo {
	id: string;
	title: string;
	/** Keyword names in the order of the template's content, e.g. ['thing1', 'amount2']. */
	keywords: string[];
	/** Subscribe templates: one credit per acceptance (type 2) or a standing permission (type 3). */
	kind?: 'oneTime' | 'longTerm';
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

async function listKey(this: RequestContext, source: TemplateSource): Promise<string> {
	return `${appKey(await appCredentialsOf(this, source.credentialType))}|${source.path}`;
}

export async function loadTemplates(
	this: RequestContext,
	source: TemplateSource,
	fresh = false,
	maxBackoffs?: number,
): Promise<Map<string, TemplateInfo>> {
	const key = await listKey.call(this, source);
	if (fresh) templateLists.delete(key);
	return await templateLists.get(key, async () => {
		const body = await weChatApiRequest.call(this, source.credentialType, {
			method: 'GET',
			path: source.path,
			retrySafe: true,
			action: 'listing the templates',
			maxBackoffs,
		});
		listFailures.delete(key);
		const map = new Map<string, TemplateInfo>();
		for (const t of source.parse(body)) map.set(t.id, t);
		return { value: map, expiresAt: Date.now() + TEMPLATE_LIST_TTL_MS };
	});
}

/** How long a list that could not be read is not asked for again (per account and process). */
const LIST_FAILURE_MEMORY_MS = 60_000;
const listFailures = new Map<string, { skipped: string; until: number }>();

/** The list to check a batch against, or why the batch goes unchecked (`skipped`, said in every output item). */
export interface TemplateCheck {
	templates?: Map<string, TemplateInfo>;
	skipped?: string;
}

/**
 * The template list for checking a batch. The list is a check, not a requirement: when WeChat will not give
 * it (busy, 48001, 45009, unreachable, HTTP 404) the sends go ahead unchecked and WeChat's own answer decides;
 * the failure is remembered for a minute and never waited for with back-off. A template id not in a cached
 * list triggers one fresh read, so a template added a minute ago is found.
 */
export async function templatesForCheck(
	this: IExecuteFunctions,
	source: TemplateSource,
	templateIds: string[],
): Promise<TemplateCheck> {
	const key = await listKey.call(this, source);
	const remembered = listFailures.get(key);
	if (remembered && remembered.until > Date.now()) return { skipped: remembered.skipped };
	try {
		let templates = await loadTemplates.call(this, source, false, 0);
		if (templateIds.some((id) => !templates.has(id))) templates = await loadTemplates.call(this, source, true, 0);
		return { templates };
	} catch (error) {
		const errcode = errcodeOf(error);
		const why = `${(error as Error).message}${errcode === undefined ? '' : `, WeChat errcode ${errcode}`}`;
		const skipped = redactText(
			`The account's template list could not be read (${why}), so the template and its keywords were not checked before sending; WeChat's answer decides. The list is asked for again after a minute.`,
		);
		this.logger.debug(`WeChat template list unavailable, sending unchecked: ${skipped}`);
		listFailures.set(key, { skipped, until: Date.now() + LIST_FAILURE_MEMORY_MS });
		return { skipped };
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

/** Subscribe templates as /wxaapi/newtmpl/gettemplate lists them (Mini Programs and Official Accounts alike). */
function parseSubscribeTemplates(body: IDataObject): TemplateInfo[] {
	return ((body.data as IDataObject[] | undefined) ?? []).map((t) => ({
		id: String(t.priTmplId ?? ''),
		title: String(t.title ?? t.priTmplId ?? ''),
		keywords: keywordsOf(t.content),
		kind: Number(t.type) === 3 ? 'longTerm' : Number(t.type) === 2 ? 'oneTime' : undefined,
	}));
}

/** The Mini Program's subscribe templates: GET /wxaapi/newtmpl/gettemplate. */
export const miniProgramTemplates: TemplateSource = {
	credentialType: 'weChatMiniProgramApi',
	path: '/wxaapi/newtmpl/gettemplate',
	parse: parseSubscribeTemplates,
};

/** The Official Account's subscribe-notification templates (订阅通知): the same endpoint with its token. */
export const officialAccountSubscribeTemplates: TemplateSource = {
	credentialType: 'weChatOfficialAccountApi',
	path: '/wxaapi/newtmpl/gettemplate',
	parse: parseSubscribeTemplates,
};
