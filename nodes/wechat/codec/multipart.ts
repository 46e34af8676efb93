/**
 * A multipart/form-data body built by hand (no runtime dependencies): WeChat's media uploads take one file
 * in the part named "media" (and, for permanent videos, a "description" field). Pure: Buffers in, a Buffer
 * and its Content-Type out.
 */
import { randomBytes } from 'crypto';

export interface MultipartFile {
	/** The form field, e.g. "media". */
	field: string;
	/** Sent as filename="..."; WeChat needs the extension (40113 without one). */
	fileName: string;
	contentType: string;
	data: Buffer;
}

export interface MultipartBody {
	body: Buffer;
	contentType: string;
}

/** Quotes and line breaks would end the header early: WeChat only needs a plain name. */
function headerSafe(value: string): string {
	return value.replace(/["\r\n\\]/g, '_');
}

/**
 * The body with the given text fields and files. The boundary is random (or given, for tests) and checked
 * not to occur in any part.
 */
export function multipartBody(
	fields: Record<string, string>,
	files: MultipartFile[],
	boundary = `----WeChatN8n${randomBytes(12).toString('hex')}`,
): MultipartBody {
	const parts: Buffer[] = [];
	const marker = Buffer.from(`--${boundary}`);
	const contains = (data: Buffer) => data.indexOf(marker) !== -1;
	for (const [name, value] of Object.entries(fields)) {
		const data = Buffer.from(value, 'utf8');
		if (contains(data)) throw new Error('multipart: the boundary occurs in a field');
		parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${headerSafe(name)}"\r\n\r\n`), data, Buffer.from('\r\n'));
	}
	for (const file of files) {
		if (contains(file.data)) return multipartBody(fields, files);
		parts.push(
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="${headerSafe(file.field)}"; filename="${headerSafe(file.fileName)}"\r\n` +
					`Content-Type: ${headerSafe(file.contentType)}\r\n\r\n`,
			),
			file.data,
			Buffer.from('\r\n'),
		);
	}
	parts.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
