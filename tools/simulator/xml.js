'use strict';
/**
 * The small XML dialect WeChat speaks: `<xml>` root, strings in CDATA, numbers bare, nested elements and
 * repeated elements for lists (e.g. SubscribeMsgPopupEvent/List).
 */

/** @param {string} s */
function cdata(s) {
	return '<![CDATA[' + String(s).split(']]>').join(']]]]><![CDATA[>') + ']]>';
}

/**
 * @param {string} name
 * @param {unknown} value
 * @returns {string}
 */
function element(name, value) {
	if (value === undefined || value === null) return '';
	if (Array.isArray(value)) return value.map((v) => element(name, v)).join('');
	if (typeof value === 'object') {
		let inner = '';
		for (const [k, v] of Object.entries(/** @type {Record<string, unknown>} */ (value))) inner += element(k, v);
		return `<${name}>${inner}</${name}>`;
	}
	if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
		return `<${name}>${String(value)}</${name}>`;
	}
	return `<${name}>${cdata(String(value))}</${name}>`;
}

/**
 * Build `<xml>...</xml>` from a flat or nested message object.
 * @param {Record<string, unknown>} message
 */
function buildXml(message) {
	let inner = '';
	for (const [k, v] of Object.entries(message)) inner += element(k, v);
	return `<xml>${inner}</xml>`;
}

const ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/** @param {string} s */
function unescapeText(s) {
	return s.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, e) => {
		if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
		return ENTITIES[/** @type {keyof typeof ENTITIES} */ (e)];
	});
}

/**
 * Parse WeChat-style XML. Leaves become strings (CDATA content kept exactly, tag case kept); elements with
 * children become objects; a repeated child name becomes an array. Returns the root's content object
 * (for `<xml>..</xml>` that is the message).
 * @param {string} text
 * @returns {Record<string, any>}
 */
function parseXml(text) {
	let i = 0;
	const s = String(text).trim();
	const skipMisc = () => {
		for (;;) {
			while (i < s.length && /\s/.test(s[i])) i++;
			if (s.startsWith('<?', i)) i = s.indexOf('?>', i) + 2;
			else if (s.startsWith('<!--', i)) i = s.indexOf('-->', i) + 3;
			else return;
			if (i < 2) throw new Error('unterminated XML declaration or comment');
		}
	};
	/** @returns {[string, any]} */
	const parseElement = () => {
		if (s[i] !== '<') throw new Error(`expected '<' at ${i}`);
		const close = s.indexOf('>', i);
		if (close < 0) throw new Error('unterminated tag');
		let head = s.slice(i + 1, close).trim();
		i = close + 1;
		const selfClosing = head.endsWith('/');
		if (selfClosing) head = head.slice(0, -1).trim();
		const name = head.split(/\s+/)[0];
		if (!name) throw new Error('empty tag name');
		if (selfClosing) return [name, ''];
		/** @type {Record<string, any>} */
		const children = {};
		/** @type {Set<string>} */
		const repeated = new Set();
		let hasChildren = false;
		let textValue = '';
		for (;;) {
			if (i >= s.length) throw new Error(`unterminated element <${name}>`);
			if (s.startsWith('<![CDATA[', i)) {
				const end = s.indexOf(']]>', i);
				if (end < 0) throw new Error('unterminated CDATA');
				textValue += s.slice(i + 9, end);
				i = end + 3;
			} else if (s.startsWith('<!--', i)) {
				const end = s.indexOf('-->', i);
				if (end < 0) throw new Error('unterminated comment');
				i = end + 3;
			} else if (s.startsWith('</', i)) {
				const end = s.indexOf('>', i);
				const closing = s.slice(i + 2, end).trim();
				if (closing !== name) throw new Error(`mismatched </${closing}> for <${name}>`);
				i = end + 1;
				break;
			} else if (s[i] === '<') {
				const [k, v] = parseElement();
				hasChildren = true;
				if (Object.prototype.hasOwnProperty.call(children, k)) {
					if (!repeated.has(k)) {
						repeated.add(k);
						children[k] = [children[k]];
					}
					children[k].push(v);
				} else children[k] = v;
			} else {
				const next = s.indexOf('<', i);
				if (next < 0) throw new Error(`unterminated element <${name}>`);
				textValue += unescapeText(s.slice(i, next));
				i = next;
			}
		}
		if (hasChildren) return [name, children];
		return [name, textValue];
	};
	skipMisc();
	const [, root] = parseElement();
	skipMisc();
	if (i < s.length) throw new Error('trailing content after root element');
	return typeof root === 'string' ? {} : root;
}

module.exports = { buildXml, parseXml, cdata };
