/**
 * Media against the WeChat simulator over real HTTP: an upload's bytes arrive intact with a file name and
 * extension, the answer carries mediaId/expiresAt; a download returns the same bytes in a binary field; a
 * media ID that does not exist is a clear error naming the field; a customer-service image from a binary
 * field is uploaded once (the same bytes once per run) and its media_id sent; the Mini Program node too.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { DownloadMedia, SendCustomerServiceMessage, SendMiniProgramCustomerServiceMessage, UploadMedia, UploadMiniProgramMedia } from '../../../helpers/appNodes';
import { binaryOf, executeContext, simulatorStore } from '../../../helpers/n8nContext';
import { FAST_RETRIES, useSimulator } from '../../../helpers/simulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEFAULT_APPS } = require('../../../../tools/simulator');

const sim = useSimulator({ followers: 20 });
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const JPG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 7), Buffer.from([0xff, 0xd9])]);

type ActionClass = new () => { execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> };
type Binaries = Array<Record<string, ReturnType<typeof binaryOf>> | undefined>;

async function run(action: ActionClass, parameters: Record<string, unknown>, items: IDataObject[], binaries: Binaries = [], apps = { oa: DEFAULT_APPS.oa, mp: DEFAULT_APPS.mp }) {
	const ctx = executeContext({ store: simulatorStore(sim, apps), items, binaries, parameters: (name: string) => parameters[name], retryDelaysMs: FAST_RETRIES });
	return { out: (await new action().execute.call(ctx as IExecuteFunctions))[0], ctx };
}

test('Upload: the bytes arrive intact, with the file name and extension; mediaId, type, expiresAt = created + 3 days', async () => {
	const { out } = await run(UploadMedia, { mediaType: 'image', binaryPropertyName: 'data' }, [{}], [{ data: binaryOf(PNG, 'chart', 'image/png') }]);
	const [stored] = sim.uploadedMedia;
	expect(stored).toMatchObject({ appId: DEFAULT_APPS.oa.appId, type: 'image', fileName: 'chart.png', contentType: 'image/png' });
	expect(stored.data.equals(PNG)).toBe(true);
	const json = out[0].json;
	expect(json).toEqual({ mediaId: stored.mediaId, type: 'image', createdAt: expect.any(String), expiresAt: expect.any(String) });
	expect(Date.parse(json.expiresAt as string) - Date.parse(json.createdAt as string)).toBe(3 * 24 * 3600 * 1000);
	expect(Date.parse(json.createdAt as string) / 1000).toBe(stored.createdAt);
});

test('Upload: the same bytes in one run go up once; a thumb answers thumb_media_id', async () => {
	const { out } = await run(UploadMedia, { mediaType: 'thumb', binaryPropertyName: 'data' }, [{}, {}, {}], [
		{ data: binaryOf(JPG, 'a.jpg', 'image/jpeg') },
		{ data: binaryOf(JPG, 'b.jpg', 'image/jpeg') },
		{ data: binaryOf(Buffer.concat([JPG, Buffer.from([1])]), 'c.jpg', 'image/jpeg') },
	]);
	expect(sim.calls['/cgi-bin/media/upload']).toBe(2);
	expect(out[0].json.mediaId).toBe(out[1].json.mediaId);
	expect(out[2].json.mediaId).not.toBe(out[0].json.mediaId);
	expect(out.map((o) => o.json.type)).toEqual(['thumb', 'thumb', 'thumb']);
});

test('Download: the uploaded bytes come back in the binary field, with WeChat\'s file name', async () => {
	const { out: up } = await run(UploadMedia, { mediaType: 'image', binaryPropertyName: 'data' }, [{}], [{ data: binaryOf(PNG, 'chart.png', 'image/png') }]);
	const mediaId = up[0].json.mediaId as string;
	const { out } = await run(DownloadMedia, { mediaId, binaryPropertyName: 'file' }, [{}]);
	expect(out[0].json).toEqual({ mediaId, fileName: `${mediaId}.png`, mimeType: 'image/png', size: PNG.length });
	expect(Buffer.from(out[0].binary!.file.data, 'base64').equals(PNG)).toBe(true);
	expect(out[0].pairedItem).toEqual({ item: 0 });
});

test('Download: a media ID that does not exist is an error naming it, WeChat\'s errmsg kept, no token shown', async () => {
	const error = await run(DownloadMedia, { mediaId: 'NO_SUCH_MEDIA', binaryPropertyName: 'data' }, [{}]).catch((e: Error) => e);
	expect(error).toMatchObject({
		message: 'The media ID does not exist (or has expired) (downloading media NO_SUCH_MEDIA)',
		description: expect.stringMatching(/^WeChat errcode 40007: invalid media_id rid: \S+\. Temporary media lives 3 days/),
	});
	expect(JSON.stringify(error)).not.toContain(sim.currentStableToken());
});

test('Customer-service image from a binary field: uploaded once per content, the media_id sent; the simulator has the bytes', async () => {
	const users = [1, 2, 3].map((i) => sim.person(i).oaOpenId as string);
	for (const user of users) sim.userInteraction(DEFAULT_APPS.oa.appId, user, 'message');
	const parameters = { messageType: 'image', mediaSource: 'binary', binaryPropertyName: 'data', options: { concurrency: 1 } };
	const items = users.map((openid) => ({ openid }));
	const binaries = [{ data: binaryOf(PNG, 'a.png', 'image/png') }, { data: binaryOf(PNG, 'a.png', 'image/png') }, { data: binaryOf(JPG, 'b.jpg', 'image/jpeg') }];
	const ctx = executeContext({
		store: simulatorStore(sim, { oa: DEFAULT_APPS.oa }),
		items,
		binaries,
		parameters: (name: string, i: number) => (name === 'touser' ? items[i].openid : (parameters as IDataObject)[name]),
		retryDelaysMs: FAST_RETRIES,
	});
	const out = (await new SendCustomerServiceMessage().execute.call(ctx as IExecuteFunctions))[0].map((o) => o.json);
	expect(out.map((o) => o.outcome)).toEqual(['sent', 'sent', 'sent']);
	expect(sim.calls['/cgi-bin/media/upload']).toBe(2);
	const [png, jpg] = sim.uploadedMedia;
	expect(png.data.equals(PNG) && jpg.data.equals(JPG)).toBe(true);
	expect(sim.customServiceDeliveries.map((d: IDataObject) => [d.touser, d.body])).toEqual([
		[users[0], { touser: users[0], msgtype: 'image', image: { media_id: png.mediaId } }],
		[users[1], { touser: users[1], msgtype: 'image', image: { media_id: png.mediaId } }],
		[users[2], { touser: users[2], msgtype: 'image', image: { media_id: jpg.mediaId } }],
	]);
});

test('Customer-service image by a Media ID that does not exist: an error naming the Media ID, nothing delivered', async () => {
	const user = sim.person(4).oaOpenId as string;
	sim.userInteraction(DEFAULT_APPS.oa.appId, user, 'message');
	const parameters = { touser: user, messageType: 'image', mediaSource: 'mediaId', mediaId: 'EXPIRED_MEDIA' };
	const error = await run(SendCustomerServiceMessage, parameters, [{}]).catch((e: Error) => e);
	expect(error).toMatchObject({ message: `The media ID does not exist (or has expired) (sending to ${user})` });
	expect(sim.customServiceDeliveries).toEqual([]);
});

test('Customer-service image: a binary too large is refused before any call', async () => {
	const user = sim.person(5).oaOpenId as string;
	const parameters = { touser: user, messageType: 'image', mediaSource: 'binary', binaryPropertyName: 'data' };
	const error = await run(SendCustomerServiceMessage, parameters, [{}], [{ data: binaryOf(Buffer.alloc(10 * 1024 * 1024 + 1), 'huge.png', 'image/png') }]).catch((e: Error) => e);
	expect(error).toMatchObject({ message: 'Binary field "data" (Input Binary Field) is 10.0 MB (10485761 bytes); WeChat takes an image of at most 10 MB (10485760 bytes)' });
	expect(sim.calls).toEqual({});
});

test('Mini Program: an image uploaded with the MP credential and sent as a customer-service image', async () => {
	const user = sim.person(6).mpOpenId as string;
	sim.userInteraction(DEFAULT_APPS.mp.appId, user, 'message');
	const { out } = await run(UploadMiniProgramMedia, { mediaType: 'image', binaryPropertyName: 'data' }, [{}], [{ data: binaryOf(PNG, 'p.png', 'image/png') }]);
	expect(sim.uploadedMedia[0]).toMatchObject({ appId: DEFAULT_APPS.mp.appId, type: 'image' });
	const parameters = { touser: user, messageType: 'image', mediaSource: 'mediaId', mediaId: out[0].json.mediaId };
	const { out: sent } = await run(SendMiniProgramCustomerServiceMessage, parameters, [{}]);
	expect(sent[0].json).toMatchObject({ outcome: 'sent', msgtype: 'image' });
});
