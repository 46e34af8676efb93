/**
 * Errcodes of the subscribe template library (/wxaapi/newtmpl/*: getcategory, getpubtemplatetitles,
 * getpubtemplatekeywords, addtemplate, gettemplate, deltemplate), Mini Program and Official Account alike: what
 * they mean and what to do. From WeChat's documentation of addTemplate and getPubTemplateTitleList. Part of the
 * catalogue in errcodes.ts (merged into ERRCODES there), kept apart so each file stays readable.
 */
import type { ErrcodeInfo } from './errcodes';

const input = (message: string, hint: string): ErrcodeInfo => ({ message, hint, handling: 'fail', scope: 'input' });
const account = (message: string, hint: string): ErrcodeInfo => ({ message, hint, handling: 'fail', scope: 'account' });

const LIBRARY = 'Subscribe Template > Search Public Templates lists the public templates of your account\'s categories (Get Categories lists the categories).';

export const TEMPLATE_LIBRARY_ERRCODES: Record<number, ErrcodeInfo> = {
	200011: account(
		'WeChat has banned this account from managing subscribe templates',
		'Read the notice in the WeChat console (mp.weixin.qq.com: the account\'s messages) for the reason and how to appeal; nothing in the workflow can fix it.',
	),
	200012: account(
		'The account already has as many subscribe templates as WeChat allows',
		'Delete a template the account no longer uses (Subscribe Template > Delete; Get Many lists them), then add the new one. WeChat documents the limit as 25 templates per account.',
	),
	200013: input(
		'WeChat has banned this public template: it cannot be added',
		`Pick another public template for the same purpose. ${LIBRARY}`,
	),
	200014: input(
		'The public template ID (tid) is not valid',
		`Use a tid from your account's categories: ${LIBRARY}`,
	),
	200016: input('The start of the public template page is not valid', 'Start must be a whole number, 0 or more (the node pages through the list itself with Return All).'),
	200017: input('The page size of the public template list is not valid', 'WeChat returns 1 to 30 public templates a call; the node pages through them with Return All, or set Limit.'),
	200018: input('No category given for the public template search', 'Choose at least one category (Subscribe Template > Get Categories lists your account\'s categories).'),
	200019: input(
		'A category ID of the public template search is not valid',
		'Use the category IDs Subscribe Template > Get Categories returns for this account (the service categories set for the account in the WeChat console).',
	),
	200020: input(
		'The keyword list (kidList) is not valid',
		'Choose 2 to 5 different keywords of this public template, by the kid Subscribe Template > Get Keywords returns for its tid.',
	),
	200021: input('The scene description (sceneDesc) is not valid', 'Describe where the template is used in at most 15 characters, e.g. "Order updates".'),
};
