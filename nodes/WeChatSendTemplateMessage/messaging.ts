/**
 * What the two send nodes (template message, subscribe message) share: reading the recipient, the template
 * and the data of one item; the per-recipient outcome of a send; a cached template list; and the breaker
 * that stops hammering WeChat when it keeps failing. Kept here, next to the template node, so that
 * nodes/shared stays the WeChat client core.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INode, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { ExpiringCache } from '../shared/cache';
import { describeErrcode, errcodeInfo, errcodeOf } from '../shared/errors';
import type { ItemOutcome } from '../shared/itemLoop';
import { redactText } from '../shared/redact';
import { readAppCredentials } from '../shared/token';
import type { RequestContext, WeChatAppCredentialType } from '../shared/transport';
import { weChatApiRequest } from '../shared/transport';

export type Outcome = 'sent' | 'notFollowing' | 'invalidOpenid' | 'refused' | 'failed';

/** One keyword's value as WeChat takes it: data: { keyword: { value, color? } }. */
export interface KeywordValue {
	value: string;
	color?: string;
}
export type MessageData = Record<string, KeywordValue>;

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

/** The value of a string parameter, trimmed; '' when absent. */
export function stringParameter(this: IExecuteFunctions, name: string, itemIndex: number): string {
	const value = this.getNodeParameter(name, itemIndex, '') as unknown;
	if (value === null || value === undefined) return '';
	return String(value).trim();
}

export function requireTouser(this: IExecuteFunctions, itemIndex: number, accountKind: string): string {
	const touser = stringParameter.call(this, 'touser', itemIndex);
	if (!touser) {
		throw new NodeOperationError(this.getNode(), 'Recipient OpenID (touser) is empty', {
			itemIndex,
			description: `Set "Recipient OpenID" to the user's OpenID on this ${accountKind}, e.g. {{ $json.openid }}. This item has none.`,
		});
	}
	return touser;
}

/** The template id from the resource locator (list or id mode), or from a plain string. */
export function templateIdOf(this: IExecuteFunctions, itemIndex: number): string {
	const raw = this.getNodeParameter('template', itemIndex, '', { extractValue: true }) as unknown;
	const value = raw && typeof raw === 'object' ? (raw as IDataObject).value : raw;
	const id = String(value ?? '').trim();
	if (!id) {
		throw new NodeOperationError(this.getNode(), 'No template is selected', {
			itemIndex,
			description: 'Pick a template from the list, or choose "By ID" and paste the template ID from the WeChat console.',
		});
	}
	return id;
}

const COLOR = /^#[0-9A-Fa-f]{6}$/;

function keywordValue(
	this: IExecuteFunctions,
	itemIndex: number,
	field: string,
	key: string,
	raw: unknown,
	color: unknown,
	withColor: boolean,
): KeywordValue {
	if (raw === null || raw === undefined || (typeof raw === 'object' && !Array.isArray(raw))) {
		if (raw && typeof raw === 'object' && 'value' in (raw as IDataObject)) {
			const inner = raw as IDataObject;
			return keywordValue.call(this, itemIndex, field, key, inner.value, inner.color, withColor);
		}
		throw new NodeOperationError(this.getNode(), `${field}: keyword "${key}" has no value`, {
			itemIndex,
			description: 'Give every keyword a text or number value, e.g. {"thing1": "Coffee beans"} or {"thing1": {"value": "Coffee beans"}}.',
		});
	}
	if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
		throw new NodeOperationError(this.getNode(), `${field}: keyword "${key}" must be text or a number`, {
			itemIndex,
			description: `Got ${Array.isArray(raw) ? 'a list' : typeof raw}. Join lists into one text first.`,
		});
	}
	const result: KeywordValue = { value: String(raw) };
	const colorText = color === undefined || color === null ? '' : String(color).trim();
	if (colorText) {
		if (!withColor) {
			throw new NodeOperationError(this.getNode(), `${field}: keyword "${key}" has a color, but subscribe messages have no colors`, {
				itemIndex,
				description: 'Remove "color" from the data.',
			});
		}
		if (!COLOR.test(colorText)) {
			throw new NodeOperationError(this.getNode(), `${field}: the color of keyword "${key}" is not a #RRGGBB color`, {
				itemIndex,
				description: `Got "${colorText}". Use a hex color such as #173177, or leave it empty for WeChat's default.`,
			});
		}
		result.color = colorText;
	}
	return result;
}

