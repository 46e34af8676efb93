/**
 * Reading node parameters the same way in every operation: one reader per kind of value, so that an empty
 * field, a number typed as text or a list with spaces means the same thing everywhere.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/** The value of a string parameter, trimmed; '' when absent. */
export function stringParameter(this: IExecuteFunctions, name: string, itemIndex: number, fallback = ''): string {
	const value = this.getNodeParameter(name, itemIndex, fallback) as unknown;
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
