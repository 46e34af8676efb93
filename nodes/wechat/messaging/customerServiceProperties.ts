/**
 * The parameters of Customer-Service Message > Send and Show/Hide Typing, shared by the Official Account and
 * the Mini Program node: each app shows its own message types (MESSAGE_TYPES in customerService.ts).
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { optionsCollection } from '../items/description';
import type { AppKind } from '../client/transport';
import { MESSAGE_TYPES, TEXT_MAX_BYTES } from './customerService';
import { concurrencyOption, recipientProperties } from './properties';
import { reportOptionProperties } from './report';

const TYPE_NAMES: Record<string, INodePropertyOptions> = {
	image: { name: 'Image', value: 'image', description: 'An image by its Media ID' },
	link: { name: 'Link Card', value: 'link', description: 'One card linking to a web page: title, description, URL, picture' },
	miniprogrampage: { name: 'Mini Program Card', value: 'miniprogrampage', description: 'A card opening a Mini Program page' },
	msgmenu: { name: 'Menu', value: 'msgmenu', description: 'A text with items the user taps to answer' },
	news: { name: 'Link Card', value: 'news', description: 'One card linking to a web page: title, description, URL, picture' },
	text: { name: 'Text', value: 'text' },
	video: { name: 'Video', value: 'video', description: 'A video by its Media ID, with an optional title, description and thumbnail' },
	voice: { name: 'Voice', value: 'voice', description: 'A voice message by its Media ID' },
};

const NOTICE =
	'Each input item is one recipient. WeChat delivers customer-service messages only within a window opened by the user (a message opens a longer one; a follow, scan or menu tap a short one): outcomes such as windowClosed and quotaExceeded are reported in the output, not raised as errors.';

const RECIPIENT: Record<AppKind, string> = {
	officialAccount: 'The user\'s OpenID on this Official Account, e.g. {{ $json.FromUserName }} from the WeChat Trigger',
	miniProgram: 'The user\'s OpenID on this Mini Program, e.g. {{ $json.FromUserName }} from the WeChat Trigger',
};

function forTypes(types: string[], property: INodeProperties): INodeProperties {
	return { ...property, displayOptions: { show: { messageType: types } } };
}

/** Parameters of Send for one app. */
export function customerServiceSendProperties(app: AppKind): INodeProperties[] {
	const types = MESSAGE_TYPES[app];
	const has = (...names: string[]) => names.filter((name) => types.includes(name));
	const properties: INodeProperties[] = [
		...recipientProperties({ notice: NOTICE, description: RECIPIENT[app], from: 'FromUserName' }),
		{
			displayName: 'Message Type',
			name: 'messageType',
			type: 'options',
			default: 'text',
			options: types.map((type) => TYPE_NAMES[type]).sort((a, b) => a.name.localeCompare(b.name)),
		},
		forTypes(['text'], {
			displayName: 'Text',
			name: 'text',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			required: true,
			description: `The message, at most ${TEXT_MAX_BYTES} bytes in UTF-8 (about 680 Chinese characters). Links may be <a href="https://...">text</a>.`,
		}),
		forTypes(has('image', 'voice', 'video'), {
			displayName: 'Media Source',
			name: 'mediaSource',
			type: 'options',
			default: 'mediaId',
			options: [
				{ name: 'Binary Field', value: 'binary', description: 'Upload the item\'s file as temporary media, then send it (once per item; the same file once per run)' },
				{ name: 'Media ID', value: 'mediaId', description: 'A file already uploaded to WeChat' },
			],
		}),
		...mediaSourceProperties(has('image', 'voice', 'video')),
		forTypes(has('video', 'news', 'link', 'miniprogrampage'), {
			displayName: 'Title',
			name: 'title',
			type: 'string',
			default: '',
		}),
		forTypes(has('video', 'news', 'link'), {
			displayName: 'Description',
			name: 'description',
			type: 'string',
			default: '',
		}),
		forTypes(has('news', 'link'), {
			displayName: 'URL',
			name: 'url',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://www.example.com/orders/SO-10001',
			description: 'Web page opened when the card is tapped',
		}),
		forTypes(has('news', 'link'), {
			displayName: 'Picture URL',
			name: 'pictureUrl',
			type: 'string',
			default: '',
			placeholder: 'https://www.example.com/cover.jpg',
			description: 'JPG or PNG shown on the card (640 x 320 large, 80 x 80 small)',
		}),
	];
	if (app === 'officialAccount') {
		properties.push(
			forTypes(['miniprogrampage'], {
				displayName: 'Mini Program AppID',
				name: 'appId',
				type: 'string',
				default: '',
				required: true,
				placeholder: 'wx1234567890abcdef',
				description: 'AppID of a Mini Program linked to this Official Account',
			}),
		);
	}
	properties.push(
		forTypes(['miniprogrampage'], {
			displayName: 'Page Path',
			name: 'pagePath',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'pages/order/detail?orderNo=SO-10001',
		}),
		forTypes(has('video', 'miniprogrampage'), {
			displayName: 'Thumbnail Media ID',
			name: 'thumbMediaId',
			type: 'string',
			default: '',
			description: 'The media_id of an uploaded image: the video\'s thumbnail (optional) or the Mini Program card\'s cover (required)',
		}),
	);
	if (app === 'officialAccount') properties.push(...menuProperties());
	properties.push(
		optionsCollection(
			app === 'officialAccount'
				? [
						concurrencyOption,
						{
							displayName: 'Customer-Service Account',
							name: 'kfAccount',
							type: 'string',
							default: '',
							placeholder: 'kf2001@gh_1234567890ab',
							description: 'Send as this customer-service account (its name and avatar are shown to the user)',
						},
						...reportOptionProperties,
					]
				: [concurrencyOption, ...reportOptionProperties],
		),
	);
	return properties;
}

