/**
 * A template's keywords laid out as fields by n8n's resource mapper (Specify Data: Map Template Keywords):
 * the parameter, the fields the editor loads for the selected template, and reading one item's values in
 * "Map Each Field Manually" (the fields' values) or "Map Automatically" (item fields of the same name).
 */
import { NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeProperties,
	ResourceMapperField,
	ResourceMapperFields,
	ResourceMapperValue,
} from 'n8n-workflow';

import { loadTemplates } from '../client/templates';
import { nodeParameter } from '../items/parameters';
import type { TemplateSource } from '../client/templates';

/** The resource mapper parameter; its fields come from `method` in the node's methods.resourceMapping. */
export function keywordsProperty(method: string): INodeProperties {
	return {
		displayName: 'Keywords',
		name: 'keywords',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		// Shown once a template is picked (before, n8n would show the empty list as an error).
		displayOptions: { show: { dataMode: ['mapper'] }, hide: { template: [''] } },
		typeOptions: {
			loadOptionsDependsOn: ['template.value'],
			resourceMapper: {
				resourceMapperMethod: method,
				mode: 'add',
				fieldWords: { singular: 'keyword', plural: 'keywords' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: true,
				noFieldsError: 'Pick a template above: its keywords become the fields here',
			},
		},
	};
}

/** The hidden schema entry that carries the template's title (WeChat keywords are <type><number>). */
export const TITLE_FIELD = '_template';

/**
 * The app nodes' subtitle: "Send: Payment received" on the send actions (the title from the laid-out
 * fields, else the template ID: n8n gives an expression a resource locator's value, not its cached name),
 * "operation: resource" elsewhere.
 */
export const SEND_SUBTITLE = `={{ ["templateMessage", "subscribeMessage", "subscribeNotification"].includes($parameter["resource"]) && $parameter["operation"] === "send" && $parameter["template"] ? "Send: " + (((($parameter["keywords"] || {}).schema || []).filter((f) => f.id === "${TITLE_FIELD}").map((f) => f.displayName))[0] || $parameter["template"]) : $parameter["operation"] + ": " + $parameter["resource"] }}`;

/** The template id the editor has selected ('' when none). */
function selectedTemplateId(this: ILoadOptionsFunctions): string {
	const raw = this.getNodeParameter('template', '', { extractValue: true }) as unknown;
	const value = raw && typeof raw === 'object' ? (raw as IDataObject).value : raw;
	return String(value ?? '').trim();
}

/**
 * The selected template's keywords as fields: label "thing1 (thing, at most 20 characters)" (n8n shows
 * no per-field hint, so the label carries it), text values, required unless listed in `optional`.
 */
export async function templateKeywordFields(
	this: ILoadOptionsFunctions,
	source: TemplateSource,
	hint: (keyword: string) => string,
	optional: string[] = [],
): Promise<ResourceMapperFields> {
	const id = selectedTemplateId.call(this);
	if (!id) return { fields: [], emptyFieldsNotice: 'Pick a template above: its keywords become the fields here' };
	let templates = await loadTemplates.call(this, source);
	if (!templates.has(id)) templates = await loadTemplates.call(this, source, true);
	const template = templates.get(id);
	if (!template) {
		return { fields: [], emptyFieldsNotice: `Template "${id}" is not in this account's template list: pick one from the list` };
	}
	const fields: ResourceMapperField[] = template.keywords.map((keyword) => ({
		id: keyword,
		displayName: `${keyword} (${hint(keyword)})`,
		required: !optional.includes(keyword),
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
		type: 'string',
	}));
	// Not a keyword: the template's title, kept (hidden) in the saved schema for the node's subtitle.
	if (fields.length) {
		fields.push({ id: TITLE_FIELD, displayName: template.title, required: false, defaultMatch: false, display: false, type: 'string' });
	}
	// n8n shows the notice whenever no field is laid out, Map Automatically included: only when there are none.
	return fields.length ? { fields } : { fields, emptyFieldsNotice: `Template "${template.title}" has no keywords` };
}

/** One keyword's raw value and whether it was given (null, undefined and '' are not). */
type Raw = { given: boolean; value: unknown };
const rawOf = (source: IDataObject | null | undefined, key: string): Raw => {
	const value = source ? source[key] : undefined;
	return { given: value !== undefined && value !== null && value !== '', value };
};

/**
 * The keyword values of one item in dataMode 'mapper', as raw values by keyword (converted by the caller).
 * A required keyword without a value is an error naming it; in "Map Automatically" an item field that is
 * not a keyword is ignored.
 */
export function readMappedKeywords(this: IExecuteFunctions, itemIndex: number): Record<string, unknown> {
	const mapper = (nodeParameter.call(this, 'keywords', itemIndex, {}) ?? {}) as Partial<ResourceMapperValue>;
	const schema = (mapper.schema ?? []).filter((field) => field.removed !== true && field.id !== TITLE_FIELD);
	const automatic = mapper.mappingMode === 'autoMapInputData';
	if (!schema.length) {
		throw new NodeOperationError(this.getNode(), 'Keywords: the template\'s keyword fields are not loaded', {
			itemIndex,
			description: 'Open the node, pick the template and wait until its keywords appear under Keywords (or use "Using JSON").',
		});
	}
	const item = this.getInputData()[itemIndex]?.json ?? {};
	const out: Record<string, unknown> = {};
	for (const field of schema) {
		const raw = automatic ? rawOf(item, field.id) : rawOf(mapper.value, field.id);
		if (raw.given) {
			out[field.id] = raw.value;
			continue;
		}
		if (!field.required) continue;
		if (automatic) {
			const has = Object.keys(item).slice(0, 15).join(', ') || 'no fields';
			throw new NodeOperationError(this.getNode(), `Keywords: the input item has no field "${field.id}"`, {
				itemIndex,
				description: `"Map Automatically" takes each keyword from the item field of the same name; this item has ${has}. Name a field "${field.id}" in an earlier node (e.g. Edit Fields), or choose "Map Each Field Manually".`,
			});
		}
		throw new NodeOperationError(this.getNode(), `Keywords: "${field.id}" has no value`, {
			itemIndex,
			description: `Give the keyword "${field.id}" a value, e.g. drag an input field onto it. WeChat refuses a message with an empty keyword.`,
		});
	}
	return out;
}
