/**
 * What the Link and Mini Program Code actions share: the page, query, environment and expiry fields and
 * their checks (every item is checked before anything is sent: errors name the field).
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { stringParameter } from '../../../wechat/items/parameters';

export const environmentField: INodeProperties = {
	displayName: 'Environment',
	name: 'envVersion',
	type: 'options',
	options: [
		{ name: 'Release', value: 'release' },
		{ name: 'Trial', value: 'trial' },
		{ name: 'Develop', value: 'develop' },
	],
	default: 'release',
	description: 'Which version of the Mini Program opens',
};

export const expireDaysField: INodeProperties = {
	displayName: 'Expire After (Days)',
	name: 'expireDays',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 30 },
	default: 30,
	description: 'WeChat keeps these links at most 30 days',
};

export function pageField(description: string, required = false): INodeProperties {
	return { displayName: 'Page', name: 'page', type: 'string', default: '', required, placeholder: 'e.g. pages/product/detail', description };
}

export const queryField: INodeProperties = {
	displayName: 'Query',
	name: 'query',
	type: 'string',
	default: '',
	placeholder: 'e.g. sku=42&from=sms',
	description: 'What the page receives in onLoad(options): key=value pairs joined by &, at most 1024 characters',
};

const PAGE = /^[A-Za-z0-9_\-./]+$/;
const QUERY = /^[A-Za-z0-9!#$&'()*+,/:;=?@\-._~%]*$/;

export function failure(this: IExecuteFunctions, itemIndex: number, message: string, description: string): NodeOperationError {
	return new NodeOperationError(this.getNode(), message, { itemIndex, description });
}

/** Page: a page path of the Mini Program, no leading "/", no query ('' when optional and empty). */
export function pageOf(this: IExecuteFunctions, itemIndex: number, required: boolean): string {
	const page = stringParameter.call(this, 'page', itemIndex);
	if (page === '' && !required) return '';
	if (page === '') throw failure.call(this, itemIndex, 'Page is empty', 'Give a page of the released Mini Program, e.g. pages/index/index.');
	if (page.startsWith('/')) throw failure.call(this, itemIndex, `Page "${page}" starts with "/"`, 'Write it without the leading "/", e.g. pages/index/index.');
	if (page.includes('?')) throw failure.call(this, itemIndex, `Page "${page}" has a query`, 'Put the part after "?" into Query.');
	if (!PAGE.test(page) || page.length > 1024) throw failure.call(this, itemIndex, `Page "${page.slice(0, 80)}" is not a page path`, 'A page path has letters, digits, _ - . and /, e.g. pages/index/index.');
	return page;
}

export function queryOf(this: IExecuteFunctions, itemIndex: number): string {
	const query = stringParameter.call(this, 'query', itemIndex).replace(/^\?/, '');
	if (query.length > 1024) throw failure.call(this, itemIndex, `Query is too long (${query.length} characters)`, 'WeChat takes at most 1024 characters.');
	if (!QUERY.test(query)) throw failure.call(this, itemIndex, 'Query has characters WeChat does not take', 'Use key=value pairs joined by &, with URL-encoded values (encodeURIComponent).');
	return query;
}

export function envOf(this: IExecuteFunctions, itemIndex: number): string {
	const env = stringParameter.call(this, 'envVersion', itemIndex, 'release');
	if (!['release', 'trial', 'develop'].includes(env)) throw failure.call(this, itemIndex, `Environment "${env}" is not valid`, 'Use release, trial or develop.');
	return env;
}

export function expireDaysOf(this: IExecuteFunctions, itemIndex: number): number {
	const raw = this.getNodeParameter('expireDays', itemIndex, 30) as unknown;
	const days = Number(raw);
	if (!Number.isInteger(days) || days < 1 || days > 30) throw failure.call(this, itemIndex, `Expire After (Days) ${String(raw)} is out of range`, 'WeChat keeps URL Links and URL Schemes 1 to 30 days.');
	return days;
}

/**
 * Every item's request built (and so checked) before anything is sent; under Continue On Fail a bad item
 * keeps its error and the others go ahead.
 */
export function checkAll<T>(context: IExecuteFunctions, build: (itemIndex: number) => T): Array<T | NodeOperationError> {
	return context.getInputData().map((_, i) => {
		try {
			return build(i);
		} catch (error) {
			const refused = error instanceof NodeOperationError ? error : new NodeOperationError(context.getNode(), error as Error, { itemIndex: i });
			if (!context.continueOnFail()) throw refused;
			return refused;
		}
	});
}
