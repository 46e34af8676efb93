/**
 * Answers that may be a file (GET /cgi-bin/media/get): WeChat sends the bytes, or JSON (an error such as
 * 40007, or a video's download URL). The transport asks n8n for the full response as bytes and turns it
 * into what its loop expects: JSON text (errcodes handled as for any call) or a successful answer holding
 * the file.
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

export const FILE_ANSWER_OPTIONS: Partial<IHttpRequestOptions> = { json: false, encoding: 'arraybuffer', returnFullResponse: true };

/** The answer of a file request: `{ errcode: 0, file, contentType, contentDisposition }`, or WeChat's JSON as text. */
export function fileOrJson(response: unknown): unknown {
	if (!response || typeof response !== 'object' || !('body' in response)) return response;
	const { body: raw, headers = {} } = response as { body?: unknown; headers?: IDataObject };
	const contentType = String(headers['content-type'] ?? '');
	const data =
		typeof raw === 'string'
			? Buffer.from(raw)
			: Buffer.from(raw instanceof ArrayBuffer ? new Uint8Array(raw) : ((raw as Buffer | undefined) ?? []));
	if (/json|text\/plain/i.test(contentType) || data.subarray(0, 1).toString() === '{') return data.toString('utf8');
	const answer: IDataObject = { errcode: 0, file: data, contentType, contentDisposition: String(headers['content-disposition'] ?? '') };
	return answer;
}
