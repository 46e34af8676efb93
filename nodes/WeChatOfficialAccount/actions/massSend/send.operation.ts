/**
 * Mass Send > Send: to a tag or to all followers (POST /cgi-bin/message/mass/sendall, one mass send per input
 * item) or to an OpenID list (POST /cgi-bin/message/mass/send: every input item is one recipient, all of them
 * one mass send, cut into calls of at most 10,000, sent one after the other). Every item is checked before
 * the first call; every call carries its clientmsgid (messaging/massSend.ts).
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { looksLikeWeChatId } from '../../../wechat/client/followers';
import { listTags, tagIdOf } from '../../../wechat/client/tags';
import { stringParameter } from '../../../wechat/items/parameters';
import type { OperationRun } from '../../../wechat/items/router';
import { perItem } from '../../../wechat/items/router';
import type { MassContent, MassResult } from '../../../wechat/messaging/massSend';
import { MASS_LIST_MIN, massClientMsgId, massListChunks, readMassContent, sendMassCall } from '../../../wechat/messaging/massSend';
import { SendBreaker } from '../../../wechat/messaging/outcome';

function givenClientMsgId(this: IExecuteFunctions, itemIndex: number): string {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return String(options.clientMsgId ?? '').trim();
}

/** The item's error as its own (Continue On Fail), or the node's: nothing is sent while an item is wrong. */
function keepOrThrow(this: IExecuteFunctions, error: unknown, itemIndex: number): NodeOperationError {
	const asNodeError = error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error as Error, { itemIndex });
	if (!this.continueOnFail()) throw asNodeError;
	return asNodeError;
}

/** One mass send per item: to a tag, or to everyone (only with the switch on). */
async function toTagOrAll(this: IExecuteFunctions, target: 'tag' | 'all'): Promise<OperationRun> {
	const bodies: Array<IDataObject | NodeOperationError> = [];
	for (let i = 0; i < this.getInputData().length; i++) {
		try {
			bodies.push(massSendAllBody.call(this, i, target));
		} catch (error) {
			bodies.push(keepOrThrow.call(this, error, i));
		}
	}
	if (target === 'tag' && bodies.some((b) => !(b instanceof NodeOperationError))) {
		// An unknown tag is named before anything is sent (WeChat's own answer would come per send).
		const tags = new Map((await listTags.call(this)).map((t) => [t.id, t]));
		bodies.forEach((body, i) => {
			if (body instanceof NodeOperationError) return;
			const id = Number((body.filter as IDataObject).tag_id);
			if (!tags.has(id)) {
				const known = [...tags.values()].map((t) => `${t.name} (${t.id})`).join(', ') || 'none';
				const error = new NodeOperationError(this.getNode(), `Tag: ${id} does not exist in this account`, {
					itemIndex: i,
					description: `Pick the tag from the list. The account's tags: ${known}.`,
				});
				bodies[i] = keepOrThrow.call(this, error, i);
			}
		});
	}
	const breaker = new SendBreaker();
	return perItem(1, async (itemIndex) => {
		const body = bodies[itemIndex];
		if (body instanceof NodeOperationError) return body;
		const filter = body.filter as IDataObject;
		const result = await sendMassCall.call(this, '/cgi-bin/message/mass/sendall', body, breaker);
		return {
			...result,
			target,
			...(target === 'tag' ? { tagId: filter.tag_id } : {}),
			msgtype: body.msgtype,
			clientMsgId: body.clientmsgid,
		};
	});
}

/** The sendall body of one item; throws what is wrong with it, naming the field. */
function massSendAllBody(this: IExecuteFunctions, i: number, target: 'tag' | 'all'): IDataObject {
	const content = readMassContent.call(this, i);
	let filter: IDataObject;
	if (target === 'all') {
		if (this.getNodeParameter('sendToAll', i, false) !== true) {
			throw new NodeOperationError(this.getNode(), 'Send to All Followers is off', {
				itemIndex: i,
				description: 'Sending to every follower spends each follower\'s monthly mass send quota: turn on "Send to All Followers" to do it, or send to a tag.',
			});
		}
		filter = { is_to_all: true };
	} else {
		filter = { is_to_all: false, tag_id: tagIdOf.call(this, i) };
	}
	const clientmsgid = massClientMsgId(givenClientMsgId.call(this, i), [content.msgtype, content.fields, filter]);
	return { filter, msgtype: content.msgtype, ...content.fields, clientmsgid };
}

