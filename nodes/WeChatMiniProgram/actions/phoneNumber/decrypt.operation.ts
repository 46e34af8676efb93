/** Phone Number > Decrypt Encrypted Data: codec/userData.ts per item, with the credential's AppID; no call. */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { appCredentialsOf } from '../../../wechat/client/transport';
import { registerSecret } from '../../../wechat/codec/redact';
import { decryptUserData, UserDataError } from '../../../wechat/codec/userData';
import type { OperationRun } from '../../../wechat/items/router';
import { perItem } from '../../../wechat/items/router';

export async function execute(this: IExecuteFunctions): Promise<OperationRun> {
	const { appId } = await appCredentialsOf(this, 'weChatMiniProgramApi');
	return perItem(10, async (itemIndex) => {
		const read = (name: string) => String(this.getNodeParameter(name, itemIndex, '') ?? '').trim();
		const sessionKey = read('sessionKey');
		registerSecret(sessionKey);
		try {
			const { data, timestamp } = decryptUserData(read('encryptedData'), sessionKey, read('iv'), appId);
			const json: IDataObject = { ...(data as IDataObject) };
			if (timestamp) json.encryptedAt = new Date(timestamp * 1000).toISOString();
			return json;
		} catch (error) {
			if (!(error instanceof UserDataError)) return new NodeOperationError(this.getNode(), 'The data could not be decrypted', { itemIndex });
			return new NodeOperationError(this.getNode(), error.message, {
				itemIndex,
				description:
					error.field === 'AppID'
						? 'Use the credential of the Mini Program the user is in.'
						: `Check "${error.field}": map the values the Mini Program received together (encryptedData, iv) and the session_key of the same login.`,
			});
		}
	});
}
