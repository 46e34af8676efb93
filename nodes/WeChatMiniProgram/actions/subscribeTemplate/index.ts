import { subscribeTemplateResource } from '../../../wechat/subscription/templateResource';

export const { operations, description } = subscribeTemplateResource('miniProgram');
