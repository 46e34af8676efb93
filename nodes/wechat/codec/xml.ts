/**
 * A small, safe reader/writer for WeChat's message XML: one root (<xml>), elements, text and CDATA.
 *
 * It reads exactly the subset WeChat writes and refuses the rest. In particular DOCTYPE/ENTITY
 * declarations are refused outright, which rules out external entities (XXE) and entity expansion
 * ("billion laughs"): callback bodies come from the internet before their signature is checked.
 */

export type XmlNode = string | XmlObject | XmlNode[];
export interface XmlObject {
	[name: string]: XmlNode;
}

/** What buildXml accepts: like XmlNode, plus numbers, which WeChat writes without CDATA (CreateTime). */
export type XmlValue = string | number | XmlInput | XmlValue[] | null | undefined;
export interface XmlInput {
	[name: string]: XmlValue;
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

const NAME = /[A-Za-z_:][A-Za-z0-9_.:-]*/y;
const WHITESPACE = /[ \t\r\n]*/y;
const ONLY_WHITESPACE = /^[ \t\r\n]*$/;
// Decimal / hex character references and the five predefined entities; a lone '&' is an error.
const ENTITY = /&(?:#([0-9]{1,7});|#x([0-9A-Fa-f]{1,6});|(lt|gt|amp|quot|apos);)|&/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Names come from untrusted input: keep error messages short. */
function short(name: string): string {
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
		const root = this.parseElement(1).value;
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

	private readName(): string {
		NAME.lastIndex = this.pos;
		const match = NAME.exec(this.xml);
		if (!match) throw new XmlError(`Expected an element name at position ${this.pos}`);
		this.pos = NAME.lastIndex;
		return match[0];
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

	/** At '<' of a start tag. The value is a string for a leaf, an object for an element with children. */
	private parseElement(depth: number): { name: string; value: string | XmlObject } {
		if (depth > this.maxDepth) throw new XmlError(`XML is nested deeper than ${this.maxDepth} levels`);
		if (++this.nodes > this.maxNodes) throw new XmlError(`XML has more than ${this.maxNodes} elements`);
		this.pos += 1;
		const name = this.readName();
		if (this.skipAttributes()) return { name, value: '' };

		const text: string[] = [];
		let children: XmlObject | undefined;
		for (;;) {
			const lt = this.xml.indexOf('<', this.pos);
			if (lt === -1) throw new XmlError(`Unclosed element <${short(name)}>`);
			if (lt > this.pos) text.push(decodeEntities(this.xml.slice(this.pos, lt)));
			this.pos = lt;

			if (this.xml.startsWith('<![CDATA[', lt)) {
				const end = this.xml.indexOf(']]>', lt + 9);
				if (end === -1) throw new XmlError('Unclosed CDATA section');
				text.push(this.xml.slice(lt + 9, end));
				this.pos = end + 3;
			} else if (this.xml.startsWith('<!--', lt)) {
				this.skipComment();
			} else if (this.xml.startsWith('<!', lt)) {
				this.refuseDeclaration();
			} else if (this.xml.startsWith('<?', lt)) {
				this.refuseInstruction();
			} else if (this.xml.startsWith('</', lt)) {
				this.pos += 2;
				const closing = this.readName();
				this.skipWhitespace();
				if (closing !== name || this.xml[this.pos] !== '>') {
					throw new XmlError(`Mismatched tags: <${short(name)}> closed by </${short(closing)}>`);
				}
				this.pos += 1;
				break;
			} else {
				const child = this.parseElement(depth + 1);
				children ??= {};
				addChild(children, child.name, child.value);
			}
		}

		const joined = text.join('');
		if (!children) return { name, value: joined };
		// WeChat never mixes text and elements; keeping one and dropping the other would lose data silently.
		if (!ONLY_WHITESPACE.test(joined)) {
			throw new XmlError(`Element <${short(name)}> mixes text and elements`);
		}
		return { name, value: children };
	}
}

function addChild(parent: XmlObject, name: string, child: string | XmlObject): void {
	// Assigning "__proto__" would replace the object's prototype instead of adding a field.
	if (name === '__proto__') throw new XmlError('Element name "__proto__" is not allowed');
	if (!Object.prototype.hasOwnProperty.call(parent, name)) {
		parent[name] = child;
		return;
	}
	// Parsing never yields arrays otherwise, so an array here always means "already repeated".
	const existing = parent[name];
	if (Array.isArray(existing)) existing.push(child);
	else parent[name] = [existing, child];
}

/** Parse a WeChat message and return the children of its root element. Throws XmlError. */
export function parseXml(xml: string, limits: XmlLimits = {}): XmlObject {
	if (typeof xml !== 'string') throw new XmlError('XML must be a string');
	const maxBytes = limits.maxBytes ?? 1024 * 1024;
	// A UTF-16 length above the limit means the UTF-8 size is too: refuse before measuring.
	if (xml.length > maxBytes || Buffer.byteLength(xml, 'utf8') > maxBytes) {
		throw new XmlError(`XML is larger than ${maxBytes} bytes`);
	}
	return new Reader(xml, limits.maxDepth ?? 8, limits.maxNodes ?? 10000).parseDocument();
}

const ELEMENT_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function checkName(name: string): void {
	if (!ELEMENT_NAME.test(name)) throw new XmlError(`Invalid XML element name "${short(name)}"`);
}

function cdata(text: string): string {
	// "]]>" would end the section early: close it after "]]" and reopen before ">".
	return `<![CDATA[${text.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

function writeElement(name: string, value: XmlValue, out: string[]): void {
	// Optional fields left undefined are simply not written.
	if (value === undefined || value === null) return;
	if (Array.isArray(value)) {
		for (const item of value) {
			if (Array.isArray(item)) throw new XmlError(`Nested arrays under "${name}" have no XML form`);
			writeElement(name, item, out);
		}
		return;
	}
	checkName(name);
	if (typeof value === 'string') {
		out.push(`<${name}>${cdata(value)}</${name}>`);
	} else if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new XmlError(`"${name}" is not a finite number`);
		out.push(`<${name}>${String(value)}</${name}>`);
	} else if (typeof value === 'object') {
		out.push(`<${name}>`);
		writeChildren(value, out);
		out.push(`</${name}>`);
	} else {
		throw new XmlError(`"${name}" must be a string, number, object or array`);
	}
}

function writeChildren(object: XmlInput, out: string[]): void {
	for (const [name, value] of Object.entries(object)) writeElement(name, value, out);
}

/**
 * Build a WeChat message. Strings go in CDATA (no escaping rules to get wrong); numbers are bare
 * text; arrays repeat the element; objects nest.
 */
export function buildXml(root: XmlInput | XmlObject, rootName = 'xml'): string {
	checkName(rootName);
	const out: string[] = [`<${rootName}>`];
	writeChildren(root as XmlInput, out);
	out.push(`</${rootName}>`);
	return out.join('');
}
