'use strict';
/**
 * Subscribe-message value rules by keyword type (the type is the key name without its trailing digits:
 * thing1 -> thing, character_string4 -> character_string). Mirrors WeChat's documented limits.
 * validate() returns null when the value is acceptable, else 'is empty' or 'invalid' (WeChat's wording).
 */

const HAN = /^\p{Script=Han}+$/u;
const CONTROL = /[\p{Cc}]/u;

/** @param {string} s */
const len = (s) => Array.from(s).length;

/** @param {string} d @param {string} m @param {string} day */
function okDate(d, m, day) {
	const y = Number(d);
	const mo = Number(m);
	const da = Number(day);
	return y >= 1000 && y <= 9999 && mo >= 1 && mo <= 12 && da >= 1 && da <= 31;
}
/** @param {string} h @param {string} mi @param {string|undefined} se */
function okTime(h, mi, se) {
	return Number(h) <= 23 && Number(mi) <= 59 && (se === undefined || Number(se) <= 59);
}

const DATE_PART = '(\\d{4})(?:年(\\d{1,2})月(\\d{1,2})日|-(\\d{1,2})-(\\d{1,2})|\\/(\\d{1,2})\\/(\\d{1,2}))';
const TIME_PART = '(\\d{1,2}):(\\d{2})(?::(\\d{2}))?';
const POINT_WITH_DATE = new RegExp(`^${DATE_PART}(?:\\s*${TIME_PART})?$`);
const POINT_TIME_ONLY = new RegExp(`^${TIME_PART}$`);

/**
 * One time point. mode 'time': a time is required, the date optional; mode 'date': a date is required,
 * the time optional.
 * @param {string} s @param {'time'|'date'} mode
 */
function okPoint(s, mode) {
	s = s.trim();
	let m = POINT_WITH_DATE.exec(s);
	if (m) {
		const mo = m[2] ?? m[4] ?? m[6];
		const da = m[3] ?? m[5] ?? m[7];
		if (!okDate(m[1], mo, da)) return false;
		if (m[8] === undefined) return mode === 'date';
		return okTime(m[8], m[9], m[10]);
	}
	if (mode === 'date') return false;
	m = POINT_TIME_ONLY.exec(s);
	return !!m && okTime(m[1], m[2], m[3]);
}

/** @param {string} s @param {'time'|'date'} mode */
function okRange(s, mode) {
	const parts = s.split('~');
	if (parts.length > 2) return false;
	return parts.every((p) => p.trim() !== '' && okPoint(p, mode));
}

/** @type {Record<string, (v: string) => boolean>} */
const RULES = {
	thing: (v) => len(v) <= 20,
	number: (v) => v.length <= 32 && /^\d+(\.\d+)?$/.test(v),
	letter: (v) => /^[A-Za-z]{1,32}$/.test(v),
	symbol: (v) => len(v) <= 5 && /^[^\p{L}\p{N}\s]+$/u.test(v),
	character_string: (v) => v.length <= 32 && /^[\x21-\x7e]+$/.test(v),
	time: (v) => okRange(v, 'time'),
	date: (v) => okRange(v, 'date'),
	amount: (v) => /^[¥￥$€£]?\d{1,10}(\.\d{1,2})?元?$/.test(v),
	phone_number: (v) => v.length <= 17 && /\d/.test(v) && /^[\d+\-() ]+$/.test(v),
	car_number: (v) => {
		const c = Array.from(v);
		if (c.length > 8) return false;
		return c.every((ch, i) => /^[A-Za-z0-9]$/.test(ch) || ((i === 0 || i === c.length - 1) && HAN.test(ch)));
	},
	name: (v) => (HAN.test(v) && len(v) <= 10) || (v.length <= 20 && /^[A-Za-z]/.test(v) && /^[A-Za-z .'·-]+$/.test(v)),
	phrase: (v) => HAN.test(v) && len(v) <= 5,
};

/** @param {string} key e.g. 'thing1' */
function keywordType(key) {
	const m = /^([a-z_]+?)(\d+)$/.exec(key);
	return m ? m[1] : key;
}

/**
 * @param {string} key keyword name from the template
 * @param {unknown} value the `value` sent in data[key]
 * @returns {null | 'is empty' | 'invalid'}
 */
function validate(key, value) {
	if (value === undefined || value === null) return 'is empty';
	if (typeof value !== 'string' && typeof value !== 'number') return 'invalid';
	const v = String(value);
	if (v === '') return 'is empty';
	if (CONTROL.test(v)) return 'invalid';
	const rule = RULES[keywordType(key)];
	if (!rule) return len(v) <= 20 ? null : 'invalid';
	return rule(v) ? null : 'invalid';
}

module.exports = { validate, keywordType, RULES };
