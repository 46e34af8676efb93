/**
 * The n8n execution context of tools/n8n-context (one implementation for tests and benchmarks), bound to the
 * credential classes of the TypeScript sources.
 */
import { WeChatMiniProgramApi } from '../../credentials/WeChatMiniProgramApi.credentials';
import { WeChatOfficialAccountApi } from '../../credentials/WeChatOfficialAccountApi.credentials';
import { withCredentialTypes } from '../../tools/n8n-context';

export { binaryOf, CredentialStore, httpRequest, simulatorStore } from '../../tools/n8n-context';
export type { ContextOptions, HttpLogEntry } from '../../tools/n8n-context';

export const { executeContext } = withCredentialTypes({
	weChatOfficialAccountApi: new WeChatOfficialAccountApi(),
	weChatMiniProgramApi: new WeChatMiniProgramApi(),
});
