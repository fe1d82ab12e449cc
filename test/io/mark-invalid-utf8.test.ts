import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Utf8Marker, incompleteTail, markInvalidUtf8, markInvalidUtf8Chunks } from '../../src/io/mark-invalid-utf8.js';

/** The marker for a bad byte, as UTF-8: U+10FF00 + byte. */
const M = (byte: number): number[] => [...Buffer.from(String.fromCodePoint(0x10ff00 + byte))];
const text = (value: string): number[] => [...Buffer.from(value)];

describe('markInvalidUtf8', () => {
  it.each([
    ['ASCII', [0x61, 0x2c, 0x62], [0x61, 0x2c, 0x62]],
    ['é, €, 😀 and a genuine U+FFFD', text('é€😀\uFFFD'), text('é€😀\uFFFD')],
    ['the last code point, U+10FFFF', [0xf4, 0x8f, 0xbf, 0xbf], [0xf4, 0x8f, 0xbf, 0xbf]],
    ['a NUL (valid UTF-8: the parser deals with it)', [0x61, 0x00, 0x62], [0x61, 0x00, 0x62]],
    ['Latin-1 é', [0x52, 0xe9, 0x2c], [0x52, ...M(0xe9), 0x2c]],
    ['a lone continuation byte', [0x41, 0x80, 0x42], [0x41, ...M(0x80), 0x42]],
    ['overlong "/" (C0 AF)', [0xc0, 0xaf], [...M(0xc0), ...M(0xaf)]],
    ['overlong 3-byte (E0 80 AF)', [0xe0, 0x80, 0xaf], [...M(0xe0), ...M(0x80), ...M(0xaf)]],
    ['a UTF-16 surrogate (ED A0 80)', [0xed, 0xa0, 0x80], [...M(0xed), ...M(0xa0), ...M(0x80)]],
    ['past U+10FFFF (F4 90 80 80)', [0xf4, 0x90, 0x80, 0x80], [...M(0xf4), ...M(0x90), ...M(0x80), ...M(0x80)]],
    ['bytes never in UTF-8 (F5, FF)', [0xf5, 0xff], [...M(0xf5), ...M(0xff)]],
    ['a 4-byte sequence cut short before a comma', [0xf0, 0x9f, 0x98, 0x2c], [...M(0xf0), ...M(0x9f), ...M(0x98), 0x2c]],
    ['a 4-byte sequence cut short by the end of the input', [0x41, 0xf0, 0x9f, 0x98], [0x41, ...M(0xf0), ...M(0x9f), ...M(0x98)]],
    ['a 2-byte lead before ASCII', [0xc3, 0x41], [...M(0xc3), 0x41]],
  ])('%s', (_name, input, expected) => {
    expect([...markInvalidUtf8(Uint8Array.from(input))]).toEqual(expected);
  });

  it('marked output is valid UTF-8 and decodes to one marker per bad byte', () => {
    const marked = markInvalidUtf8(Uint8Array.from([0x61, 0xe9, 0x80, 0x62]));
    expect(new TextDecoder('utf-8', { fatal: true }).decode(marked)).toBe(`a${String.fromCodePoint(0x10ffe9, 0x10ff80)}b`);
  });
});

describe('incompleteTail', () => {
  it.each([
    ['ASCII', [0x61], 0],
    ['a complete é', text('aé'), 0],
    ['the first byte of é', [0x61, 0xc3], 1],
    ['two bytes of €', [0x61, 0xe2, 0x82], 2],
    ['three bytes of 😀', [0x61, 0xf0, 0x9f, 0x98], 3],
    ['a complete 😀', text('😀'), 0],
    ['a lead that cannot start a sequence', [0x61, 0xc0], 0],
    ['a prefix already bad (E0 80)', [0x61, 0xe0, 0x80], 0],
    ['continuation bytes with no lead in reach', [0x80, 0x80, 0x80], 0],
  ])('%s', (_name, input, expected) => {
    expect(incompleteTail(Uint8Array.from(input))).toBe(expected);
  });
});

/** Every kind of sequence, good and bad, side by side: any cut falls inside or beside one of them. */
const MIXED = Uint8Array.from([
  ...text('a,é\n€😀'),
  0xe9,
  0x2c,
  0x80,
  0xc0,
  0xaf,
  ...text('\uFFFD'),
  0xe0,
  0x80,
  0xaf,
  0xf0,
  0x9f,
  0x98,
  0x2c,
  0x00,
  0xed,
  0xa0,
  0x80,
  ...text('Ж'),
  0xf0,
  0x9f,
]);

function throughMarker(pieces: Uint8Array[]): number[] {
  const marker = new Utf8Marker();
  const out = pieces.map((piece) => [...marker.push(Buffer.from(piece))]);
  return [...out.flat(), ...marker.end()];
}

describe('Utf8Marker: where chunks split never changes the output', () => {
  const whole = [...markInvalidUtf8(MIXED)];

  it('the whole buffer at once marks exactly the bad bytes', () => {
    expect(whole).toEqual([
      ...text('a,é\n€😀'),
      ...M(0xe9),
      0x2c,
      ...M(0x80),
      ...M(0xc0),
      ...M(0xaf),
      ...text('\uFFFD'),
      ...M(0xe0),
      ...M(0x80),
      ...M(0xaf),
      ...M(0xf0),
      ...M(0x9f),
      ...M(0x98),
      0x2c,
      0x00,
      ...M(0xed),
      ...M(0xa0),
      ...M(0x80),
      ...text('Ж'),
      ...M(0xf0),
      ...M(0x9f),
    ]);
    expect(throughMarker([MIXED])).toEqual(whole);
  });

  it.each(Array.from({ length: MIXED.length + 1 }, (_, cut) => [cut]))('one cut at offset %i', (cut) => {
    expect(throughMarker([MIXED.subarray(0, cut), MIXED.subarray(cut)])).toEqual(whole);
  });

  it('two cuts at every pair of offsets', () => {
    const wrong: string[] = [];
    for (let first = 0; first <= MIXED.length; first++) {
      for (let second = first; second <= MIXED.length; second++) {
        const out = throughMarker([MIXED.subarray(0, first), MIXED.subarray(first, second), MIXED.subarray(second)]);
        if (Buffer.compare(Buffer.from(out), Buffer.from(whole)) !== 0) wrong.push(`${first}/${second}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('one byte at a time, as a stream', async () => {
    const bytes = Readable.from([...MIXED].map((byte) => Buffer.from([byte])));
    const out: Buffer[] = [];
    for await (const chunk of markInvalidUtf8Chunks(bytes)) out.push(chunk);
    expect([...Buffer.concat(out)]).toEqual(whole);
    expect(out.every((chunk) => chunk.length > 0)).toBe(true);
  });

  it('a clean chunk is passed on as it is, not copied', () => {
    const chunk = Buffer.from('crm_id,name\nA-1,Zoë\n');
    expect(new Utf8Marker().push(chunk)).toBe(chunk);
  });
});
