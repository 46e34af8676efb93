'use strict';
/**
 * Issue #17 in a real n8n 2.41.1 (one instance for the file; skipped on the 1.x line: the actions are plain
 * HTTP calls the integration tests cover, this file shows them inside n8n once) against the simulator:
 * - examples/token-server.json: no or a wrong header -> 403 from n8n's Header Auth, nothing fetched; 20 concurrent
 *   callers -> WeChat's token, one fetch in all; the token in no execution row and no n8n log line;
 * - a campaign QR code created by a workflow (the picture as the webhook's binary answer), a scan pushed
 *   by the simulator as WeChat does (follow with qrscene_, SCAN for a follower), the WeChat Trigger gives
 *   the scene and the workflow tags the follower with the campaign's tag;
 * - a Mini Program phone number from a button code, and the same code refused the second time with
 *   a clear error item (40029 explained).
 * - a draft created from a binary cover, published with "Wait for Result", PUBLISHJOBFINISH recorded by a
 *   WeChat Trigger; the simulator holds the published article.
 * Needs `npm run build` first.
 */
const axios = require('axios');
const { N8nInstance } = require('../../tools/n8n');
const { startSimulator, DEFAULT_APPS } = require('../../tools/simulator');
const { seedOf } = require('../../tools/simulator/png');
const { apiCredential, callbackCredential, example, node } = require('../../tools/workflows');

const N8N_VERSION = '2.41.1';
const project = process.env.E2E_N8N_VERSION || N8N_VERSION;
const runs = project === N8N_VERSION;
if (!runs) process.stdout.write(`test/e2e/growth.test.js: skipped on n8n ${project} (runs on ${N8N_VERSION} only)\n`);

