import { quotaResource } from '../../../wechat/growth/quotaResource';

/** Quota: the same resource on both app nodes, defined once in the core. */
export const { operations, description } = quotaResource('officialAccount');