/**
 * The item's template data from the "Data" parameters: key/value pairs (dataMode keyValue) or a JSON object
 * (dataMode json) of {"keyword": "value"} or {"keyword": {"value": "...", "color": "#RRGGBB"}}.
 */
export function readMessageData(this: IExecuteFunctions, itemIndex: number, withColor: boolean): MessageData {
	const mode = this.getNodeParameter('dataMode', itemIndex, 'keyValue') as string;
	const data: MessageData = {};
	if (mode === 'json') {
		const field = 'Data (JSON)';
		const raw = this.getNodeParameter('dataJson', itemIndex, '{}') as unknown;
		let parsed: unknown = raw;
		if (typeof raw === 'string') {
			const text = raw.trim() === '' ? '{}' : raw;
			try {
				parsed = JSON.parse(text);
			} catch (error) {
				throw new NodeOperationError(this.getNode(), `${field} is not valid JSON`, {
					itemIndex,
					description: `${(error as Error).message}. Expected an object such as {"thing1": "Coffee beans", "amount2": "¥128.00"}.`,
				});
			}
		}
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
			throw new NodeOperationError(this.getNode(), `${field} must be a JSON object of keyword: value`, {
				itemIndex,
				description: 'Expected an object such as {"thing1": "Coffee beans", "amount2": "¥128.00"}.',
			});
		}
		for (const [key, value] of Object.entries(parsed as IDataObject)) {
			data[key.trim()] = keywordValue.call(this, itemIndex, field, key, value, undefined, withColor);
		}
		return data;
	}
	const field = 'Data';
	const collection = this.getNodeParameter('data', itemIndex, {}) as IDataObject;
	const rows = (collection.values as IDataObject[] | undefined) ?? [];
	for (const row of rows) {
		const key = String(row.key ?? '').trim();
		if (!key) {
			throw new NodeOperationError(this.getNode(), `${field}: a row has no keyword name`, {
				itemIndex,
				description: 'Fill in the keyword name of every row, e.g. thing1 for {{thing1.DATA}} in the template.',
			});
		}
		if (key in data) {
			throw new NodeOperationError(this.getNode(), `${field}: keyword "${key}" is set twice`, { itemIndex });
		}
		data[key] = keywordValue.call(this, itemIndex, field, key, row.value ?? '', row.color, withColor);
	}
	return data;
}

/**
 * Checks the data against the template's keywords (when WeChat's template list could be read): a keyword
 * the template does not have is an error naming it (`tolerated` keywords excepted); with `requireAll`, so
 * is a keyword of the template left without a value.
 */
export function checkAgainstTemplate(
	this: IExecuteFunctions,
	itemIndex: number,
	template: TemplateInfo,
	data: MessageData,
	rules: { tolerated?: string[]; requireAll: boolean },
): NodeOperationError | undefined {
	const known = new Set([...template.keywords, ...(rules.tolerated ?? [])]);
	const unknown = Object.keys(data).find((key) => !known.has(key));
	if (unknown !== undefined) {
		return new NodeOperationError(this.getNode(), `Data: keyword "${unknown}" is not in template "${template.title}"`, {
			itemIndex,
			description: `Template ${template.id} has the keywords ${template.keywords.join(', ') || '(none)'}. Rename or remove "${unknown}".`,
		});
	}
	if (!rules.requireAll) return undefined;
	const missing = template.keywords.filter((k) => data[k] === undefined || data[k].value === '');
	if (missing.length) {
		return new NodeOperationError(this.getNode(), `Data: keyword "${missing[0]}" of template "${template.title}" has no value`, {
			itemIndex,
			description: `WeChat refuses a message with an empty keyword. Give a value to: ${missing.join(', ')}.`,
		});
	}
	return undefined;
}

