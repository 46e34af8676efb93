/**
 * Permanent material and article images (Official Account > Media) against the WeChat simulator over real
 * HTTP: add (image bytes intact with name and extension; a video with its title and introduction in the
 * description field), count per type, get many (20 per call, Return All / Limit), get back (bytes equal; a
 * video's JSON), delete; an article image's URL serves the bytes. Bad input: wrong type, too large, missing
 * binary field, empty or unknown media ID, each a clear error naming the field; nothing sent for that item.
 */
import axios from 'axios';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { AddMaterial, CountMaterials, DeleteMaterial, GetManyMaterials, GetMaterial, UploadArticleImage } from '../../../helpers/appNodes';
import { binaryOf, executeContext, simulatorStore } from '../../../helpers/n8nContext';
import { FAST_RETRIES, useSimulator } from '../../../helpers/simulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEFAULT_APPS } = require('../../../../tools/simulator');

const sim = useSimulator();
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const JPG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 7), Buffer.from([0xff, 0xd9])]);
const MP4 = Buffer.concat([Buffer.from('000000186674797069736f6d', 'hex'), Buffer.alloc(500, 3)]);

type ActionClass = new () => { execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> };
type Binaries = Array<Record<string, ReturnType<typeof binaryOf>> | undefined>;

async function run(action: ActionClass, parameters: Record<string, unknown>, items: IDataObject[] = [{}], binaries: Binaries = [], continueOnFail = false) {
	const ctx = executeContext({
		store: simulatorStore(sim, { oa: DEFAULT_APPS.oa }),
		items,
		binaries,
		parameters: (name: string) => parameters[name],
		retryDelaysMs: FAST_RETRIES,
		continueOnFail,
	});
	return (await new action().execute.call(ctx as IExecuteFunctions))[0];
}
const fail = async (promise: Promise<unknown>) => await promise.then(() => new Error('no error'), (e: Error) => e);
const noCalls = (...paths: string[]) => paths.forEach((path) => expect(sim.calls[path]).toBeUndefined());

test('add an image, count, list, get it back (bytes equal), delete it: one call each, the library empty again', async () => {
	const [added] = await run(AddMaterial, { mediaType: 'image', binaryPropertyName: 'data' }, [{}], [{ data: binaryOf(PNG, 'chart', 'image/png') }]);
	const [stored] = sim.materials;
	expect(stored).toMatchObject({ appId: DEFAULT_APPS.oa.appId, type: 'image', fileName: 'chart.png', contentType: 'image/png' });
	expect(stored.data.equals(PNG)).toBe(true);
	expect(added.json).toEqual({ mediaId: stored.mediaId, type: 'image', fileName: 'chart.png', size: PNG.length, url: stored.url });
	// The image's URL serves the bytes (WeChat: usable inside Tencent's domains).
	expect(Buffer.from((await axios.get(stored.url, { responseType: 'arraybuffer' })).data).equals(PNG)).toBe(true);

	const [count] = await run(CountMaterials, {});
	expect(count.json).toEqual({ voice_count: 0, video_count: 0, image_count: 1, news_count: 0 });

	const listed = await run(GetManyMaterials, { materialType: 'image', returnAll: true });
	expect(listed.map((o) => o.json)).toEqual([{ type: 'image', media_id: stored.mediaId, name: 'chart.png', update_time: stored.updateTime, url: stored.url }]);

	const [got] = await run(GetMaterial, { mediaId: stored.mediaId, binaryPropertyName: 'file' });
	expect(got.json).toEqual({ mediaId: stored.mediaId, fileName: `${stored.mediaId}.png`, mimeType: 'image/png', size: PNG.length });
	expect(Buffer.from(got.binary!.file.data, 'base64').equals(PNG)).toBe(true);

	const [deleted] = await run(DeleteMaterial, { mediaId: stored.mediaId });
	expect(deleted.json).toEqual({ mediaId: stored.mediaId, deleted: true });
	expect(sim.materials).toEqual([]);
	for (const path of ['add_material', 'get_materialcount', 'batchget_material', 'get_material', 'del_material']) expect(sim.calls[`/cgi-bin/material/${path}`]).toBe(1);
});

