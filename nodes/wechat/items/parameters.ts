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

type Cached = { constant: false } | { constant: true; value: unknown };
const parametersByContext = new WeakMap<object, { raw: IDataObject; values: Map<string, Cached> }>();

/**
 * this.getNodeParameter, read once per execution when the parameter holds no expression: its value is then
 * the same for every item, and n8n's own read (copy, expression walk, type checks) costs tens of µs per item
 * and parameter. A parameter with an expression anywhere is read per item as before. Values are copies.
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
	if (cached) return cached.constant ? copyOf(cached.value) : this.getNodeParameter(name, itemIndex, fallback, options);
	const value = this.getNodeParameter(name, itemIndex, fallback, options) as unknown;
	// Only top-level names: a dotted path or an absent parameter (n8n's default applies) is read per item.
	const raw = name.includes('.') ? undefined : context.raw[name];
	const constant = raw !== undefined && !hasExpression(raw);
	context.values.set(key, constant ? { constant, value: copyOf(value) } : { constant });
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
