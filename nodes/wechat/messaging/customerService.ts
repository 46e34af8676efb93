/**
 * Customer-service messages (客服消息): POST /cgi-bin/message/custom/send and /cgi-bin/message/custom/typing,
 * the same endpoints for an Official Account and a Mini Program, each with its own message types. This file
 * reads one item into WeChat's body and refuses what WeChat would refuse, naming the field and the fix; the
 * send itself is the send pipeline's (batch.ts: one item = one recipient, outcomes from outcome.ts).
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { CREDENTIAL_TYPE_OF } from '../client/transport';
import type { AppKind } from '../client/transport';
import { nodeParameter, stringParameter } from '../items/parameters';
import type { OperationRun } from '../items/router';
import { perItem } from '../items/router';
import { prepareSendBatch } from './batch';
import { prepareBinaryMedia, usesBinaryMedia } from './customerServiceMedia';
import { requireTouser } from './data';


export const CUSTOM_SEND_PATH = '/cgi-bin/message/custom/send';
export const CUSTOM_TYPING_PATH = '/cgi-bin/message/custom/typing';

/**
 * Text length WeChat accepts: its custom/send pages name no limit, WeChat answers 45002 "content size out of
 * limit" beyond it, and 2048 bytes is the limit WeChat documents for the same text in WeCom customer service
 * and gives in its developer community for customerServiceMessage.send (README: "Customer-service messages").
 */
export const TEXT_MAX_BYTES = 2048;

/** The msgtype values each app may send (WeChat's names, also the Message Type option values). */
export const MESSAGE_TYPES: Record<AppKind, string[]> = {
	officialAccount: ['text', 'image', 'voice', 'video', 'news', 'miniprogrampage', 'msgmenu'],
	miniProgram: ['text', 'image', 'link', 'miniprogrampage'],
};

const ACCOUNT: Record<AppKind, string> = { officialAccount: 'Official Account', miniProgram: 'Mini Program' };
const HTTP_URL = /^https?:\/\/\S+$/i;

type Reader = (name: string, what: string, fix: string) => string;

/** Reads one item into the body of POST /cgi-bin/message/custom/send. Throws what is wrong with it. */
export function buildCustomerServiceMessage(this: IExecuteFunctions, itemIndex: number, app: AppKind): IDataObject {
	const node = this.getNode();
	const fail = (message: string, description: string) => new NodeOperationError(node, message, { itemIndex, description });
	const touser = requireTouser.call(this, itemIndex, ACCOUNT[app]);
	const msgtype = stringParameter.call(this, 'messageType', itemIndex, 'text');
	if (!MESSAGE_TYPES[app].includes(msgtype)) {
		throw fail(
			`Message Type "${msgtype}" is not available on the ${ACCOUNT[app]} node`,
			`Pick one of ${MESSAGE_TYPES[app].join(', ')}.`,
		);
	}
	const optional = (name: string) => stringParameter.call(this, name, itemIndex);
	const required: Reader = (name, what, fix) => {
		const value = optional(name);
		if (!value) throw fail(`${what} is empty`, fix);
		return value;
	};
	const url = (name: string, what: string, isRequired: boolean) => {
		const value = isRequired ? required(name, what, `Set "${what}" to a full address such as https://www.example.com/page.`) : optional(name);
		if (value && !HTTP_URL.test(value)) {
			throw fail(`${what} "${value}" is not a valid http(s) address`, `Use a full address such as https://www.example.com/page${isRequired ? '' : ', or leave it empty'}.`);
		}
		return value;
	};
	const mediaId = (what = 'Media ID') =>
		// Media Source "Binary Field": the media_id of the upload is filled in right before sending (customerServiceMedia.ts).
		usesBinaryMedia.call(this, itemIndex)
			? ''
			: required('mediaId', what, `Set "${what}" to the media_id WeChat returned when the file was uploaded (temporary media lives 3 days).`);

	const body: IDataObject = { touser, msgtype };
	switch (msgtype) {
		case 'text': {
			const content = nodeParameter.call(this, 'text', itemIndex, '') as unknown;
			const text = content === null || content === undefined ? '' : String(content);
			if (!text.trim()) throw fail('Text is empty', 'Set "Text" to the message to send, e.g. {{ $json.answer }}.');
			const bytes = utf8Length(text);
			if (bytes > TEXT_MAX_BYTES) {
				throw fail(
					`Text is ${bytes} bytes long (UTF-8); WeChat accepts at most ${TEXT_MAX_BYTES}`,
					`Shorten the text or split it into several messages (a Chinese character takes 3 bytes). WeChat refuses longer texts with errcode 45002.`,
				);
			}
			body.text = { content: text };
			break;
		}
		case 'image':
		case 'voice':
			body[msgtype] = { media_id: mediaId() };
			break;
		case 'video':
			body.video = compact({
				media_id: mediaId(),
				thumb_media_id: optional('thumbMediaId'),
				title: optional('title'),
				description: optional('description'),
			});
			break;
		case 'news': {
			const title = required('title', 'Title', 'Set "Title" to the headline of the link card.');
			const link = url('url', 'URL', true);
			const article = compact({ title, description: optional('description'), url: link, picurl: url('pictureUrl', 'Picture URL', false) });
			body.news = { articles: [article] };
			break;
		}
		case 'link':
			body.link = {
				title: required('title', 'Title', 'Set "Title" to the headline of the link card.'),
				description: required('description', 'Description', 'Set "Description" to the line under the title.'),
				url: url('url', 'URL', true),
				thumb_url: url('pictureUrl', 'Picture URL', true),
			};
			break;
		case 'miniprogrampage': {
			const title = required('title', 'Title', 'Set "Title" to the title of the Mini Program card.');
			const appid = app === 'officialAccount'
				? required('appId', 'Mini Program AppID', 'Set "Mini Program AppID" to a Mini Program linked to this Official Account.')
				: '';
			const pagepath = required('pagePath', 'Page Path', 'Set "Page Path" to a page of the Mini Program, e.g. pages/index/index?foo=bar.').replace(/^\/+/, '');
			const thumb = required('thumbMediaId', 'Thumbnail Media ID', 'Set "Thumbnail Media ID" to the media_id of an uploaded image (the card\'s cover).');
			body.miniprogrampage = compact({ title, appid, pagepath, thumb_media_id: thumb });
			break;
		}
		case 'msgmenu':
			body.msgmenu = readMenu.call(this, itemIndex, fail);
			break;
	}
	if (app === 'officialAccount') {
		const options = nodeParameter.call(this, 'options', itemIndex, {}) as IDataObject;
		const kfAccount = String(options.kfAccount ?? '').trim();
		if (kfAccount) {
			if (!/^[^@\s]+@[^@\s]+$/.test(kfAccount)) {
				throw fail(`Customer-Service Account "${kfAccount}" is not of the form account@wechatid`, 'Copy the account from the WeChat console (Customer Service > Accounts), e.g. kf2001@gh_1234567890ab, or leave it empty.');
			}
			body.customservice = { kf_account: kfAccount };
		}
	}
	return body;
}