function menuProperties(): INodeProperties[] {
	return [
		forTypes(['msgmenu'], { displayName: 'Menu Head', name: 'menuHead', type: 'string', default: '', placeholder: 'Are you happy with our service?' }),
		forTypes(['msgmenu'], {
			displayName: 'Menu Items',
			name: 'menuItems',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			placeholder: 'Add Item',
			description: 'The items the user taps; WeChat sends the tapped item\'s ID back as a message (bizmsgmenuid)',
			options: [
				{
					displayName: 'Item',
					name: 'values',
					values: [
						{ displayName: 'ID', name: 'id', type: 'string', default: '', placeholder: '101' },
						{ displayName: 'Text', name: 'content', type: 'string', default: '', placeholder: 'Yes' },
					],
				},
			],
		}),
		forTypes(['msgmenu'], { displayName: 'Menu Tail', name: 'menuTail', type: 'string', default: '', placeholder: 'Thank you' }),
	];
}

/** Parameters of Show Typing and Hide Typing. */
export function customerServiceTypingProperties(app: AppKind): INodeProperties[] {
	return [
		...recipientProperties({
			notice: 'Each input item is one recipient. WeChat shows "typing" for up to 15 seconds, until a message is sent or typing is hidden, and only shortly after the user wrote (in an open customer-service window).',
			description: RECIPIENT[app],
			from: 'FromUserName',
		}),
		optionsCollection([concurrencyOption, ...reportOptionProperties]),
	];
}

/** Media ID, or the binary field to upload, by Media Source. */
function mediaSourceProperties(types: string[]): INodeProperties[] {
	return [
		{
			displayName: 'Media ID',
			name: 'mediaId',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { messageType: types, mediaSource: ['mediaId'] } },
			description: 'The media_id of a file uploaded to WeChat (temporary media lives 3 days; permanent material also works)',
		},
		{
			displayName: 'Input Binary Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			displayOptions: { show: { messageType: types, mediaSource: ['binary'] } },
			hint: 'The name of the input binary field containing the file to send',
			description: 'Image: bmp, png, jpeg, jpg, gif up to 10 MB; voice: amr, mp3 up to 2 MB and 60 s; video: mp4 up to 10 MB',
		},
	];
}
