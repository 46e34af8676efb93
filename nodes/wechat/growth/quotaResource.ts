/**
 * Quota > Get API Quota and Clear Quota, the same on both app nodes (each with its own account's token):
 * WeChat's daily call quota per API (/cgi-bin/openapi/quota/get) and the monthly-limited reset
 * (/cgi-bin/clear_quota, 10 per account and month).
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { appCredentialsOf, CREDENTIAL_TYPE_OF } from '../client/transport';
import type { AppKind } from '../client/transport';
import { DEFAULT_READ_CONCURRENCY, operationParameters, operationProperty } from '../items/description';
import { stringParameter } from '../items/parameters';
import type { Operation } from '../items/router';
import { perItem } from '../items/router';
import { growthRequest } from './errors';

/** A WeChat API path: "/" and path characters, no host, no query. */
const API_PATH = /^\/[A-Za-z0-9_\-./]+$/;

const getProperties: INodeProperties[] = [
	{
		displayName: 'API Path',
		name: 'apiPath',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. /cgi-bin/message/custom/send',
		description: 'The path of the WeChat API, without https://api.weixin.qq.com and without query. /sns/ APIs have no quota to query.',
	},
];

const clearProperties: INodeProperties[] = [
	{
		displayName:
			'Clears the daily call counts of every API of the account. WeChat allows it only 10 times per account per month; the counts also reset by themselves every day. The node clears once per run, whatever the number of items.',
		name: 'clearQuotaNotice',
		type: 'notice',
		default: '',
	},
];

function apiPathOf(this: IExecuteFunctions, itemIndex: number): string {
	const path = stringParameter.call(this, 'apiPath', itemIndex);
	if (!API_PATH.test(path)) {
		const shown = path.length > 80 ? `${path.slice(0, 80)}...` : path;
		throw new NodeOperationError(this.getNode(), path === '' ? 'API Path is empty' : `API Path "${shown}" is not a WeChat API path`, {
			itemIndex,
			description: /^https?:\/\//i.test(path)
				? 'Leave out the host: write /cgi-bin/message/custom/send, not https://api.weixin.qq.com/cgi-bin/message/custom/send.'
				: 'Write the path of the API starting with "/", without query, e.g. /cgi-bin/message/custom/send.',
		});
	}
	return path;
}

export function quotaResource(app: AppKind): { operations: Record<string, Operation>; description: INodeProperties[] } {
	const credentialType = CREDENTIAL_TYPE_OF[app];
	return {
		operations: {
			get: async function () {
				return perItem(DEFAULT_READ_CONCURRENCY, async (itemIndex) => {
					const apiPath = apiPathOf.call(this, itemIndex);
					const body = await growthRequest.call(this, credentialType, 'quota', {
						method: 'POST',
						path: '/cgi-bin/openapi/quota/get',
						body: { cgi_path: apiPath },
						retrySafe: true,
						action: `reading the quota of ${apiPath}`,
					});
					const quota = (body.quota ?? {}) as IDataObject;
					const out: IDataObject = {
						apiPath,
						dailyLimit: Number(quota.daily_limit ?? 0),
						used: Number(quota.used ?? 0),
						remain: Number(quota.remain ?? 0),
					};
					if (body.rate_limit) out.rateLimit = body.rate_limit;
					return out;
				});
			},
			clear: async function () {
				// One clear per run: each costs one of the account's 10 a month.
				let clearing: Promise<IDataObject> | undefined;
				const clearOnce = async () => {
					const { appId } = await appCredentialsOf(this, credentialType);
					await growthRequest.call(this, credentialType, 'clearQuota', {
						method: 'POST',
						path: '/cgi-bin/clear_quota',
						body: { appid: appId },
						retrySafe: false,
						action: 'clearing the quota',
					});
					return { appId, cleared: true, clearedAt: new Date().toISOString() };
				};
				return perItem(1, async () => ({ ...(await (clearing ??= clearOnce())) }));
			},
		},
		description: [
			operationProperty(
				'quota',
				[
					{ name: 'Clear Quota', value: 'clear', description: 'Reset the daily call counts of every API of the account (10 times a month)', action: 'Clear the API quota' },
					{ name: 'Get API Quota', value: 'get', description: 'How many calls of an API the account may make today, has made and has left', action: 'Get the quota of an API' },
				],
				'get',
			),
			...operationParameters('quota', 'get', getProperties),
			...operationParameters('quota', 'clear', clearProperties),
		],
	};
}
