import type { INodeProperties } from 'n8n-workflow';

import { description as getManyFollowers } from './getMany.description';

/** Get Many Followers' parameters (Return All/Limit, user info, output, Start After OpenID) for the blacklist. */
export const description: INodeProperties[] = getManyFollowers
	.filter((p) => p.name !== 'callsNotice')
	.map((p) => (p.name === 'options' ? { ...p, options: (p.options as INodeProperties[]).filter((o) => o.name !== 'tag') } : p));
