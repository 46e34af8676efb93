import type { INodeProperties } from 'n8n-workflow';

import { operationParameters, operationProperty } from '../../../wechat/items/description';
import type { Operation } from '../../../wechat/items/router';
import { description as decryptDescription } from './decrypt.description';
import { execute as decrypt } from './decrypt.operation';
import { description as getFromCodeDescription } from './getFromCode.description';
import { execute as getFromCode } from './getFromCode.operation';

export const operations: Record<string, Operation> = { decrypt, getFromCode };

export const description: INodeProperties[] = [
	operationProperty(
		'phoneNumber',
		[
			{ name: 'Decrypt Encrypted Data', value: 'decrypt', description: 'Decrypt encryptedData (older phone number flow) with the user\'s session key', action: 'Decrypt encrypted user data' },
			{ name: 'Get From Button Code', value: 'getFromCode', description: 'Get the user\'s phone number from the code of the getPhoneNumber button (charged per success)', action: 'Get a phone number from a button code' },
		],
		'getFromCode',
	),
	...operationParameters('phoneNumber', 'decrypt', decryptDescription),
	...operationParameters('phoneNumber', 'getFromCode', getFromCodeDescription),
];
