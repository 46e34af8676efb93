import type { INodeProperties } from 'n8n-workflow';

import { description as getManyFollowers } from '../follower/getMany.description';
import { tagLocator } from './fields';

/** Get Many Followers' parameters (Return All/Limit, user info, output, Start After OpenID) for one tag. */
export const description: INodeProperties[] = [
	tagLocator('tag', 'The tag whose followers are read'),
	...getManyFollowers
		.filter((p) => p.name !== 'callsNotice')
		.map((p) => (p.name === 'options' ? { ...p, options: (p.options as INodeProperties[]).filter((o) => o.name !== 'tag') } : p)),
];
