/**
 * The app nodes as a workflow uses them: one action picked (Resource and Operation set), every other
 * parameter from the test's context. `new SendTemplateMessage().execute.call(ctx)` runs the real
 * WeChat Official Account node's router with resource 'templateMessage' and operation 'send'.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { WeChatMiniProgram } from '../../nodes/WeChatMiniProgram/WeChatMiniProgram.node';
import { WeChatOfficialAccount } from '../../nodes/WeChatOfficialAccount/WeChatOfficialAccount.node';

/** The context with Resource and Operation answered as the action's; everything else from `ctx`. */
export function withAction(ctx: IExecuteFunctions, resource: string, operation: string): IExecuteFunctions {
	const getNodeParameter = ctx.getNodeParameter.bind(ctx) as (...args: unknown[]) => unknown;
	return {
		...ctx,
		getNodeParameter: (...args: unknown[]) =>
			args[0] === 'resource' ? resource : args[0] === 'operation' ? operation : getNodeParameter(...args),
	} as IExecuteFunctions;
}

function action<N extends INodeType>(NodeClass: new () => N, resource: string, operation: string) {
	return class {
		readonly node = new NodeClass();
		readonly description = this.node.description;
		readonly methods = this.node.methods as Required<N>['methods'] & { listSearch: Record<string, (...args: never[]) => unknown> };

		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			return (await new NodeClass().execute!.call(withAction(this, resource, operation))) as INodeExecutionData[][];
		}
	};
}

export const GetManyFollowers = action(WeChatOfficialAccount, 'follower', 'getAll');
export const GetUnionId = action(WeChatOfficialAccount, 'user', 'getUnionId');
export const FindByUnionId = action(WeChatOfficialAccount, 'user', 'findByUnionId');
export const SendTemplateMessage = action(WeChatOfficialAccount, 'templateMessage', 'send');
export const SignJsSdkPage = action(WeChatOfficialAccount, 'jsSdk', 'sign');
export const SendCustomerServiceMessage = action(WeChatOfficialAccount, 'customerServiceMessage', 'send');
export const ShowTyping = action(WeChatOfficialAccount, 'customerServiceMessage', 'showTyping');
export const HideTyping = action(WeChatOfficialAccount, 'customerServiceMessage', 'hideTyping');
export const SendMiniProgramCustomerServiceMessage = action(WeChatMiniProgram, 'customerServiceMessage', 'send');
export const ShowMiniProgramTyping = action(WeChatMiniProgram, 'customerServiceMessage', 'showTyping');
export const ExchangeLoginCode = action(WeChatMiniProgram, 'login', 'exchangeCode');
export const SendSubscribeMessage = action(WeChatMiniProgram, 'subscribeMessage', 'send');

/** The action a Resolve UnionID-era test named by its operation: which node and Resource/Operation run. */
export const ACTION_OF_RESOLVE_OPERATION = {
	openIdToUnionId: GetUnionId,
	unionIdToOaOpenId: FindByUnionId,
	loginCodeToOpenId: ExchangeLoginCode,
} as const;
export const UploadMedia = action(WeChatOfficialAccount, 'media', 'upload');
export const DownloadMedia = action(WeChatOfficialAccount, 'media', 'download');
export const UploadMiniProgramMedia = action(WeChatMiniProgram, 'media', 'upload');
export const AddMaterial = action(WeChatOfficialAccount, 'media', 'addMaterial');
export const GetMaterial = action(WeChatOfficialAccount, 'media', 'getMaterial');
export const DeleteMaterial = action(WeChatOfficialAccount, 'media', 'deleteMaterial');
export const CountMaterials = action(WeChatOfficialAccount, 'media', 'countMaterials');
export const GetManyMaterials = action(WeChatOfficialAccount, 'media', 'getAllMaterials');
export const UploadArticleImage = action(WeChatOfficialAccount, 'media', 'uploadArticleImage');
export const TagAction = (operation: string) => action(WeChatOfficialAccount, 'tag', operation);
export const FollowerAction = (operation: string) => action(WeChatOfficialAccount, 'follower', operation);
export const MassSendAction = (operation: string) => action(WeChatOfficialAccount, 'massSend', operation);
