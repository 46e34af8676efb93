import type { INodeProperties } from 'n8n-workflow';

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
