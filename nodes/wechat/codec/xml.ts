/**
 * A small, safe reader for WeChat's message XML: one root (<xml>), elements, text and CDATA (the writer:
 * xmlWriter.ts).
 *
 * It reads exactly the subset WeChat writes and refuses the rest. In particular DOCTYPE/ENTITY
 * declarations are refused outright, which rules out external entities (XXE) and entity expansion
 * ("billion laughs"): callback bodies come from the internet before their signature is checked.
 */

export type XmlNode = string | XmlObject | XmlNode[];
export interface XmlObject {
	[name: string]: XmlNode;
}

export class XmlError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'XmlError';
	}
}

export interface XmlLimits {
	/** Default 1 MiB: WeChat messages are a few KB. */
	maxBytes?: number;
	/** Default 8: the deepest WeChat shape (<xml><Articles><item><Title>) is 4. */
	maxDepth?: number;
	/** Default 10000 elements. */
	maxNodes?: number;
}

const WHITESPACE = /[ \t\r\n]*/y;
const ONLY_WHITESPACE = /^[ \t\r\n]*$/;
// Decimal / hex character references and the five predefined entities; a lone '&' is an error.
const ENTITY = /&(?:#([0-9]{1,7});|#x([0-9A-Fa-f]{1,6});|(lt|gt|amp|quot|apos);)|&/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const GT = 0x3e;
const LT = 0x3c;
const BANG = 0x21;
const QUESTION = 0x3f;
const SLASH = 0x2f;

/** A letter, '_' or ':' (NaN past the end is none of them). */
function isNameStart(code: number): boolean {
	return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f || code === 0x3a;
}

/** Names come from untrusted input: keep error messages short. */
export function short(name: string): string {
	return name.length > 40 ? `${name.slice(0, 40)}...` : name;
}

function isXmlChar(code: number): boolean {
	return (
		code === 0x9 ||
		code === 0xa ||
		code === 0xd ||
		(code >= 0x20 && code <= 0xd7ff) ||
		(code >= 0xe000 && code <= 0xfffd) ||
		(code >= 0x10000 && code <= 0x10ffff)
	);
}

function decodeEntities(text: string): string {
	if (!text.includes('&')) return text;
	return text.replace(ENTITY, (match, dec?: string, hex?: string, named?: string) => {
		if (named) return NAMED[named];
		if (dec === undefined && hex === undefined) {
			throw new XmlError('Unknown or unterminated entity (a bare "&" must be written "&amp;")');
		}
		const code = dec !== undefined ? parseInt(dec, 10) : parseInt(hex as string, 16);
		if (!isXmlChar(code)) throw new XmlError('Character reference to an invalid character');
		return String.fromCodePoint(code);
	});
}

class Reader {
	private pos = 0;
	private nodes = 0;
	/** The name of the element parseElement just read. */
	private name = '';

	constructor(
		private readonly xml: string,
		private readonly maxDepth: number,
		private readonly maxNodes: number,
	) {}

	parseDocument(): XmlObject {
		if (this.xml.charCodeAt(0) === 0xfeff) this.pos = 1;
		this.skipWhitespace();
		// The declaration is the only processing instruction we accept, and only at the start.
		if (this.xml.startsWith('<?xml', this.pos) && /[ \t\r\n?]/.test(this.xml.charAt(this.pos + 5))) {
			const end = this.xml.indexOf('?>', this.pos);
			if (end === -1) throw new XmlError('Unclosed XML declaration');
			this.pos = end + 2;
		}
		this.skipMisc();
		if (this.pos >= this.xml.length) throw new XmlError('No root element');
		if (this.xml[this.pos] !== '<') throw new XmlError('Text before the root element');
		const root = this.parseElement(1);
		this.skipMisc();
		if (this.pos < this.xml.length) throw new XmlError('Content after the root element');
		if (typeof root === 'string') {
			if (!ONLY_WHITESPACE.test(root)) throw new XmlError('Root element must contain elements, not text');
			return {};
		}
		return root;
	}

	/** Whitespace and comments, which may surround the root element. */
	private skipMisc(): void {
		for (;;) {
			this.skipWhitespace();
			if (this.xml.startsWith('<!--', this.pos)) this.skipComment();
			else if (this.xml.startsWith('<!', this.pos)) this.refuseDeclaration();
			else if (this.xml.startsWith('<?', this.pos)) this.refuseInstruction();
			else return;
		}
	}

	private skipWhitespace(): void {
		WHITESPACE.lastIndex = this.pos;
		WHITESPACE.test(this.xml);
		this.pos = WHITESPACE.lastIndex;
	}

	private skipComment(): void {
		const end = this.xml.indexOf('-->', this.pos + 4);
		if (end === -1) throw new XmlError('Unclosed comment');
		this.pos = end + 3;
	}

	private refuseDeclaration(): never {
		throw new XmlError('DOCTYPE and ENTITY declarations are not allowed');
	}

	private refuseInstruction(): never {
		throw new XmlError('Processing instructions are not allowed');
	}

	/** A name: [A-Za-z_:] then [A-Za-z0-9_.:-]*, scanned by character code (no match object per element). */
	private readName(): string {
		const xml = this.xml;
		const start = this.pos;
		let i = start;
		let code = xml.charCodeAt(i);
		if (!isNameStart(code)) throw new XmlError(`Expected an element name at position ${this.pos}`);
		do code = xml.charCodeAt(++i);
		while (isNameStart(code) || (code >= 0x30 && code <= 0x39) || code === 0x2e || code === 0x2d);
		this.pos = i;
		return xml.slice(start, i);
	}

	/** Attributes are read only to step over them correctly (a quoted value may contain '>'). */
	private skipAttributes(): boolean {
		for (;;) {
			this.skipWhitespace();
			if (this.xml.startsWith('/>', this.pos)) {
				this.pos += 2;
				return true;
			}
			if (this.xml[this.pos] === '>') {
				this.pos += 1;
				return false;
			}
			this.readName();
			this.skipWhitespace();
			if (this.xml[this.pos] !== '=') throw new XmlError('Malformed attribute');
			this.pos += 1;
			this.skipWhitespace();
			const quote = this.xml[this.pos];
			if (quote !== '"' && quote !== "'") throw new XmlError('Attribute value must be quoted');
			const end = this.xml.indexOf(quote, this.pos + 1);
			if (end === -1) throw new XmlError('Unclosed attribute value');
			this.pos = end + 1;
		}
	}

	/**
	 * At '<' of a start tag. Returns the value: a string for a leaf, an object for an element with children;
	 * the element's name is left in `this.name` (no pair object per element).
	 */
	private parseElement(depth: number): string | XmlObject {
		if (depth > this.maxDepth) throw new XmlError(`XML is nested deeper than ${this.maxDepth} levels`);
		if (++this.nodes > this.maxNodes) throw new XmlError(`XML has more than ${this.maxNodes} elements`);
		const xml = this.xml;
		this.pos += 1;
		const name = this.readName();
		// The common case (no attributes) is one character; skipAttributes handles everything else.
		if (xml.charCodeAt(this.pos) === GT) this.pos += 1;
		else if (this.skipAttributes()) return this.named(name, '');

		let text = '';
		let children: XmlObject | undefined;
		for (;;) {
			// Between WeChat's elements the next '<' is usually right here: no search then.
			const lt = xml.charCodeAt(this.pos) === LT ? this.pos : xml.indexOf('<', this.pos);
			if (lt === -1) throw new XmlError(`Unclosed element <${short(name)}>`);
			if (lt > this.pos) text += decodeEntities(xml.slice(this.pos, lt));
			this.pos = lt;

			const next = xml.charCodeAt(lt + 1);
			if (next === BANG) {
				if (xml.startsWith('<![CDATA[', lt)) {
					const end = xml.indexOf(']]>', lt + 9);
					if (end === -1) throw new XmlError('Unclosed CDATA section');
					text += xml.slice(lt + 9, end);
					this.pos = end + 3;
				} else if (xml.startsWith('<!--', lt)) {
					this.skipComment();
				} else {
					this.refuseDeclaration();
				}
			} else if (next === QUESTION) {
				this.refuseInstruction();
			} else if (next === SLASH) {
				// Fast path: exactly </name> (the name is followed by '>', so no longer name can match).
				const after = lt + 2 + name.length;
				if (xml.charCodeAt(after) === GT && xml.startsWith(name, lt + 2)) {
					this.pos = after + 1;
					break;
				}
				this.pos += 2;
				const closing = this.readName();
				this.skipWhitespace();
				if (closing !== name || xml[this.pos] !== '>') {
					throw new XmlError(`Mismatched tags: <${short(name)}> closed by </${short(closing)}>`);
				}
				this.pos += 1;
				break;
			} else {
				const child = this.parseElement(depth + 1);
				children ??= {};
				addChild(children, this.name, child);
			}
		}

		if (!children) return this.named(name, text);
		// WeChat never mixes text and elements; keeping one and dropping the other would lose data silently.
		if (text !== '' && !ONLY_WHITESPACE.test(text)) {
			throw new XmlError(`Element <${short(name)}> mixes text and elements`);
		}
		return this.named(name, children);
	}

	private named(name: string, value: string | XmlObject): string | XmlObject {
		this.name = name;
		return value;
	}
}

function addChild(parent: XmlObject, name: string, child: string | XmlObject): void {
	// Assigning "__proto__" would replace the object's prototype instead of adding a field.
	if (name === '__proto__') throw new XmlError('Element name "__proto__" is not allowed');
	const existing = parent[name];
	// Undefined: the common case, a new name. Otherwise it may still be inherited (e.g. "toString").
	if (existing === undefined || !Object.prototype.hasOwnProperty.call(parent, name)) {
		parent[name] = child;
		return;
	}
	// Parsing never yields arrays otherwise, so an array here always means "already repeated".
	if (Array.isArray(existing)) existing.push(child);
	else parent[name] = [existing, child];
}

/** Parse a WeChat message and return the children of its root element. Throws XmlError. */
export function parseXml(xml: string, limits: XmlLimits = {}): XmlObject {
	if (typeof xml !== 'string') throw new XmlError('XML must be a string');
	const maxBytes = limits.maxBytes ?? 1024 * 1024;
	// A UTF-16 length above the limit means the UTF-8 size is too: refuse before measuring. A UTF-16 unit is at
	// most 3 UTF-8 bytes, so a text under a third of the limit needs no measuring at all.
	if (xml.length > maxBytes || (xml.length * 3 > maxBytes && Buffer.byteLength(xml, 'utf8') > maxBytes)) {
		throw new XmlError(`XML is larger than ${maxBytes} bytes`);
	}
	return new Reader(xml, limits.maxDepth ?? 8, limits.maxNodes ?? 10000).parseDocument();
}
