import { accessTokenResource } from '../../../wechat/growth/accessTokenResource';

/** Access Token: the same resource on both app nodes, defined once in the core. */
export const { operations, description } = accessTokenResource('officialAccount');