test('a video goes up with its title and introduction (the description field); get answers its JSON and down_url', async () => {
	const parameters = { mediaType: 'video', binaryPropertyName: 'data', title: 'Unboxing', introduction: 'Our new kettle' };
	const [added] = await run(AddMaterial, parameters, [{}], [{ data: binaryOf(MP4, 'clip.mp4', 'video/mp4') }]);
	const [stored] = sim.materials;
	expect(stored).toMatchObject({ type: 'video', title: 'Unboxing', introduction: 'Our new kettle', fileName: 'clip.mp4' });
	expect(added.json).toEqual({ mediaId: stored.mediaId, type: 'video', fileName: 'clip.mp4', size: MP4.length });
	const [got] = await run(GetMaterial, { mediaId: stored.mediaId, binaryPropertyName: 'data' });
	expect(got.json).toEqual({ mediaId: stored.mediaId, type: 'video', title: 'Unboxing', description: 'Our new kettle', down_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/sim-cdn\/video\?id=/) });
	expect(got.binary).toBeUndefined();
	expect(Buffer.from((await axios.get(got.json.down_url as string, { responseType: 'arraybuffer' })).data).equals(MP4)).toBe(true);
	const news = sim.addNewsMaterial(DEFAULT_APPS.oa.appId, [{ title: 'Spring sale', url: 'https://example.com/a' }]);
	const [article] = await run(GetMaterial, { mediaId: news });
	expect(article.json).toEqual({ mediaId: news, type: 'news', news_item: [{ title: 'Spring sale', url: 'https://example.com/a' }] });
});

test('counted per type (thumbs with images); Get Many pages 20 per call: Limit 45 takes 3 calls, Return All reads to the end', async () => {
	const images = Array.from({ length: 47 }, (_, i) => ({ data: binaryOf(Buffer.concat([PNG, Buffer.from([i])]), `p${i}.png`, 'image/png') }));
	const added = await run(AddMaterial, { mediaType: 'image', binaryPropertyName: 'data' }, images.map(() => ({})), images);
	await run(AddMaterial, { mediaType: 'thumb', binaryPropertyName: 'data' }, [{}], [{ data: binaryOf(JPG, 'cover.jpg', 'image/jpeg') }]);
	await run(AddMaterial, { mediaType: 'voice', binaryPropertyName: 'data' }, [{}], [{ data: binaryOf(Buffer.alloc(50, 1), 'hello.wav', 'audio/wav') }]);
	expect(sim.calls['/cgi-bin/material/add_material']).toBe(49);
	expect((await run(CountMaterials, {}))[0].json).toEqual({ voice_count: 1, video_count: 0, image_count: 48, news_count: 0 });

	const limited = await run(GetManyMaterials, { materialType: 'image', returnAll: false, limit: 45 });
	expect(limited).toHaveLength(45);
	expect(sim.calls['/cgi-bin/material/batchget_material']).toBe(3);
	expect(limited[0].json.name).toBe('cover.jpg'); // newest first
	sim.reset();
	// reset() cleared the library: add again through the node, then Return All.
	await run(AddMaterial, { mediaType: 'image', binaryPropertyName: 'data' }, images.map(() => ({})), images);
	const all = await run(GetManyMaterials, { materialType: 'image', returnAll: true });
	expect(all.map((o) => o.json.media_id).sort()).toEqual(sim.materials.map((m: IDataObject) => m.mediaId).sort());
	expect(sim.calls['/cgi-bin/material/batchget_material']).toBe(3); // 20 + 20 + 7
	expect(added).toHaveLength(47);
});

test('Upload an article image: a jpg under 1 MB gives a URL that serves its bytes; it is not in the library', async () => {
	const [out] = await run(UploadArticleImage, { binaryPropertyName: 'data' }, [{}], [{ data: binaryOf(JPG, 'inline.jpg', 'image/jpeg') }]);
	const [image] = sim.articleImages;
	expect(out.json).toEqual({ url: image.url, fileName: 'inline.jpg', size: JPG.length });
	expect(Buffer.from((await axios.get(image.url, { responseType: 'arraybuffer' })).data).equals(JPG)).toBe(true);
	expect(sim.materialCount(DEFAULT_APPS.oa.appId).image_count).toBe(0);
});

