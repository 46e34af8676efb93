import type { IExecuteFunctions } from 'n8n-workflow';

import { nodeParameter, stringParameter } from '../../../../nodes/wechat/items/parameters';

/** n8n's getNodeParameter as far as these readers see it: raw parameters on the node, values per item. */
function context(raw: Record<string, unknown>, values: (name: string, itemIndex: number) => unknown, items: object[] = []) {
	const reads: string[] = [];
	const ctx = {
		getNode: () => ({ parameters: raw }),
		getInputData: () => items.map((json) => ({ json })),
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

describe('nodeParameter: a parameter that only names an item field reads the field', () => {
	const items = [{ openid: 'o0', orderNo: 'SO-1', 'open id': 'x0' }, { openid: 'o1', orderNo: 2 }, { openid: { nested: true } }, {}, { openid: 'o4', orderNo: null }];
	/** What n8n's expression runtime answers for these parameters. */
	const n8n = (name: string, i: number) => {
		const json = items[i] as Record<string, unknown>;
		if (name === 'touser') return json.openid;
		if (name === 'url') return `https://shop.example.com/orders/${json.orderNo === undefined || json.orderNo === null ? '' : String(json.orderNo)}`;
		if (name === 'quoted') return json['open id'];
		return `${String(json.openid)}-${String(json.orderNo)}`;
	};

	it('reads {{ $json.field }} and text around one reference without n8n, after n8n agreed on the first item', () => {
		const raw = { touser: '={{ $json.openid }}', url: '=https://shop.example.com/orders/{{ $json.orderNo }}', quoted: '={{ $json["open id"] }}' };
		const { ctx, reads } = context(raw, n8n, items);
		expect(nodeParameter.call(ctx, 'touser', 0)).toBe('o0');
		expect(nodeParameter.call(ctx, 'touser', 1)).toBe('o1');
		expect(nodeParameter.call(ctx, 'url', 0)).toBe('https://shop.example.com/orders/SO-1');
		expect(nodeParameter.call(ctx, 'url', 1)).toBe('https://shop.example.com/orders/2');
		expect(nodeParameter.call(ctx, 'quoted', 0)).toBe('x0');
		expect(reads).toEqual(['touser@0', 'url@0', 'quoted@0']);
	});

	it('leaves to n8n a field that is missing, an object, or null inside text, and every other expression', () => {
		const raw = { touser: '={{ $json.openid }}', url: '=https://shop.example.com/orders/{{ $json.orderNo }}', other: '={{ $json.openid }}-{{ $json.orderNo }}' };
		const { ctx, reads } = context(raw, n8n, items);
		expect(nodeParameter.call(ctx, 'touser', 0)).toBe('o0');
		expect(nodeParameter.call(ctx, 'touser', 2)).toEqual({ nested: true });
		expect(nodeParameter.call(ctx, 'touser', 3)).toBeUndefined();
		expect(nodeParameter.call(ctx, 'url', 0)).toBe('https://shop.example.com/orders/SO-1');
		expect(nodeParameter.call(ctx, 'url', 4)).toBe('https://shop.example.com/orders/');
		expect(nodeParameter.call(ctx, 'other', 0)).toBe('o0-SO-1');
		expect(nodeParameter.call(ctx, 'other', 1)).toBe('o1-2');
		expect(reads).toEqual(['touser@0', 'touser@2', 'touser@3', 'url@0', 'url@4', 'other@0', 'other@1']);
	});

	it('does not trust a reference n8n answered differently for the first item', () => {
		const { ctx, reads } = context({ touser: '={{ $json.openid }}' }, (_name, i) => `n8n says ${i}`, items);
		expect(nodeParameter.call(ctx, 'touser', 0)).toBe('n8n says 0');
		expect(nodeParameter.call(ctx, 'touser', 1)).toBe('n8n says 1');
		expect(reads).toEqual(['touser@0', 'touser@1']);
	});
});
