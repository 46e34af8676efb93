/**
 * WeChat's value rules for subscribe-message keywords. The rule comes from the keyword's name: thing1 ->
 * thing, character_string4 -> character_string (WeChat names every keyword <type><number>), so values are
 * checked without loading the template. A value WeChat would refuse is refused here, before any call,
 * with the field, the rule and the value.
 */

const HAN = /\p{Script=Han}/u;
const ONLY_HAN = /^\p{Script=Han}+$/u;
const CONTROL = /\p{Cc}/u;

const chars = (s: string): string[] => Array.from(s);

const DATE = '(\\d{4})(?:年(\\d{1,2})月(\\d{1,2})日|-(\\d{1,2})-(\\d{1,2})|/(\\d{1,2})/(\\d{1,2}))';
const TIME = '(\\d{1,2}):(\\d{2})(?::(\\d{2}))?';
const DATE_AND_MAYBE_TIME = new RegExp(`^${DATE}(?:\\s*${TIME})?$`);
const TIME_ONLY = new RegExp(`^${TIME}$`);

function validDate(year: string, month: string, day: string): boolean {
	const m = Number(month);
	const d = Number(day);
	const y = Number(year);
	return y >= 1000 && m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function validTime(hour: string, minute: string, second: string | undefined): boolean {
	return Number(hour) <= 23 && Number(minute) <= 59 && (second === undefined || Number(second) <= 59);
}

/** One point in time; `need` says whether the time ('time') or the date ('date') is the required part. */
function validPoint(text: string, need: 'time' | 'date'): boolean {
	const s = text.trim();
	const m = DATE_AND_MAYBE_TIME.exec(s);
	if (m) {
		if (!validDate(m[1], m[2] ?? m[4] ?? m[6], m[3] ?? m[5] ?? m[7])) return false;
		return m[8] === undefined ? need === 'date' : validTime(m[8], m[9], m[10]);
	}
	const t = need === 'time' ? TIME_ONLY.exec(s) : null;
	return t !== null && validTime(t[1], t[2], t[3]);
}

/** A point, or a range of two points joined with ~. */
function validPointOrRange(s: string, need: 'time' | 'date'): boolean {
	const parts = s.split(/[~～]/);
	return parts.length <= 2 && parts.every((p) => p.trim() !== '' && validPoint(p, need));
}

interface Rule {
	/** The rule in words, as shown in the error. */
	text: string;
	/** The rule in a few words, as shown beside the keyword's field in the editor. */
	hint: string;
	test: (value: string) => boolean;
}

export const RULES: Record<string, Rule> = {
	thing: {
		text: 'at most 20 characters',
		hint: 'at most 20 characters',
		test: (v) => chars(v).length <= 20,
	},
	number: {
		text: 'digits only, at most 32, a decimal point allowed (e.g. 3 or 12.5)',
		hint: 'digits, at most 32',
		test: (v) => v.length <= 32 && /^\d+(\.\d+)?$/.test(v),
	},
	letter: {
		text: 'letters only (A-Z, a-z), at most 32',
		hint: 'letters, at most 32',
		test: (v) => /^[A-Za-z]{1,32}$/.test(v),
	},
	symbol: {
		text: 'symbols only (no letters, digits or spaces), at most 5',
		hint: 'symbols, at most 5',
		test: (v) => chars(v).length <= 5 && /^[^\p{L}\p{N}\s]+$/u.test(v),
	},
	character_string: {
		text: 'letters, digits and symbols only (no spaces or Chinese), at most 32',
		hint: 'letters, digits, symbols, at most 32',
		test: (v) => v.length <= 32 && /^[\x21-\x7e]+$/.test(v),
	},
	time: {
		text: 'a 24-hour time, optionally after a date (e.g. 15:01, 2024-05-01 15:01 or 2024年5月1日 15:01); a range joins two with ~',
		hint: 'e.g. 2024-05-01 15:01',
		test: (v) => validPointOrRange(v, 'time'),
	},
	date: {
		text: 'a date, optionally with a 24-hour time (e.g. 2024-05-01, 2024/05/01 or 2024年5月1日 15:01); a range joins two with ~',
		hint: 'e.g. 2024-05-01',
		test: (v) => validPointOrRange(v, 'date'),
	},
	amount: {
		text: 'a currency sign and at most 10 digits, up to 2 decimals, may end with 元 (e.g. ¥128.00 or 128元)',
		hint: 'e.g. ¥128.00',
		test: (v) => /^\p{Sc}?\d{1,10}(\.\d{1,2})?元?$/u.test(v),
	},
	phone_number: {
		text: 'at most 17 digits and phone symbols (+ - ( ) and spaces)',
		hint: 'digits, at most 17',
		test: (v) => v.length <= 17 && /\d/.test(v) && /^[\d+\-() ]+$/.test(v),
	},
	car_number: {
		text: 'at most 8 letters or digits; only the first and last may be a Chinese character (e.g. 粤A8Z888)',
		hint: 'plate, at most 8',
		test: (v) => {
			const c = chars(v);
			return c.length <= 8 && c.every((ch, i) => /^[A-Za-z0-9]$/.test(ch) || ((i === 0 || i === c.length - 1) && ONLY_HAN.test(ch)));
		},
	},
	name: {
		text: 'at most 10 Chinese characters, or at most 20 letters (a name with Chinese counts as Chinese)',
		hint: 'at most 10 Chinese or 20 letters',
		test: (v) =>
			HAN.test(v)
				? chars(v).length <= 10 && /^[\p{Script=Han}A-Za-z·• ]+$/u.test(v)
				: v.length <= 20 && /[A-Za-z]/.test(v) && /^[A-Za-z .'·-]+$/.test(v),
	},
	phrase: {
		text: 'at most 5 Chinese characters',
		hint: 'at most 5 Chinese characters',
		test: (v) => ONLY_HAN.test(v) && chars(v).length <= 5,
	},
};

/** thing1 -> thing; character_string12 -> character_string; a name without digits is its own type. */
export function keywordTypeOf(key: string): string {
	const m = /^([A-Za-z_]+?)_?(\d+)$/.exec(key);
	return m ? m[1] : key;
}

/** "thing, at most 20 characters": the keyword's type and WeChat's rule in a few words (the type alone without a rule). */
export function keywordHint(key: string): string {
	const type = keywordTypeOf(key);
	const rule = RULES[type];
	return rule ? `${type}, ${rule.hint}` : type;
}

export interface ValueProblem {
	type: string;
	/** What the value must do, completing "must ...": "be at most 20 characters", "not be empty". */
	requirement: string;
}

/** What is wrong with a value for this keyword, or undefined when WeChat accepts it. */
export function checkKeywordValue(key: string, value: string): ValueProblem | undefined {
	const type = keywordTypeOf(key);
	if (value === '') return { type, requirement: 'not be empty' };
	if (CONTROL.test(value)) return { type, requirement: 'not contain control characters (line breaks, tabs)' };
	const rule = RULES[type];
	if (rule && !rule.test(value)) return { type, requirement: `be ${rule.text}` };
	return undefined;
}

/**
 * The value cut to WeChat's length for `thing` (19 characters and …) and `name` (10 Chinese characters or
 * 20 letters); other values unchanged. Only what is too long is cut: a value with wrong characters stays
 * wrong.
 */
export function truncateKeywordValue(key: string, value: string): string {
	const type = keywordTypeOf(key);
	const c = chars(value);
	if (type === 'thing' && c.length > 20) return c.slice(0, 19).join('') + '…';
	if (type === 'name') {
		const limit = HAN.test(value) ? 10 : 20;
		if (c.length > limit) return c.slice(0, limit).join('').trimEnd();
	}
	return value;
}