test.each([
	['a .gif article image', UploadArticleImage, { binaryPropertyName: 'data' }, binaryOf(PNG, 'anim.gif', 'image/gif'),
		'Binary field "data" (Input Binary Field) is a .gif file; WeChat takes an image only as jpg, jpeg, png', '/cgi-bin/media/uploadimg'],
	['an article image of 1 MB', UploadArticleImage, { binaryPropertyName: 'data' }, binaryOf(Buffer.alloc(1024 * 1024), 'big.png', 'image/png'),
		'Binary field "data" (Input Binary Field) is 1.0 MB (1048576 bytes); WeChat takes an image of under 1 MB (at most 1048575 bytes)', '/cgi-bin/media/uploadimg'],
	['a permanent voice over 2 MB', AddMaterial, { mediaType: 'voice', binaryPropertyName: 'data' }, binaryOf(Buffer.alloc(2 * 1024 * 1024 + 1), 'long.mp3', 'audio/mpeg'),
		'Binary field "data" (Input Binary Field) is 2.0 MB (2097153 bytes); WeChat takes a voice of at most 2 MB (2097152 bytes)', '/cgi-bin/material/add_material'],
	['a permanent thumb as png', AddMaterial, { mediaType: 'thumb', binaryPropertyName: 'data' }, binaryOf(PNG, 't.png', 'image/png'),
		'Binary field "data" (Input Binary Field) is a .png file; WeChat takes a thumb only as jpg, jpeg', '/cgi-bin/material/add_material'],
	['a video without a title', AddMaterial, { mediaType: 'video', binaryPropertyName: 'data', title: ' ' }, binaryOf(MP4, 'v.mp4', 'video/mp4'),
		'Title is empty: WeChat lists a permanent video by its title', '/cgi-bin/material/add_material'],
	['a missing binary field', AddMaterial, { mediaType: 'image', binaryPropertyName: 'photo' }, binaryOf(PNG, 'a.png', 'image/png'),
		"The item has no binary field 'photo' [item 0]", '/cgi-bin/material/add_material'],
] as const)('bad input, %s: a clear error before any call', async (_name, action, parameters, binary, message, path) => {
	const error = await fail(run(action, parameters, [{}], [{ data: binary }]));
	expect(error.message).toBe(message);
	noCalls(path);
});

test('the size error says WeChat\'s answer otherwise (45001) and the limit; with Continue On Fail the good item still goes', async () => {
	const binaries = [{ data: binaryOf(Buffer.alloc(64 * 1024 + 1), 'cover.jpg', 'image/jpeg') }, { data: binaryOf(JPG, 'ok.jpg', 'image/jpeg') }];
	const error = await fail(run(AddMaterial, { mediaType: 'thumb', binaryPropertyName: 'data' }, [{}, {}], binaries));
	expect(error).toMatchObject({ description: 'Make the file smaller (compress or resize it) to at most 64 KB (WeChat answers errcode 45001 otherwise).' });
	noCalls('/cgi-bin/material/add_material');
	const out = await run(AddMaterial, { mediaType: 'thumb', binaryPropertyName: 'data' }, [{}, {}], binaries, true);
	expect(out[0].json.error).toMatch(/^Binary field "data" \(Input Binary Field\) is 64\.0 KB/);
	expect(out[1].json).toMatchObject({ type: 'thumb', fileName: 'ok.jpg' });
	expect(sim.calls['/cgi-bin/material/add_material']).toBe(1);
});

test('get or delete an unknown media ID: an error naming the Media ID and WeChat\'s 40007, no token shown; an empty one sends nothing', async () => {
	for (const action of [GetMaterial, DeleteMaterial]) {
		const error = await fail(run(action, { mediaId: 'NO_SUCH_MEDIA', binaryPropertyName: 'data' }));
		expect(error).toMatchObject({
			message: 'Media ID "NO_SUCH_MEDIA" is not a permanent material of this account',
			description: expect.stringMatching(/^WeChat errcode 40007: invalid media_id rid: \S+\. Use a media_id from "Add a permanent material"/),
		});
		expect(JSON.stringify(error)).not.toContain(sim.currentStableToken());
	}
	sim.reset();
	for (const action of [GetMaterial, DeleteMaterial]) {
		expect((await fail(run(action, { mediaId: '  ' }))).message).toBe('Media ID is empty');
	}
	expect(sim.calls).toEqual({});
});

test('the simulator answers WeChat\'s errcodes when a client skips the checks: 40004, 40113, 45001, 40007', async () => {
	const token = (await axios.post(`${sim.url}/cgi-bin/stable_token`, { grant_type: 'client_credential', appid: DEFAULT_APPS.oa.appId, secret: DEFAULT_APPS.oa.secret })).data.access_token;
	const upload = async (path: string, fileName: string, data: Buffer) => {
		const form = new FormData();
		form.append('media', new Blob([data]), fileName);
		return (await axios.post(`${sim.url}${path}&access_token=${token}`, form)).data.errcode;
	};
	expect(await upload('/cgi-bin/material/add_material?type=file', 'a.png', PNG)).toBe(40004);
	expect(await upload('/cgi-bin/material/add_material?type=image', 'noextension', PNG)).toBe(40113);
	expect(await upload('/cgi-bin/material/add_material?type=thumb', 'big.jpg', Buffer.alloc(64 * 1024 + 1))).toBe(45001);
	expect(await upload('/cgi-bin/media/uploadimg?x=1', 'big.png', Buffer.alloc(1024 * 1024))).toBe(45001);
	const get = await axios.post(`${sim.url}/cgi-bin/material/get_material?access_token=${token}`, { media_id: 'nope' });
	expect(get.data.errcode).toBe(40007);
	const list = await axios.post(`${sim.url}/cgi-bin/material/batchget_material?access_token=${token}`, { type: 'file', offset: 0, count: 20 });
	expect(list.data.errcode).toBe(40004);
});
