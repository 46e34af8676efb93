/** Options the subscribe sends share (Mini Program subscribe messages, Official Account subscribe notifications). */
import type { INodeProperties } from 'n8n-workflow';

export const truncateOption: INodeProperties = {
	displayName: 'Truncate Long Values',
	name: 'truncate',
	type: 'boolean',
	default: false,
	description: 'Whether over-long thing values (cut to 19 characters and …) and name values (10 Chinese characters or 20 letters) are cut instead of stopping with an error',
};
