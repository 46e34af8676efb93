/**
 * From a verified WeChat message to the trigger's output item: which messages start the workflow, how
 * retries are recognised, and the few conveniences added to WeChat's own fields.
 */
import type { IDataObject } from 'n8n-workflow';

import { commaList } from '../items/parameters';
import { writeWeChatMeta } from './item';
import type { WeChatMeta } from './item';
import type { WeChatMessage } from './verify';

/**
 * The choices of "Trigger On". Events and message types live in separate namespaces: the LOCATION event
 * (periodic location report) and the location message (a user shares a place) are different things. The
 * `action` is how n8n's nodes panel lists the choice among the trigger's events (without it n8n writes
 * "On " + the lower-cased name: "On event menu click click").
 */
export const TRIGGER_ON_CHOICES: Array<{ name: string; value: string; action: string; description: string }> = [
	{ name: 'All Messages and Events', value: '*', action: 'On any message or event', description: 'Every callback WeChat sends' },
	{ name: 'Event: Follow (Subscribe)', value: 'event:subscribe', action: 'On follow', description: 'A user follows the account, also by scanning a QR code with a scene value' },
	{ name: 'Event: Unfollow (Unsubscribe)', value: 'event:unsubscribe', action: 'On unfollow', description: 'A user unfollows the account' },
	{ name: 'Event: QR Code Scan by Follower (SCAN)', value: 'event:SCAN', action: 'On QR code scan by a follower', description: 'A follower scans a QR code with a scene value' },
	{ name: 'Event: Menu Click (CLICK)', value: 'event:CLICK', action: 'On menu click', description: 'A user taps a custom menu button of type click' },
	{ name: 'Event: Menu Link (VIEW)', value: 'event:VIEW', action: 'On menu link tap', description: 'A user taps a custom menu button that opens a link' },
	{ name: 'Event: Location Report (LOCATION)', value: 'event:LOCATION', action: 'On location report', description: 'Periodic location report of a user who allowed it' },
	{ name: 'Event: Mass Send Finished (MASSSENDJOBFINISH)', value: 'event:MASSSENDJOBFINISH', action: 'On mass send finished', description: 'Result of a mass send: TotalCount, FilterCount, SentCount, ErrorCount (numbers)' },
	{ name: 'Event: Publish Finished (PUBLISHJOBFINISH)', value: 'event:PUBLISHJOBFINISH', action: 'On publish finished', description: 'Result of Publication > Publish: PublishEventInfo with publish_id, publish_status (0 published) and article_id' },
	{ name: 'Event: Template Message Result (TEMPLATESENDJOBFINISH)', value: 'event:TEMPLATESENDJOBFINISH', action: 'On template message result', description: 'Delivery result of a template message' },
	{ name: 'Event: Subscribe Message Popup', value: 'event:subscribe_msg_popup_event', action: 'On subscribe message popup answer', description: 'A user accepted or rejected subscribe messages in the popup' },
	{ name: 'Event: Subscribe Message Change', value: 'event:subscribe_msg_change_event', action: 'On subscribe message setting change', description: 'A user changed subscribe message settings' },
	{ name: 'Event: Subscribe Message Sent', value: 'event:subscribe_msg_sent_event', action: 'On subscribe message result', description: 'Delivery result of a subscribe message' },
	{ name: 'Subscription Decision (One Item per Template)', value: 'subscription:decision', action: 'On subscription decision', description: 'A user accepted, rejected or turned off a subscribe template (popup or settings change): one item per template with openid, templateId and status, ready for a subscription ledger' },
	{ name: 'Subscribe Message Result (One Item per Message)', value: 'subscription:result', action: 'On subscribe message delivery', description: 'Delivery results of subscribe messages: one item per message with openid, templateId, status sent/failed and errorCode' },
	{ name: 'Message: Text', value: 'message:text', action: 'On text message', description: 'A user sends text' },
	{ name: 'Message: Image', value: 'message:image', action: 'On image message', description: 'A user sends an image' },
	{ name: 'Message: Voice', value: 'message:voice', action: 'On voice message', description: 'A user sends a voice message' },
	{ name: 'Message: Video', value: 'message:video', action: 'On video message', description: 'A user sends a video' },
	{ name: 'Message: Short Video', value: 'message:shortvideo', action: 'On short video message', description: 'A user sends a short video' },
	{ name: 'Message: Location', value: 'message:location', action: 'On location message', description: 'A user shares a location' },
	{ name: 'Message: Link', value: 'message:link', action: 'On link message', description: 'A user shares a link' },
];

