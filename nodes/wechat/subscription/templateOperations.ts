/**
 * Subscribe Template > * for both app nodes (/wxaapi/newtmpl/*): the public library (categories, public
 * templates, keywords: cached, see library.ts) and the account's own templates (add, get many, delete).
 * Adding or deleting refreshes the account's template list, so the send node's picker shows it at once.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { loadTemplates, miniProgramTemplates, officialAccountSubscribeTemplates } from '../client/templates';
import type { AppKind } from '../client/transport';
import { CREDENTIAL_TYPE_OF, weChatApiRequest } from '../client/transport';
import { DEFAULT_READ_CONCURRENCY } from '../items/description';
import type { OperationRun } from '../items/router';
import { perItem } from '../items/router';
import { categories, kindOf, publicKeywords, publicTemplatePage, TITLES_PAGE } from './library';

const SOURCE = { miniProgram: miniProgramTemplates, officialAccount: officialAccountSubscribeTemplates };

function fail(this: IExecuteFunctions, itemIndex: number, message: string, description: string): never {
	throw new NodeOperationError(this.getNode(), message, { itemIndex, description });
}

/** Return All / Limit of one item: undefined when all. */
function limitOf(this: IExecuteFunctions, itemIndex: number): number | undefined {
	if (this.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	const limit = Math.floor(Number(this.getNodeParameter('limit', itemIndex, 50)));
	if (!(limit >= 1)) fail.call(this, itemIndex, `Limit must be 1 or more (got ${String(limit)})`, 'Set Limit to a whole number, or turn on Return All.');
	return limit;
}

/** Whole positive numbers from a list parameter (multi-options or a comma list typed in an expression). */
function idList(this: IExecuteFunctions, name: string, label: string, itemIndex: number): number[] {
	const raw = this.getNodeParameter(name, itemIndex, []) as unknown;
	const parts = Array.isArray(raw) ? raw : String(raw ?? '').split(',');
	const ids = parts.map((p) => String(p).trim()).filter(Boolean);
	const bad = ids.find((id) => !/^\d+$/.test(id));
	if (bad !== undefined) fail.call(this, itemIndex, `${label}: "${bad}" is not a number`, `${label} are WeChat's numeric IDs, e.g. 616 or 1,2,3.`);
	return ids.map(Number);
}

function tidOf(this: IExecuteFunctions, itemIndex: number): number {
	const raw = String(this.getNodeParameter('tid', itemIndex, '') ?? '').trim();
	if (!/^\d+$/.test(raw)) fail.call(this, itemIndex, `Public Template ID "${raw}" is not a number`, 'Use the tid of a public template from "Search public templates", e.g. 1101.');
	return Number(raw);
}

function priTmplIdOf(this: IExecuteFunctions, itemIndex: number): string {
	const raw = this.getNodeParameter('template', itemIndex, '', { extractValue: true }) as unknown;
	const id = String((raw && typeof raw === 'object' ? (raw as IDataObject).value : raw) ?? '').trim();
	if (!id) fail.call(this, itemIndex, 'No template is selected', 'Pick one of the account\'s templates from the list, or give its ID (priTmplId).');
	return id;
}

export function subscribeTemplateOperations(app: AppKind): Record<string, (this: IExecuteFunctions) => Promise<OperationRun>> {
	const credentialType = CREDENTIAL_TYPE_OF[app];
	const refreshList = async (ctx: IExecuteFunctions) => await loadTemplates.call(ctx, SOURCE[app], true);
	return {
		getCategories: async function () {
			return perItem(1, async () => (await categories.call(this, app)).map((c) => ({ ...c })));
		},
		searchPublic: async function () {
			return perItem(DEFAULT_READ_CONCURRENCY, async (itemIndex) => {
				const ids = idList.call(this, 'categoryIds', 'Category IDs', itemIndex);
				if (!ids.length) fail.call(this, itemIndex, 'Category IDs is empty', 'Pick at least one category (Get Categories lists them).');
				const limit = limitOf.call(this, itemIndex);
				const filter = String(this.getNodeParameter('titleFilter', itemIndex, '') ?? '').trim().toLowerCase();
				const out: IDataObject[] = [];
				for (let start = 0; ; start += TITLES_PAGE) {
					const page = await publicTemplatePage.call(this, app, ids, start);
					for (const t of page.data) {
						if (filter && !String(t.title ?? '').toLowerCase().includes(filter)) continue;
						out.push({ tid: Number(t.tid), title: t.title, type: Number(t.type), kind: kindOf(t.type), categoryId: Number(t.categoryId) });
						if (limit !== undefined && out.length >= limit) return out;
					}
					if (!page.data.length || start + TITLES_PAGE >= page.count) return out;
				}
			});
		},
		getKeywords: async function () {
			return perItem(DEFAULT_READ_CONCURRENCY, async (itemIndex) => {
				const tid = tidOf.call(this, itemIndex);
				return (await publicKeywords.call(this, app, tid)).map((k) => ({ tid, ...k, keyword: `${k.rule}${k.kid}` }));
			});
		},
		add: async function () {
			// Every item is checked first: nothing is added while one is wrong.
			const checked = this.getInputData().map((_, itemIndex) => {
				const tid = tidOf.call(this, itemIndex);
				const kidList = idList.call(this, 'keywordIds', 'Keywords', itemIndex);
				if (kidList.length < 2 || kidList.length > 5 || new Set(kidList).size !== kidList.length) {
					fail.call(this, itemIndex, `Keywords: choose 2 to 5 different keywords (got ${kidList.length})`, 'WeChat builds a template from 2 to 5 of the public template\'s keywords, in the order given.');
				}
				const sceneDesc = String(this.getNodeParameter('sceneDesc', itemIndex, '') ?? '').trim();
				if (Array.from(sceneDesc).length > 15) {
					fail.call(this, itemIndex, `Scene Description is ${Array.from(sceneDesc).length} characters long`, 'WeChat takes at most 15 characters, e.g. "Order updates".');
				}
				return { tid, kidList, sceneDesc };
			});
			return perItem(1, async (itemIndex) => {
				const { tid, kidList, sceneDesc } = checked[itemIndex];
				const body: IDataObject = { tid, kidList, ...(sceneDesc ? { sceneDesc } : {}) };
				const answer = await weChatApiRequest.call(this, credentialType, { method: 'POST', path: '/wxaapi/newtmpl/addtemplate', body, retrySafe: false, action: `adding public template ${tid}` });
				await refreshList(this);
				return { priTmplId: String(answer.priTmplId ?? ''), tid, kidList, sceneDesc };
			});
		},
		getAll: async function () {
			return perItem(1, async (itemIndex) => {
				const limit = limitOf.call(this, itemIndex);
				const body = await weChatApiRequest.call(this, credentialType, { method: 'GET', path: '/wxaapi/newtmpl/gettemplate', retrySafe: true, action: 'listing the templates' });
				const list = ((body.data as IDataObject[] | undefined) ?? []).map((t) => ({ ...t, kind: kindOf(t.type) }));
				return limit === undefined ? list : list.slice(0, limit);
			});
		},
		delete: async function () {
			return perItem(1, async (itemIndex) => {
				const priTmplId = priTmplIdOf.call(this, itemIndex);
				await weChatApiRequest.call(this, credentialType, { method: 'POST', path: '/wxaapi/newtmpl/deltemplate', body: { priTmplId }, retrySafe: false, action: `deleting template ${priTmplId}` });
				await refreshList(this);
				return { priTmplId, deleted: true };
			});
		},
	};
}
