/**
 * Draft and Publication against the simulator: a draft created from a binary cover (uploaded as a permanent
 * image first), read, listed, counted, updated, deleted; published with "Wait for Result" (the job's back-off
 * polling) and read back; 48001 explained for unverified accounts; bad input refused before any call.
 */
import { runAction } from '../../../helpers/growth';
import { binaryOf } from '../../../helpers/n8nContext';
import { useSimulator } from '../../../helpers/simulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEFAULT_APPS } = require('../../../../tools/simulator');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { patternPng } = require('../../../../tools/simulator/png');

const sim = useSimulator({ followers: 10 });
const OA = DEFAULT_APPS.oa.appId;
const cover = () => ({ data: binaryOf(patternPng('cover'), 'cover.png', 'image/png') });
const IMG = 'https://mmbiz.qpic.cn/mmbiz_png/abc/0?wx_fmt=png';
const article = (extra: Record<string, unknown> = {}) => ({
	title: 'Spring sale',
	content: `<p>Everything -20%</p><img src="${IMG}">`,
	coverSource: 'binary',
	coverBinaryField: 'data',
	additionalFields: { author: 'Shop', digest: 'Spring sale, 20% off', openComment: true },
	...extra,
});
const draft = (operation: string, parameters: Record<string, unknown>, withCover = true) =>
	runAction(sim, 'oa', 'draft', operation, parameters, { binaries: withCover ? [cover()] : undefined });
const publication = (operation: string, parameters: Record<string, unknown>) => runAction(sim, 'oa', 'publication', operation, parameters);
const apiCalls = () => Object.fromEntries(Object.entries(sim.calls as Record<string, number>).filter(([p]) => p !== '/cgi-bin/stable_token'));

test('a draft from a binary cover: create, get, get many, count, update, delete', async () => {
	const [created] = await draft('create', article());
	const mediaId = String(created.json.mediaId);
	expect(sim.materials).toEqual([expect.objectContaining({ mediaId: created.json.coverMediaId, type: 'image' })]);
	expect(sim.draftsOf(OA)).toEqual([{ mediaId, articles: [expect.objectContaining({ title: 'Spring sale', thumb_media_id: created.json.coverMediaId, need_open_comment: 1, digest: 'Spring sale, 20% off' })] }]);
	const [got] = await draft('get', { draftId: mediaId });
	expect(got.json).toMatchObject({ mediaId, articles: [{ title: 'Spring sale', author: 'Shop', openComment: true, coverMediaId: created.json.coverMediaId }] });
	await draft('create', article({ title: 'Second', coverSource: 'mediaId', coverMediaId: created.json.coverMediaId }), false);
	const many = await draft('getAll', { returnAll: true, includeContent: false });
	expect(many.map((o) => o.json.articles)).toHaveLength(2);
	expect(many[0].json.articles).toEqual([expect.not.objectContaining({ content: expect.anything() })]);
	expect((await draft('getAll', { returnAll: false, limit: 1 })).length).toBe(1);
	expect((await draft('count', {}))[0].json).toEqual({ total: 2 });
	await draft('update', { draftId: mediaId, articleIndex: 0, ...article({ title: 'Spring sale (updated)', coverSource: 'mediaId', coverMediaId: created.json.coverMediaId }) }, false);
	expect(sim.draftsOf(OA)[0].articles[0].title).toBe('Spring sale (updated)');
	expect((await draft('delete', { draftId: mediaId }))[0].json).toEqual({ mediaId, deleted: true });
	await expect(draft('get', { draftId: mediaId })).rejects.toThrow('The Media ID is not valid: no such draft');
});

test('publish with Wait for Result; the article read back and listed; status; delete', async () => {
	const [created] = await draft('create', article());
	const [published] = await publication('publish', { draftId: created.json.mediaId, waitForResult: true, maxWaitSeconds: 30 });
	expect(published.json).toMatchObject({ draftId: created.json.mediaId, status: 'published', publishStatus: 0, articleId: expect.any(String), articleUrls: [expect.stringMatching(/^https:\/\/mp\.weixin\.qq\.com\/s\//)] });
	expect(sim.calls['/cgi-bin/freepublish/get']).toBeGreaterThanOrEqual(1);
	const articleId = String(published.json.articleId);
	expect(sim.publishedOf(OA)).toEqual([{ articleId, articles: [expect.objectContaining({ title: 'Spring sale' })] }]);
	expect((await publication('getArticle', { articleId }))[0].json).toMatchObject({ articleId, articles: [{ title: 'Spring sale', url: expect.any(String) }] });
	expect((await publication('getAll', { returnAll: true }))[0].json).toMatchObject({ articleId });
	expect((await publication('getStatus', { publishId: published.json.publishId }))[0].json).toMatchObject({ status: 'published', articleId });
	// Without waiting: the job's ID at once, the status says publishing.
	const [second] = await draft('create', article({ title: 'Later' }));
	const [queued] = await publication('publish', { draftId: second.json.mediaId, waitForResult: false });
	expect(queued.json).toMatchObject({ status: 'publishing', publishId: expect.any(String) });
	expect((await publication('delete', { articleId, articleIndex: 0 }))[0].json).toEqual({ articleId, index: 0, deleted: true });
});

test('48001 for an unverified account, explained', async () => {
	const [created] = await draft('create', article());
	sim.setVerified(OA, false);
	await expect(publication('publish', { draftId: created.json.mediaId, waitForResult: true })).rejects.toMatchObject({
		message: expect.stringMatching(/^This account may not publish through the API/),
		description: expect.stringContaining('Since July 2025 WeChat lets only verified accounts publish'),
	});
});

test('bad input: cover missing, digest too long, images not on WeChat: named, nothing sent', async () => {
	const before = apiCalls();
	await expect(draft('create', article(), false)).rejects.toThrow('The cover is missing: the item has no binary field "data" (Cover Binary Field)');
	await expect(draft('create', article({ coverSource: 'mediaId', coverMediaId: '' }), false)).rejects.toThrow('Cover Media ID is empty');
	await expect(draft('create', article({ additionalFields: { digest: 'x'.repeat(121) } }))).rejects.toThrow('Digest is too long (121 characters)');
	await expect(draft('create', article({ content: '<img src="https://cdn.example.com/a.png"><img src="' + IMG + '">' }))).rejects.toThrow(
		'Content (HTML) has 1 image(s) not uploaded to WeChat: https://cdn.example.com/a.png',
	);
	await expect(draft('create', article({ title: '' }))).rejects.toThrow('Title is empty');
	await expect(draft('get', { draftId: '' }, false)).rejects.toThrow('Draft ID is empty');
	await expect(publication('getStatus', { publishId: '' })).rejects.toThrow('Publish ID is empty');
	expect(apiCalls()).toEqual(before);
});
