'use strict';
/**
 * The n8n execution context of tools/n8n-context (one implementation for tests and benchmarks), bound to the
 * BUILT credential classes in dist/, for driving the built node classes without TypeScript.
 */
const { CredentialStore, httpRequest, recordCallDurations, withCredentialTypes } = require('../tools/n8n-context');
const { WeChatMiniProgramApi } = require('../dist/credentials/WeChatMiniProgramApi.credentials');
const { WeChatOfficialAccountApi } = require('../dist/credentials/WeChatOfficialAccountApi.credentials');

const { executeContext } = withCredentialTypes({
	weChatOfficialAccountApi: new WeChatOfficialAccountApi(),
	weChatMiniProgramApi: new WeChatMiniProgramApi(),
});

module.exports = { CredentialStore, executeContext, httpRequest, recordCallDurations };
