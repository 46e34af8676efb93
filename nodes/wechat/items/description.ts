/**
 * How an app node's parameters are laid out, the same way for every resource: one Operation parameter per
 * resource, each operation's parameters shown only for it, optional settings under "Add Option".
 * test/unit/appNodes.test.ts holds every action to n8n's naming rules (these objects are built here, so
 * n8n's lint, which reads literals, cannot see them).
 */
import { updateDisplayOptions } from 'n8n-workflow';
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** The Operation parameter of one resource (options in alphabetical order, as n8n lists them). */
export function operationProperty(
	resource: string,
	operations: INodePropertyOptions[],
	defaultOperation = operations[0].value,
): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: operations,
		default: defaultOperation,
	};
}

/** An operation's own parameters, shown only when its resource and operation are selected. */
export function operationParameters(resource: string, operation: string, properties: INodeProperties[]): INodeProperties[] {
	return updateDisplayOptions({ show: { resource: [resource], operation: [operation] } }, properties);
}

/** Optional settings, hidden behind "Add Option". */
export function optionsCollection(options: INodeProperties[], displayOptions?: INodeProperties['displayOptions']): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		...(displayOptions ? { displayOptions } : {}),
		options,
	};
}

/** Calls in flight at once for operations that read (user info, login codes); WeChat's read limits are lower than its send limits. */
export const DEFAULT_READ_CONCURRENCY = 5;

export const readConcurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 20 },
	default: DEFAULT_READ_CONCURRENCY,
	description: 'How many calls to WeChat run at once',
};

/** Return All / Limit, as n8n's Get Many operations lay them out. */
export const returnAllProperties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];
