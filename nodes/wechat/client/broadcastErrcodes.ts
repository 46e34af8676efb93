/**
 * Errcodes of follower tags, the blacklist, remarks and mass send (群发): what they mean and what to do. Part
 * of the catalogue in errcodes.ts (merged into ERRCODES there), kept apart so each file stays readable.
 */
import type { ErrcodeInfo } from './errcodes';

const input = (message: string, hint: string): ErrcodeInfo => ({ message, hint, handling: 'fail', scope: 'input' });
const account = (message: string, hint: string): ErrcodeInfo => ({ message, hint, handling: 'fail', scope: 'account' });

export const BROADCAST_ERRCODES: Record<number, ErrcodeInfo> = {
	45157: input('The tag name is not valid or another tag already has it', 'Tag names must be unique in the account: pick another name, or use the existing tag (Tag > Get Many lists them).'),
	45158: input('The tag name is too long', 'A tag name has at most 30 bytes (10 Chinese characters or 30 letters).'),
	45056: account('The account has too many tags', 'An Official Account can have at most 100 tags: delete tags it no longer needs (Tag > Delete).'),
	45057: input('The tag has more than 100,000 followers and cannot be deleted', 'Remove followers from the tag first (Tag > Remove Followers), then delete it.'),
	45058: input('System tags (0 Blocked, 1 Starred, 2 Not Followed back) cannot be changed or deleted', 'Pick a tag the account created (ID 100 or above).'),
	45059: {
		message: 'The follower already has the most tags WeChat allows (20)',
		hint: 'Remove one of the follower\'s tags first (Tag > Remove Followers).',
		handling: 'fail',
		scope: 'recipient',
		outcome: 'tooManyTags',
	},
	45159: input('The tag does not exist in this account', 'Pick the tag from the list, or check its ID with Tag > Get Many.'),
	49003: {
		message: 'The OpenID does not belong to this Official Account',
		hint: 'OpenIDs differ per account: use this account\'s OpenID (an OpenID from a Mini Program or another account does not work here).',
		handling: 'fail',
		scope: 'recipient',
		outcome: 'invalidOpenid',
	},
	40130: input('A mass send to an OpenID list needs at least 2 OpenIDs', 'Send to one person with a customer-service or template message, or use Mass Send > Preview.'),
	45028: account('The account has no mass send quota left', 'Subscription accounts may mass send once a day, service accounts 4 times a month per follower (WeChat\'s rule). Wait for the quota to renew.'),
	45065: input('A mass send with this Client Message ID was already accepted', 'WeChat keeps each clientmsgid for 24 hours: the earlier send stands (its msg_id is in the output).'),
	45066: {
		message: 'The same mass send was retried too soon',
		hint: 'WeChat asks to wait a minute before retrying a clientmsgid; run it again then: WeChat answers with the msg_id of the accepted send.',
		handling: 'fail',
		scope: 'transient',
	},
	45067: input('The Client Message ID is too long', 'WeChat takes at most 64 bytes.'),
	43019: {
		message: 'The recipient is on the account\'s blacklist: remove them from it in the WeChat console to reach them',
		hint: 'Blocked users receive nothing from the account (Follower > Unblock removes them from the blacklist).',
		handling: 'fail',
		scope: 'recipient',
	},
};