export function unknownTemplateError(
	this: IExecuteFunctions,
	itemIndex: number,
	templateId: string,
	templates: Map<string, TemplateInfo>,
): NodeOperationError {
	const some = [...templates.values()].slice(0, 10).map((t) => `${t.id} (${t.title})`);
	return new NodeOperationError(this.getNode(), `Template "${templateId}" does not exist in this account`, {
		itemIndex,
		description: `The account lists ${templates.size} template(s)${some.length ? `: ${some.join(', ')}` : ''}. Pick the template from the list, or copy its ID from the WeChat console.`,
	});
}

// ------------------------------------------------------------------------------------------------ templates

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
	const c = readAppCredentials(await this.getCredentials(source.credentialType));
	const key = `${c.baseUrl}|${c.appId}|${source.path}`;
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

// ------------------------------------------------------------------------------------------------ outcomes

const RECIPIENT_OUTCOMES: Record<number, Outcome> = {
	43004: 'notFollowing',
	40003: 'invalidOpenid',
	43101: 'refused',
};

/**
 * Recipient errcodes errors.ts does not list (it would treat them as configuration errors and stop the
 * batch): reported as that recipient's failure instead.
 */
const OTHER_RECIPIENT_ERRCODES: Record<number, string> = {
	43019: 'The recipient is on the account\'s blacklist: remove them from it in the WeChat console to reach them',
};

/** Stops sending once this many messages in a row failed for reasons that are not about the recipient. */
export const BREAKER_THRESHOLD = 20;

/**
 * Per batch: counts consecutive failures that are WeChat's or the network's (busy, too frequent after
 * retries, unreachable). When WeChat is down, the rest of a 10,000-item batch is reported at once
 * instead of each item waiting through its retries.
 */
export class SendBreaker {
	private consecutive = 0;
	private lastReason = '';

	get open(): boolean {
		return this.consecutive >= BREAKER_THRESHOLD;
	}

	get skipReason(): string {
		return `Not sent: the ${BREAKER_THRESHOLD} messages before it failed in a row (last: ${this.lastReason}), so the node stopped sending. Run the failed items again later.`;
	}

	succeeded(): void {
		this.consecutive = 0;
	}

	failed(reason: string): void {
		this.consecutive++;
		this.lastReason = reason;
	}
}

export interface SendResult {
	outcome: Outcome;
	msgid: number | string | null;
	errcode: number | null;
	errmsg: string | null;
	reason: string | null;
}

/** A failure that belongs to this item (and is reported as its outcome) or one that stops the node. */
export function resultOfFailure(
	node: INode,
	error: unknown,
	breaker: SendBreaker,
): SendResult | NodeApiError | NodeOperationError {
	const errcode = errcodeOf(error);
	if (errcode !== undefined) {
		const info = errcodeInfo(errcode);
		const errmsg = String((error as NodeApiError).context.errmsg ?? '');
		if (info.scope === 'recipient') {
			breaker.succeeded(); // WeChat answered: it is up
			return { outcome: RECIPIENT_OUTCOMES[errcode] ?? 'failed', msgid: null, errcode, errmsg, reason: describeErrcode(errcode, errmsg) };
		}
		if (OTHER_RECIPIENT_ERRCODES[errcode]) {
			breaker.succeeded();
			const reason = `${OTHER_RECIPIENT_ERRCODES[errcode]} (WeChat errcode ${errcode}: ${errmsg})`;
			return { outcome: 'failed', msgid: null, errcode, errmsg, reason };
		}
		if (info.scope === 'transient') {
			const reason = `${describeErrcode(errcode, errmsg)}; retried with back-off and gave up`;
			breaker.failed(reason);
			return { outcome: 'failed', msgid: null, errcode, errmsg, reason };
		}
		// configuration, account, input: every later item would fail the same way.
		return error as NodeApiError;
	}
	if (error instanceof NodeApiError && /^Could not reach (WeChat|the token server)/.test(error.message)) {
		const reason = redactText(`${error.message}: ${error.description ?? ''}`.replace(/[:\s]+$/, ''));
		breaker.failed(reason);
		return { outcome: 'failed', msgid: null, errcode: null, errmsg: null, reason };
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error);
}

