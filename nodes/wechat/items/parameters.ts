/**
 * Reading node parameters the same way in every operation: one reader per kind of value, so that an empty
 * field, a number typed as text or a list with spaces means the same thing everywhere.
 */
import type { IDataObject, IExecuteFunctions, IGetNodeParameterOptions } from 'n8n-workflow';

/** Whether a raw parameter value holds an expression anywhere (a string starting with '=', at any depth). */
function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.charCodeAt(0) === 0x3d;
	if (Array.isArray(value)) return value.some(hasExpression);
	if (value && typeof value === 'object') return Object.values(value).some(hasExpression);
	return false;
}

/** A deep copy of a JSON-like value, as n8n hands out (a caller may change what it gets). */
function copyOf<T>(value: T): T {
	if (Array.isArray(value)) return value.map(copyOf) as T;
	if (value && typeof value === 'object') {
		const out: IDataObject = {};
		for (const [key, inner] of Object.entries(value)) out[key] = copyOf(inner);
		return out as T;
	}
	return value;
}

/**
 * A string parameter that only names an item field: `={{ $json.openid }}`, `={{ $json["open id"] }}`, or one
 * such reference inside text (`=https://shop.example.com/orders/{{ $json.orderNo }}`). n8n's expression
 * runtime costs about a millisecond per evaluation in n8n 2.x; reading the field gives the same value.
 */
const FIELD_REFERENCE = /^\{\{\s*\$json(?:\.([A-Za-z_$][A-Za-z0-9_$]*)|\[\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*\])\s*\}\}$/;

interface FieldReference {
	field: string;
	/** Text around the reference; undefined when the reference is the whole expression (the value as is). */
	before?: string;
	after?: string;
}

function fieldReferenceOf(raw: unknown): FieldReference | undefined {
	if (typeof raw !== 'string' || raw.charCodeAt(0) !== 0x3d) return undefined;
	const text = raw.slice(1);
	const open = text.indexOf('{{');
	const close = text.indexOf('}}', open);
	if (open === -1 || close === -1 || text.indexOf('{{', open + 2) !== -1 || text.indexOf('}}', close + 2) !== -1) return undefined;
	const match = FIELD_REFERENCE.exec(text.slice(open, close + 2));
	if (!match) return undefined;
	const field = match[1] ?? match[2] ?? match[3];
	if (open === 0 && close + 2 === text.length) return { field };
	return { field, before: text.slice(0, open), after: text.slice(close + 2) };
}

/** The value n8n would give, or undefined when only n8n can tell (a value that is not text or a number). */
function readReference(this: IExecuteFunctions, reference: FieldReference, itemIndex: number): { value: unknown } | undefined {
	const json = this.getInputData()[itemIndex]?.json;
	if (!json || !Object.prototype.hasOwnProperty.call(json, reference.field)) return undefined;
	const value = json[reference.field];
	if (reference.before === undefined) return typeof value === 'object' && value !== null ? undefined : { value };
	if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) {
		return { value: `${reference.before}${String(value)}${reference.after ?? ''}` };
	}
	return undefined;
}

type Cached = { constant: false; reference?: FieldReference } | { constant: true; value: unknown };
const parametersByContext = new WeakMap<object, { raw: IDataObject; values: Map<string, Cached> }>();

/**
 * this.getNodeParameter, read once per execution when the parameter holds no expression: its value is then
 * the same for every item, and n8n's own read (copy, expression walk, type checks) costs tens of µs per item
 * and parameter. A string parameter that only references an item field ({{ $json.openid }}) reads the field,
 * once n8n's own answer for the first item agreed; anything else with an expression is read per item by n8n
 * as before, and so is any item whose field is missing or not text/number. Values are copies.
 */
export function nodeParameter(
	this: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback?: unknown,
	options?: IGetNodeParameterOptions,
): unknown {
	let context = parametersByContext.get(this);
	if (!context) {
		context = { raw: (this.getNode().parameters ?? {}) as IDataObject, values: new Map() };
		parametersByContext.set(this, context);
	}
	const key = options?.extractValue ? `${name}\u0000extract` : name;
	const cached = context.values.get(key);
	if (cached) {
		if (cached.constant) return copyOf(cached.value);
		const read = cached.reference && readReference.call(this, cached.reference, itemIndex);
		if (read) return read.value;
		return this.getNodeParameter(name, itemIndex, fallback, options);
	}
	const value = this.getNodeParameter(name, itemIndex, fallback, options) as unknown;
	// Only top-level names: a dotted path or an absent parameter (n8n's default applies) is read per item.
	const raw = name.includes('.') ? undefined : context.raw[name];
	const constant = raw !== undefined && !hasExpression(raw);
	if (constant) context.values.set(key, { constant, value: copyOf(value) });
	else {
		// Trust the field reference only when it gives exactly what n8n gave for this first item.
		const reference = options?.extractValue ? undefined : fieldReferenceOf(raw);
		const agrees = reference && readReference.call(this, reference, itemIndex)?.value === value;
		context.values.set(key, agrees ? { constant, reference } : { constant });
	}
	return value;
}

/** The value of a string parameter, trimmed; '' when absent. */
export function stringParameter(this: IExecuteFunctions, name: string, itemIndex: number, fallback = ''): string {
	const value = nodeParameter.call(this, name, itemIndex, fallback);
	if (value === null || value === undefined) return '';
	return String(value).trim() || fallback;
}

/** Comma-separated names: trimmed, empty entries dropped. */
export function commaList(value: unknown): string[] {
	return String(value ?? '')
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
}

/**
 * The Concurrency option (`options.concurrency` of the first item: one value for the whole run), a whole
 * number of at least 1; `fallback` when it is missing or not a number.
 */
export function concurrencyOf(this: IExecuteFunctions, fallback: number): number {
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	return positiveInteger(options.concurrency, fallback);
}

/** A whole number of at least 1 from a parameter value, or `fallback`. */
export function positiveInteger(value: unknown, fallback: number): number {
	const number = Math.floor(Number(value ?? fallback));
	return number >= 1 ? number : fallback;
}
