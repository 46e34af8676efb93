import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { looksLikeWeChatId } from '../../../wechat/client/followers';
import type { ItemOutcome } from '../../../wechat/items/itemLoop';
import { stringParameter } from '../../../wechat/items/parameters';

export function invalidIdError(
	this: IExecuteFunctions,
	field: string,
	value: string,
	itemIndex: number,
	example: string,
): NodeOperationError {
	const empty = value === '';
	return new NodeOperationError(
		this.getNode(),
		empty ? `${field} is empty (item ${itemIndex})` : `${field} "${value}" is not a WeChat ${field} (item ${itemIndex})`,
		{
			itemIndex,
			description: empty
				? `Map the ${field} of each item, for example ${example}.`
				: `A WeChat ${field} is 28 letters, digits, - or _ (for example o6_bmasdasdsad6_2sgVt7hMZOPfL). Check the mapping: ${example}.`,
		},
	);
}

/**
 * The OpenID or UnionID parameter of each item: `values` in item order, an error outcome for each item whose
 * value is not a WeChat ID (it fails alone), and the distinct valid IDs to ask WeChat about.
 */
export function readWeChatIds(
	this: IExecuteFunctions,
	itemIndexes: number[],
	parameter: string,
	field: string,
	example: string,
): { values: string[]; outcomes: ItemOutcome[]; wanted: Set<string> } {
	const values = itemIndexes.map((i) => stringParameter.call(this, parameter, i));
	const outcomes: ItemOutcome[] = new Array<ItemOutcome>(itemIndexes.length);
	const wanted = new Set<string>();
	values.forEach((value, k) => {
		if (looksLikeWeChatId(value)) wanted.add(value);
		else outcomes[k] = invalidIdError.call(this, field, value, itemIndexes[k], example);
	});
	return { values, outcomes, wanted };
}
