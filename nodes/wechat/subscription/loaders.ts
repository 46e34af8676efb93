/** The pickers of Subscribe Template > * (each app node registers them under methods.loadOptions). */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import type { AppKind } from '../client/transport';
import { categories, publicKeywords } from './library';

export function subscribeTemplateLoaders(app: AppKind) {
	return {
		async getSubscribeCategories(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
			return (await categories.call(this, app)).map((c) => ({ name: c.name, value: c.id, description: `ID ${c.id}` }));
		},
		async getPublicTemplateKeywords(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
			const tid = String(this.getCurrentNodeParameter('tid') ?? '').trim();
			if (!/^\d+$/.test(tid)) return [];
			return (await publicKeywords.call(this, app, Number(tid))).map((k) => ({
				name: `${k.name} (${k.rule}${k.kid})`,
				value: k.kid,
				description: `${k.rule}, e.g. ${k.example}`,
			}));
		},
	};
}
