import type { IExecuteFunctions } from 'n8n-workflow';

import { nodeParameter, stringParameter } from '../../../../nodes/wechat/items/parameters';

/** n8n's getNodeParameter as far as these readers see it: raw parameters on the node, values per item. */
function context(raw: Record<string, unknown>, values: (name: string, itemIndex: number) => unknown) {
	const reads: string[] = [];
	const ctx = {
		getNode: () => ({ parameters: raw }),
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			reads.push(`${name}@${itemIndex}`);
			const value = values(name, itemIndex);
			return value === undefined ? fallback : value;
		},
	} as unknown as IExecuteFunctions;
	return { ctx, reads };
}

describe('nodeParameter: item-independent parameters read once per execution', () => {
	it('reads a parameter without expressions once, and hands out copies', () => {
		const keywords = { mappingMode: 'autoMapInputData', value: null, schema: [{ id: 'thing1' }] };
		const { ctx, reads } = context({ keywords, dataMode: 'mapper' }, (name) => ({ keywords, dataMode: 'mapper' })[name]);
		const first = nodeParameter.call(ctx, 'keywords', 0) as typeof keywords;
		first.schema[0].id = 'changed by a caller';
		for (let i = 1; i < 5; i++) expect(nodeParameter.call(ctx, 'keywords', i)).toEqual({ mappingMode: 'autoMapInputData', value: null, schema: [{ id: 'thing1' }] });
		for (let i = 0; i < 5; i++) expect(stringParameter.call(ctx, 'dataMode', i)).toBe('mapper');
		expect(reads).toEqual(['keywords@0', 'dataMode@0']);
	});

	it('reads a parameter with an expression anywhere (even nested) for every item', () => {
		const raw = { touser: '={{ $json.openid }}', data: { values: [{ key: 'thing1', value: '={{ $json.item }}' }] } };
		const { ctx, reads } = context(raw, (name, i) => (name === 'touser' ? `o${i}` : { values: [{ key: 'thing1', value: `item ${i}` }] }));
		for (let i = 0; i < 3; i++) {
			expect(stringParameter.call(ctx, 'touser', i)).toBe(`o${i}`);
			expect(nodeParameter.call(ctx, 'data', i)).toEqual({ values: [{ key: 'thing1', value: `item ${i}` }] });
		}
		expect(reads).toEqual(['touser@0', 'data@0', 'touser@1', 'data@1', 'touser@2', 'data@2']);
	});

	it('reads an absent parameter (n8n applies its default) or a dotted path per item; extractValue apart', () => {
		const { ctx, reads } = context({ template: { __rl: true, mode: 'id', value: 'TPL' } }, (name) => (name === 'template' ? 'TPL' : undefined));
		for (let i = 0; i < 2; i++) {
			expect(nodeParameter.call(ctx, 'url', i, '')).toBe('');
			expect(nodeParameter.call(ctx, 'options.concurrency', i, 5)).toBe(5);
			expect(nodeParameter.call(ctx, 'template', i, '', { extractValue: true })).toBe('TPL');
		}
		expect(reads).toEqual(['url@0', 'options.concurrency@0', 'template@0', 'url@1', 'options.concurrency@1']);
	});

	it('keeps one execution apart from the next (a new context reads again)', () => {
		const a = context({ dataMode: 'json' }, () => 'json');
		const b = context({ dataMode: 'keyValue' }, () => 'keyValue');
		expect(nodeParameter.call(a.ctx, 'dataMode', 0)).toBe('json');
		expect(nodeParameter.call(b.ctx, 'dataMode', 0)).toBe('keyValue');
	});
});
