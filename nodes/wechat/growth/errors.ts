/**
 * What WeChat's answers mean for the growth actions (QR codes, quota, access token, Mini Program phone
 * numbers, links and codes). The transport explains every errcode from client/errcodes.ts; some codes mean
 * something more precise here (40029 is "the phone code is not valid", not "the login code"), so these
 * actions call WeChat through growthRequest, which puts the precise explanation on the same NodeApiError.
 */
import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INode, JsonObject } from 'n8n-workflow';

import { errcodeOf } from '../client/errcodes';
import type { WeChatAppCredentialType, WeChatRequest } from '../client/transport';
import { weChatApiRequest } from '../client/transport';

interface Explanation {
	message: string;
	hint: string;
}

/** Errcodes by the family of action that can meet them. */
export type GrowthTopic = 'qrCode' | 'quota' | 'clearQuota' | 'phone' | 'link' | 'wxaCode' | 'draft' | 'publish';

const URL_LIMITS =
	'URL Links and URL Schemes live at most 30 days; a Mini Program may generate 500,000 of them a day (links and schemes together).';

const DRAFT_ERRCODES: Record<number, Explanation> = {
	40007: { message: 'The Media ID is not valid: no such draft, or the cover is not a permanent image of this account', hint: 'Use the mediaId of Draft > Create (drafts: Draft > Get Many), and a cover added with Media > Add a permanent material (or a Cover Binary Field).' },
	45003: { message: 'The title is too long', hint: 'WeChat takes at most 64 characters.' },
	45004: { message: 'The digest is too long', hint: 'WeChat takes at most 120 characters.' },
	44003: { message: 'The article has no title or no content', hint: 'Give every article a Title and Content.' },
	45166: { message: 'WeChat refused the content', hint: 'Images in the content must be uploaded to WeChat first (Media > Upload an article image gives their URLs); scripts and forms are not allowed.' },
	40114: { message: 'The article index is not valid', hint: 'Index counts from 0 and must be below the draft\'s number of articles.' },
	48001: { message: 'This account may not use drafts or publish through the API', hint: 'Since July 2025 WeChat keeps the draft and publishing APIs for verified accounts: verify the account (Settings > WeChat Verification), or write and publish in the Official Account console.' },
};

