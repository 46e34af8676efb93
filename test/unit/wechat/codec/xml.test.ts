import { XmlError, XmlObject, parseXml } from '../../../../nodes/wechat/codec/xml';
import { buildXml } from '../../../../nodes/wechat/codec/xmlWriter';

function expectXmlError(fn: () => unknown, message?: RegExp): void {
	let caught: unknown;
	try {
		fn();
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeInstanceOf(XmlError);
	if (message) expect((caught as XmlError).message).toMatch(message);
}

describe('parseXml: WeChat messages', () => {
	it('parses a text message, CDATA raw and numbers as strings', () => {
		const xml = `<xml>
  <ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>
  <FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>
  <CreateTime>1409735668</CreateTime>
  <MsgType><![CDATA[text]]></MsgType>
  <Content><![CDATA[  <b>hi</b> &amp; 你好\n第二行 ]]></Content>
  <MsgId>6054768590064713728</MsgId>
</xml>`;
		expect(parseXml(xml)).toEqual({
			ToUserName: 'gh_10f6c3c3ac5a',
			FromUserName: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs',
			CreateTime: '1409735668',
			MsgType: 'text',
			Content: '  <b>hi</b> &amp; 你好\n第二行 ',
			// Kept as text: 64-bit MsgIds do not fit a JavaScript number.
			MsgId: '6054768590064713728',
		});
	});

	it('keeps element names case-sensitive', () => {
		expect(parseXml('<xml><Event>a</Event><event>b</event></xml>')).toEqual({ Event: 'a', event: 'b' });
	});

	it('parses ScanCodeInfo as a nested object', () => {
		const xml =
			'<xml><Event><![CDATA[scancode_push]]></Event><ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType>' +
			'<ScanResult><![CDATA[1]]></ScanResult></ScanCodeInfo></xml>';
		expect(parseXml(xml)).toEqual({
			Event: 'scancode_push',
			ScanCodeInfo: { ScanType: 'qrcode', ScanResult: '1' },
		});
	});

	it('parses repeated SubscribeMsgPopupEvent/List as an array, a single one as an object', () => {
		const list = (id: string, status: string) =>
			`<List><TemplateId><![CDATA[${id}]]></TemplateId><SubscribeStatusString><![CDATA[${status}]]></SubscribeStatusString><PopupScene>0</PopupScene></List>`;
		const two = parseXml(
			`<xml><Event><![CDATA[subscribe_msg_popup_event]]></Event><SubscribeMsgPopupEvent>${list('t1', 'accept')}${list('t2', 'reject')}</SubscribeMsgPopupEvent></xml>`,
		);
		expect(two.SubscribeMsgPopupEvent).toEqual({
			List: [
				{ TemplateId: 't1', SubscribeStatusString: 'accept', PopupScene: '0' },
				{ TemplateId: 't2', SubscribeStatusString: 'reject', PopupScene: '0' },
			],
		});
		const one = parseXml(`<xml><SubscribeMsgPopupEvent>${list('t1', 'accept')}</SubscribeMsgPopupEvent></xml>`);
		expect(one.SubscribeMsgPopupEvent).toEqual({
			List: { TemplateId: 't1', SubscribeStatusString: 'accept', PopupScene: '0' },
		});
	});

	it('collects three or more repeats in document order', () => {
		expect(parseXml('<xml><a>1</a><b>x</b><a>2</a><a>3</a></xml>')).toEqual({
			a: ['1', '2', '3'],
			b: 'x',
		});
	});

	it('decodes entities and character references in text (not in CDATA)', () => {
		expect(
			parseXml(
				'<xml><T>&lt;a&gt; &amp; &quot;q&quot; &apos;s&apos; &#20320;&#x597D; &#x1F44B;</T><C><![CDATA[&lt;]]></C></xml>',
			),
		).toEqual({ T: `<a> & "q" 's' 你好 👋`, C: '&lt;' });
	});

	it('joins text, entities and CDATA pieces of one element', () => {
		expect(parseXml('<xml><T>a&amp;<![CDATA[]]]]><![CDATA[>]]>b</T></xml>')).toEqual({ T: 'a&]]>b' });
	});

	it('ignores declaration, BOM, comments, attributes and whitespace between elements', () => {
		const xml =
			'\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- hello -->\n<xml a="1" b=\'x>y\'>\n\t<A x="1">v</A>\n<!-- c --><B/>\n<C></C>\n<D >w</D >\n</xml>\n<!-- bye -->\n';
		expect(parseXml(xml)).toEqual({ A: 'v', B: '', C: '', D: 'w' });
	});

	it('keeps whitespace inside a leaf', () => {
		expect(parseXml('<xml><A>  x  </A><B> </B></xml>')).toEqual({ A: '  x  ', B: ' ' });
	});

	it('returns {} for an empty root', () => {
		expect(parseXml('<xml/>')).toEqual({});
		expect(parseXml('<xml>\n</xml>')).toEqual({});
	});

	it('does not let an element named like an Object property confuse repeat detection', () => {
		expect(parseXml('<xml><toString>a</toString><constructor>b</constructor></xml>')).toEqual({
			toString: 'a',
			constructor: 'b',
		});
	});
});

describe('parseXml: the fast paths read the same as the general ones', () => {
	it('accepts whitespace before the closing >, names with digits, dots, dashes and colons', () => {
		expect(parseXml('<xml><a.b-c:d9>1</a.b-c:d9 ><e_1 x="1">2</e_1\n></xml>')).toEqual({ 'a.b-c:d9': '1', e_1: '2' });
	});

	it('keeps text, entities and CDATA around the next-tag shortcut', () => {
		expect(parseXml('<xml><a>x<![CDATA[<y>]]>&amp;z</a><b></b><c/></xml>')).toEqual({ a: 'x<y>&z', b: '', c: '' });
	});

	it('measures the UTF-8 size when the text could exceed the limit, not otherwise', () => {
		const text = `<xml><a>${'长'.repeat(40)}</a></xml>`; // 58 UTF-16 units, 138 UTF-8 bytes
		expect(parseXml(text, { maxBytes: 138 })).toEqual({ a: '长'.repeat(40) });
		expectXmlError(() => parseXml(text, { maxBytes: 137 }), /larger than 137 bytes/);
	});
});

describe('parseXml: refusals', () => {
	it.each([
		['DOCTYPE', '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x "y">]><xml><a>&x;</a></xml>', /DOCTYPE/],
		[
			'billion laughs',
			'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><xml><a>&lol2;</a></xml>',
			/DOCTYPE/,
		],
		['XXE', '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><a>&xxe;</a></xml>', /DOCTYPE/],
		['DOCTYPE inside root', '<xml><!DOCTYPE x><a>1</a></xml>', /DOCTYPE/],
		['ENTITY inside root', '<xml><!ENTITY x "y"></xml>', /DOCTYPE/],
		['processing instruction', '<?xml-stylesheet href="x"?><xml/>', /Processing/],
		['processing instruction inside', '<xml><?php echo 1 ?></xml>', /Processing/],
		['second declaration', '<?xml version="1.0"?><?xml version="1.0"?><xml/>', /Processing/],
		['undefined entity', '<xml><a>&nbsp;</a></xml>', /entity/],
		['bare ampersand', '<xml><a>a & b</a></xml>', /entity/],
		['reference to NUL', '<xml><a>&#0;</a></xml>', /invalid character/],
		['reference beyond Unicode', '<xml><a>&#x110000;</a></xml>', /invalid character/],
		['mismatched tags', '<xml><a>1</b></xml>', /Mismatched/],
		['case-mismatched tags', '<xml><A>1</a></xml>', /Mismatched/],
		['unclosed child', '<xml><a>1</xml>', /Mismatched/],
		['unclosed root', '<xml><a>1</a>', /Unclosed/],
		['unclosed CDATA', '<xml><a><![CDATA[x</a></xml>', /CDATA/],
		['unclosed comment', '<xml><!-- x</xml>', /comment/],
		['two roots', '<xml/><xml/>', /after the root/],
		['text after root', '<xml/>junk', /after the root/],
		['text before root', 'junk<xml/>', /root/],
		['empty', '', /No root/],
		['mixed content', '<xml>text<a>1</a></xml>', /mixes/],
		['text-only root', '<xml>hello</xml>', /Root element/],
		['bad tag name', '<xml><1a>x</1a></xml>', /name/],
		['unquoted attribute', '<xml a=1/>', /quoted/],
		['__proto__ element', '<xml><__proto__><polluted>1</polluted></__proto__></xml>', /__proto__/],
		// The closing-tag fast path (exactly </name>) must not accept a longer or shorter name.
		['closing name longer', '<xml><a>1</ab></xml>', /Mismatched/],
		['closing name shorter', '<xml><ab>1</a></xml>', /Mismatched/],
		['closing name with a suffix after space', '<xml><a>1</a b></xml>', /Mismatched/],
		['closing tag cut at the end', '<xml><a>1</a', /Mismatched/],
		['name starting with a digit after a good one', '<xml><a>1</a><2b>x</2b></xml>', /name/],
	])('refuses %s', (_name, xml, message) => {
		expectXmlError(() => parseXml(xml), message);
	});

	it('has not polluted Object.prototype', () => {
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('enforces the size limit in UTF-8 bytes', () => {
		const body = `<xml><a>${'x'.repeat(100)}</a></xml>`;
		expect(() => parseXml(body, { maxBytes: body.length })).not.toThrow();
		expectXmlError(() => parseXml(body, { maxBytes: body.length - 1 }), /larger/);
		// 30 Chinese characters are 90 bytes though only 30 UTF-16 units.
		const chinese = `<xml><a>${'中'.repeat(30)}</a></xml>`;
		expectXmlError(() => parseXml(chinese, { maxBytes: chinese.length + 10 }), /larger/);
		expectXmlError(() => parseXml(`<xml><a>${'x'.repeat(1024 * 1024)}</a></xml>`), /larger/);
	});

	it('enforces the depth limit (root counts as 1)', () => {
		const nest = (n: number) => '<a>'.repeat(n) + 'x' + '</a>'.repeat(n);
		expect(() => parseXml(nest(8))).not.toThrow();
		expectXmlError(() => parseXml(nest(9)), /deeper/);
		expect(() => parseXml(nest(3), { maxDepth: 3 })).not.toThrow();
		expectXmlError(() => parseXml(nest(4), { maxDepth: 3 }), /deeper/);
		// Deep nesting far past the limit fails fast, without blowing the stack.
		expectXmlError(() => parseXml(nest(100000)), /deeper/);
	});

	it('enforces the element count limit', () => {
		const many = (n: number) => `<xml>${'<i>1</i>'.repeat(n - 1)}</xml>`;
		expect(() => parseXml(many(10000))).not.toThrow();
		expectXmlError(() => parseXml(many(10001)), /more than 10000/);
		expectXmlError(() => parseXml(many(11), { maxNodes: 10 }), /more than 10/);
	});

	it('refuses non-string input', () => {
		expectXmlError(() => parseXml(undefined as unknown as string));
	});
});

describe('buildXml', () => {
	it('writes strings as CDATA and numbers bare, in key order', () => {
		expect(
			buildXml({
				ToUserName: 'o1',
				FromUserName: 'gh_1',
				CreateTime: 1714112445,
				MsgType: 'text',
				Content: '你好 <b>&</b>',
			}),
		).toBe(
			'<xml><ToUserName><![CDATA[o1]]></ToUserName><FromUserName><![CDATA[gh_1]]></FromUserName>' +
				'<CreateTime>1714112445</CreateTime><MsgType><![CDATA[text]]></MsgType>' +
				'<Content><![CDATA[你好 <b>&</b>]]></Content></xml>',
		);
	});

	it('writes a news reply with repeated <item> elements', () => {
		expect(
			buildXml({
				ArticleCount: 2,
				Articles: {
					item: [
						{ Title: 'A', Url: 'https://a' },
						{ Title: 'B', Url: 'https://b' },
					],
				},
			}),
		).toBe(
			'<xml><ArticleCount>2</ArticleCount><Articles>' +
				'<item><Title><![CDATA[A]]></Title><Url><![CDATA[https://a]]></Url></item>' +
				'<item><Title><![CDATA[B]]></Title><Url><![CDATA[https://b]]></Url></item>' +
				'</Articles></xml>',
		);
	});

	it('writes nested objects (image reply), empty strings and empty objects', () => {
		expect(buildXml({ Image: { MediaId: 'm1' }, E: '', O: {} })).toBe(
			'<xml><Image><MediaId><![CDATA[m1]]></MediaId></Image><E><![CDATA[]]></E><O></O></xml>',
		);
	});

	it('splits "]]>" inside CDATA so it round-trips', () => {
		const tricky = 'a]]>b]]]]>c]]>';
		const xml = buildXml({ Content: tricky });
		expect(xml).toBe('<xml><Content><![CDATA[a]]]]><![CDATA[>b]]]]]]><![CDATA[>c]]]]><![CDATA[>]]></Content></xml>');
		expect(parseXml(xml)).toEqual({ Content: tricky });
	});

	it('omits undefined and null fields', () => {
		expect(buildXml({ A: 'a', B: undefined, C: null })).toBe('<xml><A><![CDATA[a]]></A></xml>');
	});

	it('uses a custom root name', () => {
		expect(buildXml({ A: 1 }, 'root')).toBe('<root><A>1</A></root>');
	});

	it.each([
		['digit first', { '1a': 'x' }],
		['space', { 'a b': 'x' }],
		['angle bracket', { 'a>': 'x' }],
		['empty name', { '': 'x' }],
		['injection', { 'a><evil/': 'x' }],
	])('refuses an invalid element name: %s', (_name, input) => {
		expectXmlError(() => buildXml(input), /name/);
	});

	it('refuses an invalid root name, non-finite numbers, nested arrays and other types', () => {
		expectXmlError(() => buildXml({}, 'x y'), /name/);
		expectXmlError(() => buildXml({ A: NaN }), /finite/);
		expectXmlError(() => buildXml({ A: Infinity }), /finite/);
		expectXmlError(() => buildXml({ A: [['x']] }), /Nested arrays/);
		expectXmlError(() => buildXml({ A: true } as unknown as XmlObject), /must be/);
	});
});

describe('round trips', () => {
	it('parse(build(x)) gives back a news reply (numbers come back as text)', () => {
		const reply = {
			ToUserName: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs',
			FromUserName: 'gh_10f6c3c3ac5a',
			CreateTime: 1714112445,
			MsgType: 'news',
			ArticleCount: 2,
			Articles: {
				item: [
					{ Title: '标题一', Description: '描述 <一>', PicUrl: 'https://x/1.png', Url: 'https://x/1?a=1&b=2' },
					{ Title: 'Two ]]> tricky', Description: '', PicUrl: 'https://x/2.png', Url: 'https://x/2' },
				],
			},
		};
		expect(parseXml(buildXml(reply))).toEqual({
			...reply,
			CreateTime: '1714112445',
			ArticleCount: '2',
		});
	});

	it('a single news item comes back as an object, not an array', () => {
		const parsed = parseXml(buildXml({ Articles: { item: [{ Title: 't' }] } }));
		expect(parsed).toEqual({ Articles: { item: { Title: 't' } } });
	});

	it('Chinese, emoji, newlines and markup-like text survive', () => {
		const content = '中文测试 👋\n第二行\r\n<xml>&amp;</xml> ]]> \t';
		expect(parseXml(buildXml({ Content: content }))).toEqual({ Content: content });
	});

	it('build(parse(x)) preserves a WeChat-style message with only string fields', () => {
		const xml =
			'<xml><ToUserName><![CDATA[a]]></ToUserName><ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType>' +
			'<ScanResult><![CDATA[1]]></ScanResult></ScanCodeInfo><SubscribeMsgPopupEvent><List><TemplateId><![CDATA[t1]]></TemplateId></List>' +
			'<List><TemplateId><![CDATA[t2]]></TemplateId></List></SubscribeMsgPopupEvent></xml>';
		expect(buildXml(parseXml(xml))).toBe(xml);
	});
});
