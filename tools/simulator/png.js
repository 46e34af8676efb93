'use strict';
/** Small real PNG pictures (grayscale, a pattern from a seed) for QR codes and Mini Program codes. */
const crypto = require('crypto');
const zlib = require('zlib');

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

/** @param {Buffer} bytes */
function crc32(bytes) {
	let c = 0xffffffff;
	for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

/** @param {string} type @param {Buffer} data */
function chunk(type, data) {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([length, body, crc]);
}

/**
 * A square PNG of `modules` x `modules` black/white cells (`scale` pixels each) derived from `seed`, with the
 * seed in a tEXt chunk so a test can tell which code a picture is.
 * @param {string} seed @param {{ modules?: number, scale?: number }} [opts]
 */
function patternPng(seed, opts = {}) {
	const modules = opts.modules || 29;
	const scale = opts.scale || 4;
	const size = modules * scale;
	let bits = Buffer.alloc(0);
	for (let k = 0; bits.length * 8 < modules * modules; k++) bits = Buffer.concat([bits, crypto.createHash('sha256').update(`${seed}:${k}`).digest()]);
	const rows = [];
	for (let y = 0; y < size; y++) {
		const row = Buffer.alloc(size + 1);
		for (let x = 0; x < size; x++) {
			const cell = Math.floor(y / scale) * modules + Math.floor(x / scale);
			row[x + 1] = (bits[cell >> 3] >> (cell & 7)) & 1 ? 0 : 255;
		}
		rows.push(row);
	}
	const header = Buffer.alloc(13);
	header.writeUInt32BE(size, 0);
	header.writeUInt32BE(size, 4);
	header[8] = 8; // bit depth
	header[9] = 0; // grayscale
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('tEXt', Buffer.from(`Comment\0${seed}`, 'latin1')),
		chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

/** The seed a patternPng carries ('' when none). @param {Buffer} png */
function seedOf(png) {
	const at = png.indexOf(Buffer.from('tEXtComment\0', 'latin1'));
	if (at < 0) return '';
	const length = png.readUInt32BE(at - 4);
	return png.subarray(at + 12, at + 4 + length).toString('latin1');
}

module.exports = { patternPng, seedOf };