/** All items are one list: checked, de-duplicated, cut into calls; each item gets the outcome of its call. */
function toList(this: IExecuteFunctions): OperationRun {
	const itemCount = this.getInputData().length;
	const openids: Array<string | NodeOperationError> = [];
	for (let i = 0; i < itemCount; i++) {
		const touser = stringParameter.call(this, 'touser', i);
		if (!touser || !looksLikeWeChatId(touser)) {
			const error = new NodeOperationError(this.getNode(), touser ? `Recipient OpenID "${touser}" is not an OpenID` : 'Recipient OpenID is empty', {
				itemIndex: i,
				description: 'Each input item is one recipient: set "Recipient OpenID" to the follower\'s OpenID on this account, e.g. {{ $json.openid }}.',
			});
			openids.push(keepOrThrow.call(this, error, i));
		} else {
			openids.push(touser);
		}
	}
	const unique = [...new Set(openids.filter((o): o is string => typeof o === 'string'))];
	if (unique.length < MASS_LIST_MIN) {
		throw new NodeOperationError(this.getNode(), `Recipient OpenID: a mass send to an OpenID list needs at least ${MASS_LIST_MIN} different OpenIDs (got ${unique.length})`, {
			description: 'WeChat refuses a list of one. Send to one person with a customer-service or template message, or try the message with Mass Send > Preview.',
		});
	}
	const content: MassContent = readMassContent.call(this, 0);
	const given = givenClientMsgId.call(this, 0);
	const chunks = massListChunks(unique);
	const chunkOf = new Map<string, number>();
	chunks.forEach((chunk, k) => chunk.forEach((openid) => chunkOf.set(openid, k)));
	const bodies = chunks.map((touser, k) => ({
		touser,
		msgtype: content.msgtype,
		...content.fields,
		clientmsgid: massClientMsgId(given, [content.msgtype, content.fields, touser], k, chunks.length),
	}));

	return {
		concurrency: 1,
		batchSize: itemCount,
		handle: async (itemIndexes) => {
			const breaker = new SendBreaker();
			const results: Array<MassResult | undefined> = [];
			let stop: { error: unknown; at: number } | undefined;
			for (let k = 0; k < bodies.length && !stop; k++) {
				try {
					results[k] = await sendMassCall.call(this, '/cgi-bin/message/mass/send', bodies[k], breaker);
				} catch (error) {
					stop = { error, at: k };
				}
			}
			if (stop) {
				// Nothing sent yet: the error stops the node. Otherwise the calls not made say why.
				if (!results.some((r) => r?.outcome === 'sent' || r?.outcome === 'alreadySent')) throw stop.error;
				const reason = `Not sent: ${(stop.error as Error).message}. The earlier calls of this list were sent; run the node again (same content) to send the rest: the sent calls answer alreadySent.`;
				for (let rest = stop.at; rest < bodies.length; rest++) {
					results[rest] = { outcome: 'failed', reason, msgId: null, msgDataId: null, errcode: null, errmsg: null };
				}
			}
			return itemIndexes.map((itemIndex) => {
				const touser = openids[itemIndex];
				if (typeof touser !== 'string') return touser;
				const k = chunkOf.get(touser) as number;
				return { ...(results[k] as MassResult), touser, msgtype: content.msgtype, call: k + 1, calls: chunks.length, clientMsgId: bodies[k].clientmsgid };
			});
		},
	};
}

export async function execute(this: IExecuteFunctions): Promise<OperationRun> {
	const target = this.getNodeParameter('target', 0, 'tag') as string;
	if (target === 'openids') return toList.call(this);
	if (target === 'tag' || target === 'all') return await toTagOrAll.call(this, target);
	throw new NodeOperationError(this.getNode(), `Send To "${target}" is not supported`, { description: 'Pick Followers with a Tag, OpenID List or All Followers.' });
}
