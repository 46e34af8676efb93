/**
 * Permanent material and article images: WeChat's limits in the one table, checked per store; the requests
 * the operations make (a video's description field, get_material's JSON body, Get Many's pages); the
 * Mini Program's Media resource without permanent material.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { checkMedia, WECHAT_MEDIA_LIMITS } from '../../../../nodes/wechat/media/limits';
import { mediaResource } from '../../../../nodes/wechat/media/resource';
import { AddMaterial, GetManyMaterials, GetMaterial } from '../../../helpers/appNodes';
import { binaryOf, CredentialStore, executeContext } from '../../../helpers/n8nContext';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parseMultipart } = require('../../../../tools/simulator/multipart');

const MB = 1024 * 1024;
const F = 'Binary field "data"';

test('one table: temporary, permanent and article-image limits as WeChat documents them', () => {
	expect(WECHAT_MEDIA_LIMITS.permanent).toEqual({
		types: {
			image: { maxBytes: 10 * MB, extensions: ['bmp', 'png', 'jpeg', 'jpg', 'gif'], label: '10 MB' },
			voice: { maxBytes: 2 * MB, extensions: ['mp3', 'wma', 'wav', 'amr'], label: '2 MB' },
			video: { maxBytes: 10 * MB, extensions: ['mp4'], label: '10 MB' },
			thumb: { maxBytes: 64 * 1024, extensions: ['jpg', 'jpeg'], label: '64 KB' },
		},
		typeErrcode: 40005,
		sizeErrcode: 45001,
		bound: 'at most',
	});
	expect(WECHAT_MEDIA_LIMITS.articleImage).toEqual({
		types: { image: { maxBytes: MB - 1, extensions: ['jpg', 'jpeg', 'png'], label: '1 MB' } },
		typeErrcode: 40005,
		sizeErrcode: 45001,
		bound: 'under',
	});
});

test('checked per store: a wav voice is permanent material only; an article image stays under 1 MB and is jpg or png', () => {
	expect(checkMedia('voice', { fileName: 'a.wav', size: 5 }, F, 'permanent')).toEqual({ fileName: 'a.wav', contentType: 'audio/wav' });
	expect(checkMedia('voice', { fileName: 'a', mimeType: 'audio/x-ms-wma', size: 5 }, F, 'permanent')).toEqual({ fileName: 'a.wma', contentType: 'audio/x-ms-wma' });
	expect(checkMedia('voice', { fileName: 'a.wav', size: 5 }, F)).toMatchObject({ message: `${F} is a .wav file; WeChat takes a voice only as amr, mp3` });
	expect(checkMedia('image', { fileName: 'a.png', size: MB - 1 }, F, 'articleImage')).toEqual({ fileName: 'a.png', contentType: 'image/png' });
	expect(checkMedia('image', { fileName: 'a.png', size: MB }, F, 'articleImage')).toEqual({
		message: `${F} is 1.0 MB (1048576 bytes); WeChat takes an image of under 1 MB (at most 1048575 bytes)`,
		description: 'Make the file smaller (compress or resize it) to under 1 MB (WeChat answers errcode 45001 otherwise).',
	});
	expect(checkMedia('image', { fileName: 'a.bmp', size: 5 }, F, 'articleImage')).toEqual({
		message: `${F} is a .bmp file; WeChat takes an image only as jpg, jpeg, png`,
		description: 'Convert the file to jpg, jpeg, png first (WeChat answers errcode 40005 otherwise).',
	});
	expect(checkMedia('voice', { fileName: 'a.mp3', size: 5 }, F, 'articleImage')).toEqual({ message: 'WeChat does not take a voice here', description: 'Use one of image.' });
});

type Run = (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;
function recorded(parameters: Record<string, unknown>, answers: unknown[], binaries: Array<Record<string, ReturnType<typeof binaryOf>> | undefined> = [undefined]) {
	const store = new CredentialStore();
	store.set('weChatOfficialAccountApi', { appId: 'wx1', appSecret: 's', tokenSource: 'stable', baseUrl: 'http://wechat.test', accessToken: 'T', expiresAt: Date.now() + 3_600_000 });
	const calls: IHttpRequestOptions[] = [];
	const http = async (options: IHttpRequestOptions) => {
		calls.push(options);
		return answers.shift();
	};
	const ctx = executeContext({ store, items: binaries.map(() => ({})), binaries, parameters: (name: string) => parameters[name], http });
	return { ctx: ctx as IExecuteFunctions, calls };
}

test('add a video: the file in "media" with its extension, title and introduction as JSON in "description"', async () => {
	const mp4 = Buffer.from('0000001866747970', 'hex');
	const { ctx, calls } = recorded({ mediaType: 'video', binaryPropertyName: 'data', title: 'Launch', introduction: 'Day one' }, [{ media_id: 'M1' }], [{ data: binaryOf(mp4, 'launch', 'video/mp4') }]);
	const [[out]] = await (new AddMaterial().execute as Run).call(ctx);
	expect(out.json).toEqual({ mediaId: 'M1', type: 'video', fileName: 'launch.mp4', size: mp4.length });
	const [call] = calls;
	expect(call).toMatchObject({ method: 'POST', url: 'http://wechat.test/cgi-bin/material/add_material', qs: { type: 'video' } });
	const parsed = parseMultipart(call.body as Buffer, (call.headers as IDataObject)['Content-Type'] as string);
	expect(parsed.fields).toEqual({ description: '{"title":"Launch","introduction":"Day one"}' });
	expect(parsed.files.media).toMatchObject({ fileName: 'launch.mp4', contentType: 'video/mp4' });
	expect(parsed.files.media.data.equals(mp4)).toBe(true);
});

test('get: POST {media_id} as JSON with the raw response; Get Many: offset and count per page, stops at total_count', async () => {
	const png = Buffer.from([0x89, 0x50]);
	const get = recorded({ mediaId: ' M1 ', binaryPropertyName: 'data' }, [{ body: png, headers: { 'content-type': 'image/png' } }]);
	const [[file]] = await (new GetMaterial().execute as Run).call(get.ctx);
	expect(JSON.parse((get.calls[0].body as Buffer).toString())).toEqual({ media_id: 'M1' });
	expect(get.calls[0]).toMatchObject({ method: 'POST', url: 'http://wechat.test/cgi-bin/material/get_material', returnFullResponse: true, encoding: 'arraybuffer' });
	expect(file.json).toEqual({ mediaId: 'M1', fileName: 'M1.png', mimeType: 'image/png', size: 2 });

	const page = (n: number, from: number) => ({ total_count: 25, item_count: n, item: Array.from({ length: n }, (_, i) => ({ media_id: `V${from + i}` })) });
	const list = recorded({ materialType: 'voice', returnAll: true }, [page(20, 0), page(5, 20)]);
	const [out] = await (new GetManyMaterials().execute as Run).call(list.ctx);
	expect(out.map((o) => o.json.media_id)).toEqual(Array.from({ length: 25 }, (_, i) => `V${i}`));
	expect(list.calls.map((c) => c.body)).toEqual([{ type: 'voice', offset: 0, count: 20 }, { type: 'voice', offset: 20, count: 20 }]);
	const limited = recorded({ materialType: 'voice', returnAll: false, limit: 3 }, [page(3, 0)]);
	expect((await (new GetManyMaterials().execute as Run).call(limited.ctx))[0]).toHaveLength(3);
	expect(limited.calls.map((c) => c.body)).toEqual([{ type: 'voice', offset: 0, count: 3 }]);
	const zero = recorded({ materialType: 'voice', returnAll: false, limit: 0 }, []);
	await expect((new GetManyMaterials().execute as Run).call(zero.ctx)).rejects.toThrow('Limit must be 1 or more (got 0)');
	expect(zero.calls).toEqual([]);
});

test('the Mini Program\'s Media resource has temporary media only; the Official Account\'s lists the permanent actions', () => {
	const actions = (app: 'officialAccount' | 'miniProgram') => {
		const operation = mediaResource(app).description.find((p: INodeProperties) => p.name === 'operation');
		return ((operation?.options ?? []) as INodePropertyOptions[]).map((o) => o.value);
	};
	expect(actions('miniProgram')).toEqual(['download', 'upload']);
	expect(actions('officialAccount')).toEqual(['addMaterial', 'countMaterials', 'deleteMaterial', 'download', 'getAllMaterials', 'getMaterial', 'upload', 'uploadArticleImage']);
	expect(Object.keys(mediaResource('miniProgram').operations)).toEqual(['download', 'upload']);
});