export const GROWTH_ERRCODES: Record<GrowthTopic, Record<number, Explanation>> = {
	draft: DRAFT_ERRCODES,
	publish: {
		...DRAFT_ERRCODES,
		48001: { message: 'This account may not publish through the API', hint: 'Since July 2025 WeChat lets only verified accounts publish (freepublish) through the API: verify the account (Settings > WeChat Verification) or publish the draft in the Official Account console.' },
		53600: { message: 'The Article ID or Publish ID is not valid', hint: 'Use the articleId of a publication of this account (Publication > Get Many) or the publishId that Publish returned.' },
	},
	qrCode: {
		40053: { message: 'The QR code\'s scene is not valid', hint: 'A number scene is 1-4294967295 for a temporary code and 1-100000 for a permanent one; a text scene has 1-64 characters.' },
		48001: { message: 'This account may not create QR codes with a scene', hint: 'Only verified service accounts have the QR code API (Settings and Development > Interface Permissions in the Official Account console).' },
		45029: { message: 'The account has created as many permanent QR codes as WeChat allows (100,000)', hint: 'Use temporary codes (up to 30 days) or reuse the scenes of existing permanent codes.' },
	},
	quota: {
		76021: { message: 'WeChat does not know this API path', hint: 'API Path is the path of a WeChat API without host or query, e.g. /cgi-bin/message/custom/send.' },
		76022: { message: 'This account cannot query the quota of this API path', hint: 'Ask with the credential of the account the API belongs to (an Official Account API with the Official Account\'s credential); /sns/ APIs have no quota to query.' },
		76003: { message: 'The API path is not in the form WeChat expects', hint: 'Write it without https://api.weixin.qq.com and starting with "/", e.g. /cgi-bin/message/custom/send.' },
	},
	clearQuota: {
		48006: { message: 'The account has cleared its quota as often as WeChat allows this month', hint: 'WeChat allows 10 clears per account per month; the daily quotas reset by themselves at midnight (Beijing time).' },
		40013: { message: 'The AppID is not valid', hint: 'The credential\'s AppID must be the account\'s own (Settings and Development > Basic Configuration).' },
	},
	phone: {
		40029: { message: 'The phone code is not valid: used already, older than 5 minutes, or from another Mini Program', hint: 'Each code from the getPhoneNumber button works once within 5 minutes: let the user tap the button again for a new code.' },
		40163: { message: 'The phone code has already been used', hint: 'Each code from the getPhoneNumber button works once: let the user tap the button again.' },
		1400001: { message: 'The Mini Program has used up its phone-number verifications', hint: 'Phone-number verification is charged per success: top up the allowance in the Mini Program console (Basic Features > Phone Number Verification).' },
	},
	link: {
		85401: { message: 'The link\'s expiry is out of range', hint: `Expire After must be 1 to 30 days. ${URL_LIMITS}` },
		85402: { message: 'Environment is not valid', hint: 'Use release, trial or develop.' },
		85400: { message: 'The Mini Program has reached its limit of links', hint: `${URL_LIMITS} Permanent Short Links: at most 100,000 per Mini Program.` },
		44990: { message: 'Links are being generated too fast', hint: 'WeChat allows 100 link requests a second: lower the node\'s Concurrency.' },
		40165: { message: 'The page path is not a page of the published Mini Program', hint: 'Use a page of the released version, without a leading "/" and without query (put it in Query).' },
		40212: { message: 'The query is not valid', hint: 'Query is key=value pairs joined by &, at most 1024 characters, only URL-safe characters.' },
		85079: { message: 'The Mini Program has no released version', hint: 'Release the Mini Program, or use Environment: trial/develop.' },
		40066: { message: 'The page URL is not valid', hint: 'Page is a page of the released Mini Program, e.g. pages/index/index?from=sms.' },
	},
	wxaCode: {
		41030: { message: 'The page is not a page of the published Mini Program', hint: 'Use a page of the released version without a leading "/", or turn off Check Page (unreleased pages, trial/develop versions).' },
		40169: { message: 'The scene is not valid', hint: 'Scene has at most 32 visible characters: letters, digits and !#$&\'()*+,/:;=?@-._~.' },
		45029: { message: 'The Mini Program has created as many limited codes as WeChat allows (100,000)', hint: 'Use Get Unlimited Code (unlimited count, the page\'s data in Scene).' },
		85096: { message: 'Scan-code settings of this Mini Program do not allow this code', hint: 'Check the code\'s rules in the Mini Program console (Development > Development Management > Development Settings > Scan QR codes to open).' },
	},
};

/**
 * A WeChat call for a growth action: as weChatApiRequest, with the errcodes of `topic` explained precisely
 * (same NodeApiError shape: errcode and errmsg in its context, WeChat's errmsg in the description).
 */
export async function growthRequest(
	this: IExecuteFunctions,
	credentialType: WeChatAppCredentialType,
	topic: GrowthTopic,
	request: WeChatRequest,
): Promise<IDataObject> {
	try {
		return await weChatApiRequest.call(this, credentialType, request);
	} catch (error) {
		throw explained(this.getNode(), topic, request.action, error);
	}
}

/** The transport's error with the topic's precise explanation, or the error as it was. */
function explained(node: INode, topic: GrowthTopic, action: string | undefined, error: unknown): unknown {
	const errcode = errcodeOf(error);
	const explanation = errcode === undefined ? undefined : GROWTH_ERRCODES[topic][errcode];
	if (!explanation || !(error instanceof NodeApiError)) return error;
	const errmsg = String(error.context.errmsg ?? '');
	const precise = new NodeApiError(node, { errcode, errmsg } as JsonObject, {
		message: action ? `${explanation.message} (${action})` : explanation.message,
		description: `WeChat errcode ${errcode}: ${errmsg}. ${explanation.hint}`,
		httpCode: String(errcode),
	});
	Object.assign(precise.context, error.context);
	return precise;
}
