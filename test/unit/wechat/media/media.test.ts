/**
 * Media: the multipart body (byte for byte, parsed back by the simulator's parser), WeChat's limits checked
 * before any call with the exact errors, and the file answer of media/get.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { multipartBody } from '../../../../nodes/wechat/codec/multipart';
import { fileOrJson } from '../../../../nodes/wechat/client/fileAnswer';
import { checkMedia, formatBytes, MEDIA_LIMITS } from '../../../../nodes/wechat/media/limits';
import { SendCustomerServiceMessage, UploadMedia } from '../../../helpers/appNodes';
import { binaryOf, CredentialStore, executeContext } from '../../../helpers/n8nContext';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parseMultipart } = require('../../../../tools/simulator/multipart');

test('multipart body: fields and a file, exact bytes, boundary in the Content-Type', () => {
	const data = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
	const { body, contentType } = multipartBody({ description: '{"title":"t"}' }, [{ field: 'media', fileName: 'a.png', contentType: 'image/png', data }], 'BOUNDARY');
	expect(contentType).toBe('multipart/form-data; boundary=BOUNDARY');
	expect(body.equals(Buffer.concat([
		Buffer.from('--BOUNDARY\r\nContent-Disposition: form-data; name="description"\r\n\r\n{"title":"t"}\r\n'),
		Buffer.from('--BOUNDARY\r\nContent-Disposition: form-data; name="media"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n'),
		data,
		Buffer.from('\r\n--BOUNDARY--\r\n'),
	]))).toBe(true);
	const parsed = parseMultipart(body, contentType);
	expect(parsed.fields).toEqual({ description: '{"title":"t"}' });
	expect(parsed.files.media.fileName).toBe('a.png');
	expect(parsed.files.media.data.equals(data)).toBe(true);
});

test('multipart body: a random boundary, another one when the file contains it; quotes in names cannot break the header', () => {
	const a = multipartBody({}, [{ field: 'media', fileName: 'x.jpg', contentType: 'image/jpeg', data: Buffer.from('x') }]);
	expect(a.contentType).toMatch(/^multipart\/form-data; boundary=----WeChatN8n[0-9a-f]{24}$/);
	const tricky = Buffer.from('before --B after');
	const b = multipartBody({}, [{ field: 'media', fileName: 'x".jpg\r\n', contentType: 'image/jpeg', data: tricky }], 'B');
	expect(b.contentType).not.toBe('multipart/form-data; boundary=B');
	const parsed = parseMultipart(b.body, b.contentType);
	expect(parsed.files.media).toMatchObject({ fileName: 'x_.jpg__' });
	expect(parsed.files.media.data.equals(tricky)).toBe(true);
});

test('limits: WeChat\'s documented sizes and types', () => {
	expect(MEDIA_LIMITS).toEqual({
		image: { maxBytes: 10 * 1024 * 1024, extensions: ['bmp', 'png', 'jpeg', 'jpg', 'gif'], label: '10 MB' },
		voice: { maxBytes: 2 * 1024 * 1024, extensions: ['amr', 'mp3'], label: '2 MB' },
		video: { maxBytes: 10 * 1024 * 1024, extensions: ['mp4'], label: '10 MB' },
		thumb: { maxBytes: 64 * 1024, extensions: ['jpg', 'jpeg'], label: '64 KB' },
	});
	expect([formatBytes(12), formatBytes(65 * 1024 + 100), formatBytes(11 * 1024 * 1024)]).toEqual(['12 bytes', '65.1 KB', '11.0 MB']);
});

const F = 'Binary field "data"';
test.each([
	['image', { fileName: 'photo.webp', mimeType: 'image/webp', size: 10 }, `${F} is a .webp file; WeChat takes an image only as bmp, png, jpeg, jpg, gif`, 'Convert the file to bmp, png, jpeg, jpg, gif first (WeChat answers errcode 40005 otherwise).'],
	['image', { fileName: 'photo', mimeType: 'application/octet-stream', size: 10 }, `${F} has no file extension and no known MIME type; WeChat needs one to take an image`, 'Give the binary file a name ending in one of bmp, png, jpeg, jpg, gif (e.g. in the node that made it), or a MIME type such as image/bmp.'],
	['image', { fileName: 'big.png', size: 10 * 1024 * 1024 + 1 }, `${F} is 10.0 MB (10485761 bytes); WeChat takes an image of at most 10 MB (10485760 bytes)`, 'Make the file smaller (compress or resize it) to at most 10 MB (WeChat answers errcode 40006 otherwise).'],
	['voice', { fileName: 'a.mp3', size: 2 * 1024 * 1024 + 1 }, `${F} is 2.0 MB (2097153 bytes); WeChat takes a voice of at most 2 MB (2097152 bytes)`, 'Make the file smaller (compress or resize it) to at most 2 MB (WeChat answers errcode 40006 otherwise).'],
	['voice', { fileName: 'a.wav', size: 5 }, `${F} is a .wav file; WeChat takes a voice only as amr, mp3`, 'Convert the file to amr, mp3 first (WeChat answers errcode 40005 otherwise).'],
	['video', { fileName: 'a.mov', size: 5 }, `${F} is a .mov file; WeChat takes a video only as mp4`, 'Convert the file to mp4 first (WeChat answers errcode 40005 otherwise).'],
	['thumb', { fileName: 't.jpg', size: 64 * 1024 + 1 }, `${F} is 64.0 KB (65537 bytes); WeChat takes a thumb of at most 64 KB (65536 bytes)`, 'Make the file smaller (compress or resize it) to at most 64 KB (WeChat answers errcode 40006 otherwise).'],
	['thumb', { fileName: 't.png', size: 5 }, `${F} is a .png file; WeChat takes a thumb only as jpg, jpeg`, 'Convert the file to jpg, jpeg first (WeChat answers errcode 40005 otherwise).'],
	['image', { fileName: 'empty.png', size: 0 }, `${F} is empty`, 'The binary file has no bytes: check the node that made it.'],
] as const)('%s %j: %s', (type, file, message, description) => {
	expect(checkMedia(type, file, F)).toEqual({ message, description });
});

test('limits: the extension comes from the name, else from the MIME type (a name without one gets it)', () => {
	expect(checkMedia('image', { fileName: 'a.PNG', size: 1 }, F)).toEqual({ fileName: 'a.PNG', contentType: 'image/png' });
	expect(checkMedia('image', { fileName: 'scan', mimeType: 'image/jpeg', size: 1 }, F)).toEqual({ fileName: 'scan.jpg', contentType: 'image/jpeg' });
	expect(checkMedia('image', { mimeType: 'image/gif', size: 1 }, F)).toEqual({ fileName: 'media.gif', contentType: 'image/gif' });
	expect(checkMedia('image', { fileName: 'report.final', mimeType: 'image/png', size: 1 }, F)).toEqual({ fileName: 'report.final.png', contentType: 'image/png' });
	expect(checkMedia('voice', { fileName: 'v.amr', size: 2 * 1024 * 1024 }, F)).toEqual({ fileName: 'v.amr', contentType: 'audio/amr' });
});

test('media/get answers: bytes are a file, JSON (error or video URL) is text for the errcode handling', () => {
	const png = Buffer.from([0x89, 0x50]);
	expect(fileOrJson({ body: png, headers: { 'content-type': 'image/png', 'content-disposition': 'attachment; filename="m.png"' } })).toEqual({
		errcode: 0,
		file: png,
		contentType: 'image/png',
		contentDisposition: 'attachment; filename="m.png"',
	});
	expect(fileOrJson({ body: Buffer.from('{"errcode":40007}'), headers: { 'content-type': 'text/plain' } })).toBe('{"errcode":40007}');
	expect(fileOrJson({ body: Buffer.from('{"video_url":"http://x"}'), headers: {} })).toBe('{"video_url":"http://x"}');
});

type Run = (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;
function contextFor(parameters: Record<string, unknown>, binaries: Array<Record<string, ReturnType<typeof binaryOf>> | undefined>) {
	const store = new CredentialStore();
	store.set('weChatOfficialAccountApi', { appId: 'wx1', appSecret: 's', tokenSource: 'stable', baseUrl: 'http://127.0.0.1:9' });
	const calls: unknown[] = [];
	const ctx = executeContext({ store, items: binaries.map(() => ({ openid: 'oOA1' })), binaries, parameters, http: async (o) => void calls.push(o) });
	return { ctx: ctx as IExecuteFunctions, calls };
}

test('Upload: a file too large or of the wrong type stops the node before any call, naming the field and the limit', async () => {
	const big = binaryOf(Buffer.alloc(64 * 1024 + 1), 'cover.jpg', 'image/jpeg');
	const { ctx, calls } = contextFor({ mediaType: 'thumb', binaryPropertyName: 'data' }, [{ data: binaryOf(Buffer.from('ok'), 'a.jpg') }, { data: big }]);
	await expect((new UploadMedia().execute as Run).call(ctx)).rejects.toMatchObject({
		message: 'Binary field "data" (Binary Field) is 64.0 KB (65537 bytes); WeChat takes a thumb of at most 64 KB (65536 bytes)',
		description: 'Make the file smaller (compress or resize it) to at most 64 KB (WeChat answers errcode 40006 otherwise).',
	});
	expect(calls).toEqual([]);
});

test('Upload: an item without the binary field gets n8n\'s own error; nothing is sent', async () => {
	const { ctx, calls } = contextFor({ mediaType: 'image', binaryPropertyName: 'photo' }, [{ data: binaryOf(Buffer.from('x'), 'a.png') }]);
	await expect((new UploadMedia().execute as Run).call(ctx)).rejects.toThrow("The item has no binary field 'photo' [item 0]");
	expect(calls).toEqual([]);
});

test('Customer-service image from a binary field: an unsupported type stops the batch before any call', async () => {
	const parameters = { touser: 'oOA1', messageType: 'image', mediaSource: 'binary', binaryPropertyName: 'data' };
	const { ctx, calls } = contextFor(parameters, [{ data: binaryOf(Buffer.from('x'), 'a.png') }, { data: binaryOf(Buffer.from('x'), 'a.tiff', 'image/tiff') }]);
	await expect((new SendCustomerServiceMessage().execute as Run).call(ctx)).rejects.toMatchObject({
		message: 'Binary field "data" (Input Binary Field) is a .tiff file; WeChat takes an image only as bmp, png, jpeg, jpg, gif',
	});
	expect(calls).toEqual([]);
});
