import { mediaResource } from '../../../wechat/media/resource';

/** Media: the same resource on both app nodes, defined once in the core (the media types differ per app). */
export const { operations, description } = mediaResource('officialAccount');