// ------------------------------------------------------------------------------------------------ batches

export interface SendSpec {
	credentialType: WeChatAppCredentialType;
	path: string;
	/** True only when WeChat deduplicates the send (template/send with client_msg_id). */
	retrySafe: boolean;
	templates: TemplateSource;
	/** Reads one item into the request body; throws a NodeOperationError naming what is wrong. */
	build: (itemIndex: number) => { body: IDataObject; data: MessageData };
	/** Checks an item against its template from WeChat's list; an error names the problem. */
	check: (itemIndex: number, template: TemplateInfo, data: MessageData) => NodeOperationError | undefined;
	/** The output fields every outcome of this item carries (recipient, template, ...). */
	describe: (body: IDataObject) => IDataObject;
}

export interface SendBatch {
	concurrency: number;
	send: (itemIndex: number) => Promise<ItemOutcome>;
}

function isBody(value: IDataObject | NodeOperationError | undefined): value is IDataObject {
	return value !== undefined && !(value instanceof NodeOperationError);
}

/**
 * Reads and checks every item before the first message goes out: a bad item stops the node while nothing
 * has been sent (or, with Continue On Fail, becomes that item's error while the others are sent). Then
 * `send` delivers one item and turns WeChat's answer into its outcome.
 */
export async function prepareSendBatch(this: IExecuteFunctions, spec: SendSpec): Promise<SendBatch> {
	const itemCount = this.getInputData().length;
	const prepared: Array<IDataObject | NodeOperationError> = [];
	const dataOf: MessageData[] = [];
	for (let i = 0; i < itemCount; i++) {
		try {
			const { body, data } = spec.build(i);
			prepared[i] = body;
			dataOf[i] = data;
		} catch (error) {
			prepared[i] =
				error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
		}
	}

	const ids = [...new Set(prepared.filter(isBody).map((b) => String(b.template_id)))];
	const templates = ids.length ? await templatesForCheck.call(this, spec.templates, ids) : undefined;
	if (templates) {
		prepared.forEach((body, i) => {
			if (!isBody(body)) return;
			const template = templates.get(String(body.template_id));
			const problem = template
				? spec.check(i, template, dataOf[i])
				: unknownTemplateError.call(this, i, String(body.template_id), templates);
			if (problem) prepared[i] = problem;
		});
	}

	if (!this.continueOnFail()) {
		const firstError = prepared.find((p): p is NodeOperationError => !isBody(p));
		if (firstError) throw firstError;
	}

	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const breaker = new SendBreaker();
	return {
		concurrency: Number(options.concurrency) || 20,
		send: async (itemIndex) => {
			const body = prepared[itemIndex];
			if (!isBody(body)) return body;
			const base = spec.describe(body);
			if (breaker.open) {
				return { ...base, outcome: 'failed', msgid: null, errcode: null, errmsg: null, reason: breaker.skipReason };
			}
			try {
				const answer = await weChatApiRequest.call(this, spec.credentialType, {
					method: 'POST',
					path: spec.path,
					body,
					retrySafe: spec.retrySafe,
					action: `sending to ${String(body.touser)}`,
				});
				breaker.succeeded();
				const msgid = (answer.msgid as number | string | undefined) ?? null;
				return { ...base, outcome: 'sent', msgid, errcode: 0, errmsg: String(answer.errmsg ?? 'ok'), reason: null };
			} catch (error) {
				const result = resultOfFailure(this.getNode(), error, breaker);
				if (result instanceof Error) return result;
				return { ...base, ...result };
			}
		},
	};
}