/** Where WeChat puts lists that come as one object when they hold one entry: always arrays in the output. */
const LIST_PATHS: string[][] = [
	['SubscribeMsgPopupEvent', 'List'],
	['SubscribeMsgChangeEvent', 'List'],
	['SubscribeMsgSentEvent', 'List'],
	// JSON pushes (Mini Programs) put the subscribe events' list at the top level.
	['List'],
	['SendPicsInfo', 'PicList', 'item'],
	['CopyrightCheckResult', 'ResultList', 'item'],
];

/** Counts WeChat sends as XML text that come out as numbers (MASSSENDJOBFINISH). */
const NUMBER_FIELDS = ['TotalCount', 'FilterCount', 'SentCount', 'ErrorCount'];

function field(message: WeChatMessage, name: string): string {
	const value = message[name];
	return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function isEvent(message: WeChatMessage): boolean {
	const msgType = field(message, 'MsgType');
	return msgType ? msgType.toLowerCase() === 'event' : field(message, 'Event') !== '';
}

/** Comma-separated names from "Other Events or Message Types". */
export function parseNames(value: unknown): string[] {
	return commaList(value).map((name) => name.toLowerCase());
}

/**
 * Whether this message starts the workflow. Names compare case-insensitively. `others` are event names
 * or message types typed by the user (e.g. MASSSENDJOBFINISH, scancode_push, debug_demo). Nothing
 * selected at all means everything.
 */
export function matchesTriggerOn(message: WeChatMessage, selected: string[], others: string[]): boolean {
	if (selected.length === 0 && others.length === 0) return true;
	if (selected.includes('*')) return true;
	const event = isEvent(message);
	const name = (event ? field(message, 'Event') : field(message, 'MsgType')).toLowerCase();
	const wanted = `${event ? 'event' : 'message'}:${name}`;
	if (selected.some((value) => value.toLowerCase() === wanted)) return true;
	return name !== '' && others.includes(name);
}

/**
 * What WeChat's retries of one message share: the MsgId (MsgID in template results), else
 * FromUserName + CreateTime + Event + EventKey. Undefined when the message carries none of these.
 */
export function messageKey(message: WeChatMessage): string | undefined {
	const from = field(message, 'FromUserName');
	const msgId = field(message, 'MsgId') || field(message, 'MsgID');
	if (msgId) return `msg|${from}|${msgId}`;
	const createTime = field(message, 'CreateTime');
	if (!createTime) return undefined;
	return `evt|${from}|${createTime}|${field(message, 'Event')}|${field(message, 'EventKey')}`;
}

function normaliseList(target: Record<string, unknown>, path: string[]): void {
	let parent: unknown = target;
	for (const name of path.slice(0, -1)) {
		if (!parent || typeof parent !== 'object' || Array.isArray(parent)) return;
		parent = (parent as Record<string, unknown>)[name];
	}
	if (!parent || typeof parent !== 'object' || Array.isArray(parent)) return;
	const container = parent as Record<string, unknown>;
	const last = path[path.length - 1];
	if (!Object.prototype.hasOwnProperty.call(container, last)) return;
	const value = container[last];
	if (Array.isArray(value)) return;
	// An empty element (<List></List>) is an empty list, not a list holding an empty string.
	container[last] = value === '' || value === null || value === undefined ? [] : [value];
}

/** A deep copy with own properties only, so nothing in the message can reach a prototype. */
function copy(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(copy);
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [key, child] of Object.entries(value)) {
			if (key === '__proto__') continue;
			out[key] = copy(child);
		}
		return out;
	}
	return value;
}

/**
 * The output item: WeChat's fields under WeChat's names, lists always arrays, the QR scene value of a
 * follow or scan as `qrScene`, and `_wechat` (how the message came: never a secret).
 */
export function toOutputJson(message: WeChatMessage, meta: WeChatMeta): IDataObject {
	const json = copy(message) as Record<string, unknown>;
	for (const path of LIST_PATHS) normaliseList(json, path);
	if (isEvent(message)) {
		const event = field(message, 'Event');
		const eventKey = field(message, 'EventKey');
		// A follow through a QR code carries "qrscene_<scene>"; a follower's scan carries the scene itself.
		if (event.toLowerCase() === 'subscribe' && eventKey.startsWith('qrscene_')) {
			json.qrScene = eventKey.slice('qrscene_'.length);
		} else if (event === 'SCAN' && eventKey !== '') {
			json.qrScene = eventKey;
		}
		if (event === 'MASSSENDJOBFINISH') {
			for (const name of NUMBER_FIELDS) if (typeof json[name] === 'string' && /^\d+$/.test(json[name] as string)) json[name] = Number(json[name]);
		}
	}
	writeWeChatMeta(json as IDataObject, meta);
	return json as IDataObject;
}
