/**
 * What WeChat takes as media, in one table for every place a file goes (temporary media, permanent material,
 * article images), checked before any call so that a wrong file fails with the limit named instead of
 * WeChat's errcode. Sources (README: "Media"):
 * temporary https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/New_temporary_materials.html,
 * permanent and article images https://developers.weixin.qq.com/doc/service/api/material/permanent/api_addmaterial
 */

export type MediaType = 'image' | 'voice' | 'video' | 'thumb';

/** Where a file goes: temporary media (3 days), permanent material, or an image inside an article (a URL). */
export type MediaStore = 'temporary' | 'permanent' | 'articleImage';

export interface MediaLimit {
	maxBytes: number;
	/** Extensions WeChat takes, lower case, without the dot. */
	extensions: string[];
	/** What the README and the errors say, e.g. "10 MB". */
	label: string;
}

export interface StoreLimits {
	/** Per media type; a type missing here is not taken by the store. */
	types: Partial<Record<MediaType, MediaLimit>>;
	/** WeChat's answer to a file of the wrong type and to one too large, named in the errors. */
	typeErrcode: number;
	sizeErrcode: number;
	/** "at most" or "under" (article images must stay under 1 MB). */
	bound: 'at most' | 'under';
}

const MB = 1024 * 1024;
const IMAGE_EXTENSIONS = ['bmp', 'png', 'jpeg', 'jpg', 'gif'];

/** THE table: WeChat's documented limits per store and media type. */
export const WECHAT_MEDIA_LIMITS: Record<MediaStore, StoreLimits> = {
	temporary: {
		types: {
			image: { maxBytes: 10 * MB, extensions: IMAGE_EXTENSIONS, label: '10 MB' },
			voice: { maxBytes: 2 * MB, extensions: ['amr', 'mp3'], label: '2 MB' },
			video: { maxBytes: 10 * MB, extensions: ['mp4'], label: '10 MB' },
			thumb: { maxBytes: 64 * 1024, extensions: ['jpg', 'jpeg'], label: '64 KB' },
		},
		typeErrcode: 40005,
		sizeErrcode: 40006,
		bound: 'at most',
	},
	permanent: {
		types: {
			image: { maxBytes: 10 * MB, extensions: IMAGE_EXTENSIONS, label: '10 MB' },
			voice: { maxBytes: 2 * MB, extensions: ['mp3', 'wma', 'wav', 'amr'], label: '2 MB' },
			video: { maxBytes: 10 * MB, extensions: ['mp4'], label: '10 MB' },
			thumb: { maxBytes: 64 * 1024, extensions: ['jpg', 'jpeg'], label: '64 KB' },
		},
		typeErrcode: 40005,
		sizeErrcode: 45001,
		bound: 'at most',
	},
	articleImage: {
		types: { image: { maxBytes: MB - 1, extensions: ['jpg', 'jpeg', 'png'], label: '1 MB' } },
		typeErrcode: 40005,
		sizeErrcode: 45001,
		bound: 'under',
	},
};

/** Temporary media's limits (Media > Upload, customer-service and reply uploads). */
export const MEDIA_LIMITS = WECHAT_MEDIA_LIMITS.temporary.types as Record<MediaType, MediaLimit>;

/** Temporary media lives 3 days from created_at (WeChat's documented lifetime). */
export const TEMPORARY_MEDIA_SECONDS = 3 * 24 * 3600;

const EXTENSION_OF_MIME: Record<string, string> = {
	'image/bmp': 'bmp',
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/jpg': 'jpg',
	'image/gif': 'gif',
	'audio/amr': 'amr',
	'audio/mpeg': 'mp3',
	'audio/mp3': 'mp3',
	'audio/x-ms-wma': 'wma',
	'audio/wav': 'wav',
	'audio/x-wav': 'wav',
	'audio/wave': 'wav',
	'video/mp4': 'mp4',
};

const MIME_OF_EXTENSION: Record<string, string> = {
	bmp: 'image/bmp',
	png: 'image/png',
	jpeg: 'image/jpeg',
	jpg: 'image/jpeg',
	gif: 'image/gif',
	amr: 'audio/amr',
	mp3: 'audio/mpeg',
	wma: 'audio/x-ms-wma',
	wav: 'audio/wav',
	mp4: 'video/mp4',
};

export interface MediaProblem {
	message: string;
	description: string;
}

export interface CheckedMedia {
	/** Always with the extension WeChat needs. */
	fileName: string;
	contentType: string;
}

/** "1.5 MB", "63.9 KB", "12 bytes": sizes as the errors show them. */
export function formatBytes(bytes: number): string {
	if (bytes >= MB) return `${(bytes / MB).toFixed(1)} MB`;
	if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
	return `${bytes} bytes`;
}

/**
 * The file name and content type to upload `size` bytes as `type` into `store`, or the problem (naming
 * `field`, the limit and the fix). The extension comes from the file name, else from the MIME type.
 */
export function checkMedia(
	type: MediaType,
	file: { fileName?: string; mimeType?: string; size: number },
	field: string,
	store: MediaStore = 'temporary',
): CheckedMedia | MediaProblem {
	const { types, typeErrcode, sizeErrcode, bound } = WECHAT_MEDIA_LIMITS[store];
	const aType = `${type === 'image' ? 'an' : 'a'} ${type}`;
	const limit = types[type];
	if (!limit) {
		return { message: `WeChat does not take ${aType} here`, description: `Use one of ${Object.keys(types).join(', ')}.` };
	}
	const allowed = limit.extensions.join(', ');
	const name = (file.fileName ?? '').trim();
	const dot = name.lastIndexOf('.');
	const fromName = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
	const mime = (file.mimeType ?? '').split(';')[0].trim().toLowerCase();
	// A name such as "report.final" with a known MIME type keeps its name and gets the MIME type's extension.
	const extension = (fromName in MIME_OF_EXTENSION ? fromName : EXTENSION_OF_MIME[mime]) || fromName;
	if (!extension) {
		return {
			message: `${field} has no file extension and no known MIME type; WeChat needs one to take ${aType}`,
			description: `Give the binary file a name ending in one of ${allowed} (e.g. in the node that made it), or a MIME type such as ${MIME_OF_EXTENSION[limit.extensions[0]]}.`,
		};
	}
	if (!limit.extensions.includes(extension)) {
		return {
			message: `${field} is a .${extension} file; WeChat takes ${aType} only as ${allowed}`,
			description: `Convert the file to ${allowed} first (WeChat answers errcode ${typeErrcode} otherwise).`,
		};
	}
	if (file.size === 0) {
		return { message: `${field} is empty`, description: 'The binary file has no bytes: check the node that made it.' };
	}
	if (file.size > limit.maxBytes) {
		const most = bound === 'under' ? `under ${limit.label} (at most ${limit.maxBytes} bytes)` : `at most ${limit.label} (${limit.maxBytes} bytes)`;
		return {
			message: `${field} is ${formatBytes(file.size)} (${file.size} bytes); WeChat takes ${aType} of ${most}`,
			description: `Make the file smaller (compress or resize it) to ${bound} ${limit.label} (WeChat answers errcode ${sizeErrcode} otherwise).`,
		};
	}
	const fileName = fromName === extension ? name : `${name || 'media'}.${extension}`;
	return { fileName, contentType: MIME_OF_EXTENSION[extension] ?? (mime || 'application/octet-stream') };
}

export function isMediaProblem(value: CheckedMedia | MediaProblem): value is MediaProblem {
	return 'message' in value;
}
