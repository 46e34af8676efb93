/**
 * What WeChat takes as temporary media (新增临时素材, /cgi-bin/media/upload), checked before any call so that
 * a wrong file fails with the limit named instead of WeChat's 40005/40006/40113. Source (README: "Media"):
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/New_temporary_materials.html
 */

export type MediaType = 'image' | 'voice' | 'video' | 'thumb';

export interface MediaLimit {
	maxBytes: number;
	/** Extensions WeChat takes, lower case, without the dot. */
	extensions: string[];
	/** What the README and the errors say, e.g. "10 MB". */
	label: string;
}

const MB = 1024 * 1024;

export const MEDIA_LIMITS: Record<MediaType, MediaLimit> = {
	image: { maxBytes: 10 * MB, extensions: ['bmp', 'png', 'jpeg', 'jpg', 'gif'], label: '10 MB' },
	voice: { maxBytes: 2 * MB, extensions: ['amr', 'mp3'], label: '2 MB' },
	video: { maxBytes: 10 * MB, extensions: ['mp4'], label: '10 MB' },
	thumb: { maxBytes: 64 * 1024, extensions: ['jpg', 'jpeg'], label: '64 KB' },
};

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
 * The file name and content type to upload `size` bytes as `type`, or the problem (naming `field`, the
 * limit and the fix). The extension comes from the file name, else from the MIME type.
 */
export function checkMedia(
	type: MediaType,
	file: { fileName?: string; mimeType?: string; size: number },
	field: string,
): CheckedMedia | MediaProblem {
	const limit = MEDIA_LIMITS[type];
	const aType = `${type === 'image' ? 'an' : 'a'} ${type}`;
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
			description: `Convert the file to ${allowed} first (WeChat answers errcode 40005 otherwise).`,
		};
	}
	if (file.size === 0) {
		return { message: `${field} is empty`, description: 'The binary file has no bytes: check the node that made it.' };
	}
	if (file.size > limit.maxBytes) {
		return {
			message: `${field} is ${formatBytes(file.size)} (${file.size} bytes); WeChat takes ${aType} of at most ${limit.label} (${limit.maxBytes} bytes)`,
			description: `Make the file smaller (compress or resize it) to at most ${limit.label} (WeChat answers errcode 40006 otherwise).`,
		};
	}
	const fileName = fromName === extension ? name : `${name || 'media'}.${extension}`;
	return { fileName, contentType: MIME_OF_EXTENSION[extension] ?? (mime || 'application/octet-stream') };
}

export function isMediaProblem(value: CheckedMedia | MediaProblem): value is MediaProblem {
	return 'message' in value;
}