const OA_REF = { id: 'wechatOaExample', name: 'WeChat Official Account' };
const MP_REF = { id: 'wechatMpExample', name: 'WeChat Mini Program' };
const CALLBACK_REF = { id: 'wechatCallbackExample', name: 'WeChat Callback' };
const HEADER_REF = { id: 'tokenServerHeaderAuth', name: 'Token Server Key' };
const HEADER = { name: 'X-Token-Server-Key', value: 'e2e-token-server-key-7f3a9c' };
const WECHAT = { appId: DEFAULT_APPS.oa.appId, token: 'e2eGrowthToken17', encodingAesKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR' };
const SCENE = 'spring-sale-2026';
const TRIGGER_WEBHOOK_ID = '6a1f3c20-8d4e-4b7a-9c11-0000000017bb';
const FOLLOWERS = 10;

const OA = (name, x, parameters, extra = {}) =>
	node(name, 'n8n-nodes-wechat-platform.weChatOfficialAccount', x, parameters, { typeVersion: 1.1, credentials: { weChatOfficialAccountApi: OA_REF }, ...extra });
const webhook = (name, path, parameters = {}) =>
	node(name, 'n8n-nodes-base.webhook', 0, { httpMethod: 'POST', path, responseMode: 'lastNode', options: {}, ...parameters }, { typeVersion: 2, webhookId: `e2e-growth-${path}` });
const line = (...names) => Object.fromEntries(names.slice(0, -1).map((n, i) => [n, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]));

/** POST {scene} -> QR Code > Create (picture in "data") -> the webhook answers the picture. */
const qrWorkflow = {
	id: 'e2eGrowthQrCode',
	name: 'e2e: campaign QR code',
	nodes: [
		webhook('Campaign', 'campaign-qr', { responseData: 'firstEntryBinary', responseBinaryPropertyName: 'data' }),
		OA('Create QR Code', 260, { resource: 'qrCode', operation: 'create', codeType: 'temporary', expireSeconds: 604800, sceneType: 'text', sceneText: '={{ $json.body.scene }}', downloadImage: true, binaryPropertyName: 'data' }),
	],
	connections: line('Campaign', 'Create QR Code'),
	settings: { executionOrder: 'v1' },
};

/** The attribution flow: follow/scan with a scene -> the campaign's tag for the follower (and publish results: no tag). */
const attributionWorkflow = (tagId) => ({
	id: 'e2eGrowthAttribution',
	name: 'e2e: QR scan -> tag the follower',
	nodes: [
		node('WeChat Trigger', 'n8n-nodes-wechat-platform.weChatTrigger', 0, { responseMode: 'onReceived', triggerOn: ['event:subscribe', 'event:SCAN', 'event:PUBLISHJOBFINISH'], options: {} }, {
			webhookId: TRIGGER_WEBHOOK_ID,
			credentials: { weChatCallbackApi: CALLBACK_REF },
		}),
		node('Campaign Tag', 'n8n-nodes-base.code', 260, {
			mode: 'runOnceForAllItems',
			jsCode: `const tags = { ${JSON.stringify(SCENE)}: ${tagId} };\nreturn $input.all().filter((i) => tags[i.json.qrScene]).map((i) => ({ json: { openid: i.json.FromUserName, event: i.json.Event, scene: i.json.qrScene, tagId: tags[i.json.qrScene] } }));`,
		}),
		OA('Tag Follower', 520, { resource: 'tag', operation: 'addFollowers', tag: { __rl: true, mode: 'id', value: '={{ $json.tagId }}' }, openid: '={{ $json.openid }}', options: {} }),
	],
	connections: line('WeChat Trigger', 'Campaign Tag', 'Tag Follower'),
	settings: { executionOrder: 'v1' },
});

/** POST {code} -> Phone Number > Get From Button Code (errors continue as items) -> the webhook answers the item. */
const phoneWorkflow = {
	id: 'e2eGrowthPhone',
	name: 'e2e: Mini Program phone number',
	nodes: [
		webhook('Phone Code', 'mp-phone'),
		node('Get Phone Number', 'n8n-nodes-wechat-platform.weChatMiniProgram', 260, { resource: 'phoneNumber', operation: 'getFromCode', phoneCode: '={{ $json.body.code }}', options: {} }, {
			typeVersion: 1.1,
			credentials: { weChatMiniProgramApi: MP_REF },
			onError: 'continueRegularOutput',
		}),
	],
	connections: line('Phone Code', 'Get Phone Number'),
	settings: { executionOrder: 'v1' },
};

/** POST {title, png (base64)} -> a cover file -> Draft > Create -> Publication > Publish (wait) -> the answer. */
const publishWorkflow = {
	id: 'e2eGrowthPublish',
	name: 'e2e: draft from a binary cover, published',
	nodes: [
		webhook('Publish Request', 'publish-draft'),
		node('Cover File', 'n8n-nodes-base.convertToFile', 220, { operation: 'toBinary', sourceProperty: 'body.png', binaryPropertyName: 'data', options: { fileName: 'cover.png', mimeType: 'image/png' } }, { typeVersion: 1.1 }),
		OA('Create Draft', 440, {
			resource: 'draft',
			operation: 'create',
			title: "={{ $('Publish Request').first().json.body.title }}",
			content: '<p>Everything 20% off until Sunday.</p>',
			coverSource: 'binary',
			coverBinaryField: 'data',
			additionalFields: { author: 'Shop', digest: 'Spring sale' },
		}),
		OA('Publish', 660, { resource: 'publication', operation: 'publish', draftId: '={{ $json.mediaId }}', waitForResult: true, maxWaitSeconds: 30 }),
	],
	connections: line('Publish Request', 'Cover File', 'Create Draft', 'Publish'),
	settings: { executionOrder: 'v1' },
};

let sim;
let tagId;
const n8n = new N8nInstance({ queue: false });

(runs ? describe : describe.skip)(`issue #17 in real n8n ${N8N_VERSION}: token server, QR attribution, phone numbers`, () => {
	beforeAll(async () => {
		sim = await startSimulator({ port: 0 });
		sim.seedFollowers(FOLLOWERS);
		tagId = sim.addTag(DEFAULT_APPS.oa.appId, 'Spring sale 2026');
		await n8n.prepare();
		await n8n.importCredentials([
			apiCredential(OA_REF, 'weChatOfficialAccountApi', DEFAULT_APPS.oa, sim.url),
			apiCredential(MP_REF, 'weChatMiniProgramApi', DEFAULT_APPS.mp, sim.url),
			callbackCredential(CALLBACK_REF, WECHAT),
			{ ...HEADER_REF, type: 'httpHeaderAuth', data: HEADER },
		]);
		const workflows = [example('token-server.json'), qrWorkflow, attributionWorkflow(tagId), phoneWorkflow, publishWorkflow];
		await n8n.importWorkflows(workflows);
		for (const w of workflows) await n8n.activate(w.id);
		await n8n.start();
	}, 35 * 60_000);

	afterAll(async () => {
		await n8n.stop();
		if (sim) await sim.stop();
	}, 60_000);

	test('token server: refused (403) without the right header, nothing fetched; 20 concurrent callers get WeChat\'s token with one fetch; the token is stored nowhere else', async () => {
		const url = n8n.webhookUrl('wechat-access-token');
		const fetchesBefore = sim.tokenFetches();
		// n8n's Header Auth answers 403 both without the header and with a wrong value (not 401: n8n-nodes-base
		// Webhook/utils.js), before the workflow runs.
		const anonymous = await axios.get(url, { validateStatus: () => true });
		expect(anonymous.status).toBe(403);
		expect(JSON.stringify(anonymous.data)).not.toMatch(/access_token|90_/);
		const wrongKey = await axios.get(url, { headers: { [HEADER.name]: 'guess' }, validateStatus: () => true });
		expect(wrongKey.status).toBe(403);
		expect(JSON.stringify(wrongKey.data)).not.toMatch(/access_token|90_/);
		expect(sim.tokenFetches()).toBe(fetchesBefore);

		const started = Date.now();
		const answers = await Promise.all(Array.from({ length: 20 }, () => axios.get(url, { headers: { [HEADER.name]: HEADER.value } })));
		const ms = Date.now() - started;
		const token = sim.currentStableToken(DEFAULT_APPS.oa.appId);
		expect(token).toMatch(/^90_/);
		for (const a of answers) {
			expect(a.status).toBe(200);
			expect(a.headers['cache-control']).toBe('no-store');
			expect(a.data).toEqual({ access_token: token, expires_in: expect.any(Number) });
			expect(a.data.expires_in).toBeGreaterThan(7000);
		}
		expect(sim.tokenFetches() - fetchesBefore).toBeLessThanOrEqual(1);
		expect(sim.tokenFetches() - fetchesBefore).toBe(1);

		// A caller whose token WeChat rejected: an older one gets the current token, no fetch.
		const stale = await axios.get(`${url}?rejected=90_someone-elses-old-token`, { headers: { [HEADER.name]: HEADER.value } });
		expect(stale.data.access_token).toBe(token);
		expect(sim.tokenFetches() - fetchesBefore).toBe(1);

		// Successful runs are not saved (the example's setting) and n8n logged nothing with the token.
		await new Promise((r) => setTimeout(r, 1000));
		const rows = await n8n.sql('SELECT data FROM execution_data');
		expect(rows.some((r) => String(r.data).includes(token))).toBe(false);
		expect(n8n.log('main')).not.toContain(token);
		process.stdout.write(`real n8n ${n8n.version}: token server, 20 concurrent callers in ${ms} ms, ${sim.tokenFetches() - fetchesBefore} token fetch\n`);
	}, 120_000);

	test('a campaign QR code (picture from the workflow), scans pushed by WeChat -> the Trigger gives the scene -> the follower is tagged', async () => {
		const answer = await axios.post(n8n.webhookUrl('campaign-qr'), { scene: SCENE }, { responseType: 'arraybuffer', timeout: 60_000 });
		const [code] = sim.qrCodes();
		expect(code).toMatchObject({ scene: SCENE, permanent: false });
		const picture = Buffer.from(answer.data);
		expect(picture.subarray(1, 4).toString()).toBe('PNG');
		expect(seedOf(picture)).toBe(code.ticket);
		expect(sim.calls['/cgi-bin/showqrcode']).toBe(1);

		// Person 3 follows already (SCAN); person 10 is new and follows through the code (subscribe, qrscene_).
		const url = n8n.webhookUrl(`${TRIGGER_WEBHOOK_ID}/callback`);
		for (const i of [3, FOLLOWERS]) {
			const res = await sim.scanQrCode(url, { ticket: code.ticket, i, token: WECHAT.token, mode: 'plain' });
			expect(res.status).toBe(200);
		}
		const executions = await n8n.waitForExecutions({ workflowId: 'e2eGrowthAttribution', count: 2 });
		expect(executions.map((e) => e.status)).toEqual(['success', 'success']);
		const triggered = [];
		for (const e of executions) triggered.push(...n8n.outputOf(await n8n.executionData(e.id), 'Campaign Tag'));
		expect(triggered.map((t) => [t.event, t.scene]).sort()).toEqual([['SCAN', SCENE], ['subscribe', SCENE]]);
		expect(sim.tagsOf(DEFAULT_APPS.oa.appId).find((t) => t.id === tagId).openids.sort()).toEqual([sim.person(3).oaOpenId, sim.person(FOLLOWERS).oaOpenId].sort());
	}, 180_000);

	test('a Mini Program phone number from a button code; the same code the second time: a clear error item, nothing charged', async () => {
		const code = sim.issuePhoneCode(7);
		const post = async () => (await axios.post(n8n.webhookUrl('mp-phone'), { code }, { timeout: 60_000 })).data;
		const first = await post();
		expect(first).toMatchObject({ phoneNumber: '13900000007', purePhoneNumber: '13900000007', countryCode: '86' });
		const second = await post();
		expect(second).toMatchObject({
			error: 'The phone code is not valid: used already, older than 5 minutes, or from another Mini Program (getting the phone number of item 0)',
			errcode: 40029,
		});
		expect(second.phoneNumber).toBeUndefined();
		expect(sim.phoneNumbersCharged).toBe(1);
		expect(sim.calls['/wxa/business/getuserphonenumber']).toBe(2);
	}, 120_000);

	test('a draft from a binary cover, published with Wait for Result; PUBLISHJOBFINISH through the Trigger; the simulator holds the article', async () => {
		const { patternPng } = require('../../tools/simulator/png');
		sim.setPublishCallback({ url: n8n.webhookUrl(`${TRIGGER_WEBHOOK_ID}/callback`), token: WECHAT.token, mode: 'plain' });
		const png = patternPng('e2e-cover');
		const started = Date.now();
		const answer = (await axios.post(n8n.webhookUrl('publish-draft'), { title: 'Spring sale', png: png.toString('base64') }, { timeout: 90_000 })).data;
		const ms = Date.now() - started;
		expect(answer).toMatchObject({ status: 'published', publishStatus: 0, articleId: expect.any(String), articleUrls: [expect.any(String)] });
		// The cover went up as a permanent image, byte for byte; the draft became the published article.
		const coverMaterial = sim.materials.find((m) => m.type === 'image' && Buffer.compare(Buffer.from(m.data ?? m.bytes ?? []), png) === 0);
		expect(coverMaterial).toBeDefined();
		expect(sim.publishedOf(DEFAULT_APPS.oa.appId)).toEqual([
			{ articleId: answer.articleId, articles: [expect.objectContaining({ title: 'Spring sale', author: 'Shop', digest: 'Spring sale', thumb_media_id: coverMaterial.mediaId })] },
		]);
		expect(sim.draftsOf(DEFAULT_APPS.oa.appId)).toEqual([]);
		// The Trigger's third execution (after the two scans): the publish result, nobody tagged.
		const executions = await n8n.waitForExecutions({ workflowId: 'e2eGrowthAttribution', count: 3 });
		expect(executions.every((e) => e.status === 'success')).toBe(true);
		const items = [];
		for (const e of executions) items.push(...n8n.outputOf(await n8n.executionData(e.id), 'WeChat Trigger'));
		const item = items.find((i) => i.Event === 'PUBLISHJOBFINISH');
		expect(item).toMatchObject({ Event: 'PUBLISHJOBFINISH', PublishEventInfo: { publish_id: answer.publishId, article_id: answer.articleId } });
		process.stdout.write(`real n8n ${n8n.version}: draft from a binary cover -> published (waited) in ${ms} ms\n`);
	}, 120_000);
});
