/**
 * Reading what one item sends: the recipient, the template and the keyword data, and checking the data
 * against the template WeChat lists. Every problem is a NodeOperationError naming the field and the fix.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { TemplateInfo } from '../client/templates';
import { nodeParameter, stringParameter } from '../items/parameters';
import { readMappedKeywords } from './templateFields';
import { checkKeywordValue, truncateKeywordValue } from './valueRules';

/** One keyword's value as WeChat takes it: data: { keyword: { value, color? } }. */
export interface KeywordValue {
	value: string;
	color?: string;
}
export type MessageData = Record<string, KeywordValue>;

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
	const raw = nodeParameter.call(this, 'template', itemIndex, '', { extractValue: true });
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
 * The item's template data from the "Data" parameters: the template's keyword fields (dataMode mapper, see
 * templateFields.ts), key/value pairs (dataMode keyValue) or a JSON object (dataMode json) of
 * {"keyword": "value"} or {"keyword": {"value": "...", "color": "#RRGGBB"}}.
 */
export function readMessageData(this: IExecuteFunctions, itemIndex: number, withColor: boolean): MessageData {
	const mode = nodeParameter.call(this, 'dataMode', itemIndex, 'keyValue') as string;
	const data: MessageData = {};
	if (mode === 'mapper') {
		for (const [key, value] of Object.entries(readMappedKeywords.call(this, itemIndex))) {
			data[key] = keywordValue.call(this, itemIndex, 'Keywords', key, value, undefined, withColor);
		}
		return data;
	}
	if (mode === 'json') {
		const field = 'Data (JSON)';
		const raw = nodeParameter.call(this, 'dataJson', itemIndex, '{}');
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
	const collection = nodeParameter.call(this, 'data', itemIndex, {}) as IDataObject;
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

/** A value as quoted in an error: whole when short, else its start and its length. */
function quote(value: string): string {
	const c = Array.from(value);
	const shown = c.length > 40 ? `${c.slice(0, 40).join('')}…` : value;
	return `${JSON.stringify(shown)} (${c.length} character${c.length === 1 ? '' : 's'})`;
}

/**
 * Checks (and, with `truncate`, shortens) every value against its keyword type's rule (valueRules.ts: one
 * table for subscribe messages, subscribe notifications and template messages). `skip` keywords are not
 * checked (first/remark of older template messages). The error names the keyword, the rule and the value.
 */
export function checkMessageData(
	this: IExecuteFunctions,
	itemIndex: number,
	data: MessageData,
	options: { truncate?: boolean; skip?: string[] } = {},
): void {
	for (const [key, entry] of Object.entries(data)) {
		if (options.skip?.includes(key)) continue;
		if (options.truncate) entry.value = truncateKeywordValue(key, entry.value);
		const problem = checkKeywordValue(key, entry.value);
		if (problem) {
			const canCut = options.truncate === false && (problem.type === 'thing' || problem.type === 'name');
			throw new NodeOperationError(this.getNode(), `Data: keyword "${key}" (type ${problem.type}) must ${problem.requirement}`, {
				itemIndex,
				description: `Got ${quote(entry.value)}. WeChat refuses the message otherwise (errcode 47003).${
					canCut ? ' Turn on the option "Truncate Long Values" to cut long values instead.' : ''
				}`,
			});
		}
	}
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