function readMenu(this: IExecuteFunctions, itemIndex: number, fail: (message: string, description: string) => NodeOperationError): IDataObject {
	const items = ((nodeParameter.call(this, 'menuItems', itemIndex, {}) as IDataObject).values ?? []) as IDataObject[];
	if (!Array.isArray(items) || items.length === 0) {
		throw fail('Menu: add at least one item', 'A menu message shows items the user can tap: add one under "Menu Items" with an ID and a text.');
	}
	const list = items.map((entry, k) => {
		const id = String(entry.id ?? '').trim();
		const content = String(entry.content ?? '').trim();
		if (!id || !content) {
			throw fail(`Menu: item ${k + 1} has no ${id ? 'text' : 'ID'}`, 'Give every menu item an ID (sent back to you when the user taps it) and a text.');
		}
		return { id, content };
	});
	return {
		head_content: stringParameter.call(this, 'menuHead', itemIndex),
		list,
		tail_content: stringParameter.call(this, 'menuTail', itemIndex),
	};
}

/** Bytes of a text in UTF-8, as WeChat counts them. */
export function utf8Length(text: string): number {
	let bytes = 0;
	for (const char of text) {
		const code = char.codePointAt(0) ?? 0;
		bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
	}
	return bytes;
}

/** The object without its empty-string fields (WeChat takes optional fields as absent, not empty). */
function compact(fields: Record<string, string>): IDataObject {
	return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== ''));
}

/** Customer-Service Message > Send for one app: one recipient per item, never sent twice (no dedup in WeChat). */
export async function sendCustomerServiceMessages(this: IExecuteFunctions, app: AppKind): Promise<OperationRun> {
	const media = await prepareBinaryMedia.call(this, CREDENTIAL_TYPE_OF[app]);
	const bodies: IDataObject[] = [];
	const batch = await prepareSendBatch.call(this, {
		credentialType: CREDENTIAL_TYPE_OF[app],
		path: CUSTOM_SEND_PATH,
		// No dedupMs: WeChat cannot drop a duplicate customer-service message, so after an unknown outcome it is never sent again.
		build: (itemIndex) => {
			const body = buildCustomerServiceMessage.call(this, itemIndex, app);
			const problem = media.problemOf(itemIndex);
			if (problem) throw problem;
			return { body: (bodies[itemIndex] = body) };
		},
		describe: (body) => ({ touser: body.touser, msgtype: body.msgtype }),
	});
	return perItem(batch.concurrency, async (itemIndex) => {
		if (bodies[itemIndex]) {
			try {
				await media.fill(itemIndex, bodies[itemIndex]);
			} catch (error) {
				return error instanceof NodeApiError || error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			}
		}
		return await batch.send(itemIndex);
	});
}

/** Show Typing / Hide Typing: POST /cgi-bin/message/custom/typing {touser, command}, one recipient per item. */
export async function setTyping(this: IExecuteFunctions, app: AppKind, command: 'Typing' | 'CancelTyping'): Promise<OperationRun> {
	const batch = await prepareSendBatch.call(this, {
		credentialType: CREDENTIAL_TYPE_OF[app],
		path: CUSTOM_TYPING_PATH,
		build: (itemIndex) => ({ body: { touser: requireTouser.call(this, itemIndex, ACCOUNT[app]), command } }),
		describe: (body) => ({ touser: body.touser, command: body.command }),
	});
	return perItem(batch.concurrency, batch.send);
}
