/**
 * The Subscribe Template resource, the same on both app nodes but for the app kind: WeChat's public library
 * and the account's own subscribe templates (/wxaapi/newtmpl/*). A node's actions/subscribeTemplate/index.ts
 * is this resource for its app.
 */
import type { INodeProperties } from 'n8n-workflow';

import type { AppKind } from '../client/transport';
import { operationParameters, operationProperty } from '../items/description';
import type { Operation } from '../items/router';
import { subscribeTemplateOperations } from './templateOperations';
import { addProperties, deleteProperties, getAllProperties, getKeywordsProperties, LIBRARY_NOTICE, searchPublicProperties } from './templateProperties';

/** The node's listSearch method for the account's subscribe templates. */
const LIST_METHOD: Record<AppKind, string> = {
	miniProgram: 'searchSubscribeMessageTemplates',
	officialAccount: 'searchSubscribeNotificationTemplates',
};

export function subscribeTemplateResource(app: AppKind): { operations: Record<string, Operation>; description: INodeProperties[] } {
	const r = 'subscribeTemplate';
	return {
		operations: subscribeTemplateOperations(app),
		description: [
			operationProperty(
				r,
				[
					{ name: 'Add', value: 'add', description: 'Add a public template to the account with the keywords you choose', action: 'Add a subscribe template' },
					{ name: 'Delete', value: 'delete', description: 'Delete one of the account\'s subscribe templates', action: 'Delete a subscribe template' },
					{ name: 'Get Categories', value: 'getCategories', description: 'List the account\'s categories (they decide which public templates it may use)', action: 'Get subscribe template categories' },
					{ name: 'Get Keywords', value: 'getKeywords', description: 'List the keywords of a public template', action: 'Get the keywords of a public template' },
					{ name: 'Get Many', value: 'getAll', description: 'List the account\'s subscribe templates', action: 'Get many subscribe templates' },
					{ name: 'Search Public Templates', value: 'searchPublic', description: 'List the public templates of categories', action: 'Search public subscribe templates' },
				],
				'getAll',
			),
			...operationParameters(r, 'getCategories', [LIBRARY_NOTICE]),
			...operationParameters(r, 'searchPublic', searchPublicProperties),
			...operationParameters(r, 'getKeywords', getKeywordsProperties),
			...operationParameters(r, 'add', addProperties),
			...operationParameters(r, 'getAll', getAllProperties),
			...operationParameters(r, 'delete', deleteProperties(LIST_METHOD[app])),
		],
	};
}
