/**
 * The contract between the WeChat Trigger and the WeChat Reply node: the `_wechat` field of the trigger's
 * output item says how the message came (mode, format, account) and whether WeChat waits for a reply. The
 * trigger writes it with `writeWeChatMeta`; the Reply reads it with `readWeChatMeta`. It never holds a secret.
 */
import type { IDataObject } from 'n8n-workflow';

import type { CallbackFormat, CallbackMode } from './verify';

export const WECHAT_META_FIELD = '_wechat';

export interface WeChatMeta {
	mode: CallbackMode;
	format: CallbackFormat;
	appId: string;
	/** The trigger waits for a WeChat Reply node to answer (Respond: Using WeChat Reply Node). */
	awaitsReply: boolean;
	/** What identifies WeChat's retries of this message (also usable with n8n's Remove Duplicates node). */
	messageKey?: string;
}

const MODES: readonly string[] = ['plain', 'compat', 'safe'] satisfies CallbackMode[];
const FORMATS: readonly string[] = ['xml', 'json'] satisfies CallbackFormat[];

export function writeWeChatMeta(json: IDataObject, meta: WeChatMeta): void {
	const written: IDataObject = {};
	for (const [key, value] of Object.entries(meta)) if (value !== undefined) written[key] = value as string | boolean;
	json[WECHAT_META_FIELD] = written;
}

/** The meta of a trigger item, or undefined when the item did not come from a WeChat callback. */
export function readWeChatMeta(json: IDataObject): WeChatMeta | undefined {
	const meta = json[WECHAT_META_FIELD] as IDataObject | undefined;
	if (!meta || typeof meta !== 'object') return undefined;
	const mode = String(meta.mode ?? '');
	const format = String(meta.format ?? '');
	if (!MODES.includes(mode) || !FORMATS.includes(format)) return undefined;
	return {
		mode: mode as CallbackMode,
		format: format as CallbackFormat,
		appId: typeof meta.appId === 'string' ? meta.appId : '',
		awaitsReply: meta.awaitsReply === true,
		messageKey: typeof meta.messageKey === 'string' ? meta.messageKey : undefined,
	};
}
