import { customerServiceResource } from '../../../wechat/messaging/customerServiceResource';

/** Customer-Service Message: the same resource on both app nodes, defined once in the core. */
export const { operations, description } = customerServiceResource('officialAccount');
