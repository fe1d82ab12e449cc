import { describe, expect, it } from 'vitest';
import { chooseEncoding, detectBom, resolveEncoding } from '../../src/io/encoding.js';
import { firstInvalidUtf8 } from '../../src/io/sniff-text.js';

describe('resolveEncoding', () => {
  it.each([
    ['utf8', 'utf-8'],
    ['UTF-8', 'utf-8'],
    ['utf-16le', 'utf-16le'],
    ['utf16le', 'utf-16le'],
    ['ucs2', 'utf-16le'],
    ['utf-16be', 'utf-16be'],
    ['latin1', 'windows-1252'],
    ['iso-8859-1', 'windows-1252'],
    ['cp1252', 'windows-1252'],
    [' Windows-1252 ', 'windows-1252'],
    ['iso-8859-15', 'iso-8859-15'],
  ])('%j -> %j', (label, expected) => {
    expect(resolveEncoding(label)).toBe(expected);
  });

  it('names the supported encodings when it does not know one', () => {
    expect(() => resolveEncoding('ebcdic-ish')).toThrow(
      'Unknown encoding "ebcdic-ish": use one of utf-8, utf-16le, utf-16be, latin1, windows-1252, cp1252, iso-8859-1, macintosh (or another WHATWG encoding label)',
    );
  });
});

describe('detectBom and chooseEncoding', () => {
  it.each([
    [[0xef, 0xbb, 0xbf, 0x61], undefined, 'utf-8'],
    [[0xff, 0xfe, 0x61, 0x00], undefined, 'utf-16le'],
    [[0xfe, 0xff, 0x00, 0x61], undefined, 'utf-16be'],
    [[0xef, 0xbb, 0xbf, 0x61], 'windows-1252', 'utf-8'],
    [[0x61, 0x62], 'windows-1252', 'windows-1252'],
    [[0x61, 0x62], undefined, 'utf-8'],
    [[0xef, 0xbb], undefined, 'utf-8'],
  ])('%j with %j -> %j', (bytes, option, expected) => {
    expect(chooseEncoding(Buffer.from(bytes), option)).toBe(expected);
  });

  it('gives the BOM length', () => {
    expect(detectBom(Buffer.from([0xef, 0xbb, 0xbf]))).toEqual({ encoding: 'utf-8', length: 3 });
    expect(detectBom(Buffer.from('abc'))).toBeUndefined();
  });
});

describe('firstInvalidUtf8', () => {
  it.each([
    ['plain ASCII', Buffer.from('abc'), -1],
    ['multi-byte text', Buffer.from('aé€😀'), -1],
    ['a sequence cut at the end', Buffer.from('a€').subarray(0, 3), -1],
    ['a Latin-1 é', Buffer.from([0x61, 0xe9, 0x62]), 1],
    ['a lone continuation byte', Buffer.from([0x61, 0x80]), 1],
    ['an overlong slash', Buffer.from([0x61, 0xc0, 0xaf]), 1],
    ['an encoded surrogate', Buffer.from([0x61, 0xed, 0xa0, 0x80]), 1],
    ['a broken sequence mid-buffer', Buffer.from([0x61, 0xe2, 0x82, 0x41]), 1],
  ])('%s', (_label, bytes, expected) => {
    expect(firstInvalidUtf8(bytes)).toBe(expected);
  });
});
