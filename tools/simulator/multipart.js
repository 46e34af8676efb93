'use strict';
/**
 * multipart/form-data as WeChat's upload endpoints read it: `{ fields: { name: text }, files: { name:
 * { fileName, contentType, data: Buffer } }, error?: string }`. Bytes stay bytes (no string round trip),
 * so a test can compare what arrived with what was sent.
 */

/**
 * @param {Buffer} bytes @param {string} contentType
 * @returns {{ fields: Record<string, string>, files: Record<string, { fileName: string, contentType: string, data: Buffer }>, error?: string }}
 */
function parseMultipart(bytes, contentType) {
	/** @type {ReturnType<typeof parseMultipart>} */
	const result = { fields: {}, files: {} };
	const m = /^multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(contentType);
	if (!m) return { ...result, error: 'not multipart/form-data' };
	const delimiter = Buffer.from(`--${m[1]}`);
	let at = bytes.indexOf(delimiter);
	if (at < 0) return { ...result, error: 'boundary not found' };
	for (;;) {
		at += delimiter.length;
		if (bytes.subarray(at, at + 2).toString() === '--') return result;
		at += 2; // CRLF after the delimiter
		const headerEnd = bytes.indexOf('\r\n\r\n', at);
		if (headerEnd < 0) return { ...result, error: 'part without headers' };
		const headers = bytes.subarray(at, headerEnd).toString('utf8');
		const next = bytes.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
		if (next < 0) return { ...result, error: 'part not terminated' };
		const data = bytes.subarray(headerEnd + 4, next);
		const name = (/name="([^"]*)"/i.exec(headers) || [])[1];
		const fileName = /filename="([^"]*)"/i.exec(headers);
		const type = (/content-type:\s*([^\r\n]+)/i.exec(headers) || [])[1];
		if (name !== undefined) {
			if (fileName) result.files[name] = { fileName: fileName[1], contentType: type || '', data: Buffer.from(data) };
			else result.fields[name] = data.toString('utf8');
		}
		at = next + 2;
	}
}

module.exports = { parseMultipart };
