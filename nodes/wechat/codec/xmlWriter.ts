/**
 * Writes WeChat's message XML (passive replies): one root, strings in CDATA, numbers bare, arrays repeating
 * their element, objects nesting. The reader is xml.ts.
 */
import { short, XmlError } from './xml';
import type { XmlObject } from './xml';

/** What buildXml accepts: like XmlNode, plus numbers, which WeChat writes without CDATA (CreateTime). */
export type XmlValue = string | number | XmlInput | XmlValue[] | null | undefined;
export interface XmlInput {
	[name: string]: XmlValue;
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
