/** The subscribe template library's errcodes (/wxaapi/newtmpl/*) are in the catalogue with plain-words fixes. */
import { describeErrcode, errcodeInfo, ERRCODES } from '../../../../nodes/wechat/client/errcodes';

test.each([
	[200011, /banned this account/, /WeChat console/],
	[200012, /as many subscribe templates as WeChat allows/, /Subscribe Template > Delete.*25 templates/],
	[200013, /banned this public template/, /another public template/],
	[200014, /public template ID \(tid\) is not valid/, /Search Public Templates/],
	[200016, /start of the public template page/, /0 or more/],
	[200017, /page size/, /1 to 30/],
	[200018, /No category/, /Get Categories/],
	[200019, /category ID .* not valid/, /Get Categories/],
	[200020, /keyword list \(kidList\)/, /2 to 5 different keywords.*Get Keywords/],
	[200021, /scene description \(sceneDesc\)/, /15 characters/],
])('errcode %i: %s', (errcode, message, hint) => {
	expect(ERRCODES[errcode]).toBeDefined();
	const info = errcodeInfo(errcode);
	expect(info.message).toMatch(message);
	expect(info.hint).toMatch(hint);
	expect(info.handling).toBe('fail'); // retrying cannot help: the input or the account must change
	expect(info.scope).not.toBe('recipient');
});

test('WeChat\'s errmsg stays beside ours', () => {
	expect(describeErrcode(200012, 'private template count reach max rid: 1-2-3')).toBe(
		'The account already has as many subscribe templates as WeChat allows (WeChat errcode 200012: private template count reach max rid: 1-2-3)',
	);
});
