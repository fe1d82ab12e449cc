import { describe, expect, it } from 'vitest';
import { MAX_LISTED, mayHoldOddBytes, takeCellBytes } from '../../src/io/cell-bytes.js';

/** The marker the marking step writes for a bad byte. */
const m = (byte: number): string => String.fromCodePoint(0x10ff00 + byte);

describe('takeCellBytes', () => {
  it.each([
    ['clean cells', ['A-1', 'Zoë', '😀'], ['A-1', 'Zoë', '😀'], undefined],
    ['a genuine U+FFFD is text, not a bad byte', ['A-1', 'Ren\uFFFD'], ['A-1', 'Ren\uFFFD'], undefined],
    ['a private-use character below the marker range is text', ['A-1', String.fromCodePoint(0x10ff7f)], ['A-1', String.fromCodePoint(0x10ff7f)], undefined],
    ['a NUL: kept in the cell, noted', ['A-1', 'Ad\0a'], ['A-1', 'Ad\0a'], [{ column: 1, nul: true, notUtf8: [] }]],
    ['a marker: U+FFFD in the cell, its byte noted', [`Ren${m(0xe9)}`, 'x'], ['Ren\uFFFD', 'x'], [{ column: 0, nul: false, notUtf8: [0xe9] }]],
    [
      'several markers, and a NUL in the same cell',
      ['x', `\0Zo${m(0xf0)}${m(0x9f)}${m(0x98)}`],
      ['x', '\0Zo\uFFFD\uFFFD\uFFFD'],
      [{ column: 1, nul: true, notUtf8: [0xf0, 0x9f, 0x98] }],
    ],
    ['bad bytes in two cells', [m(0x80), 'ok', `${m(0xc0)}${m(0xaf)}`], ['\uFFFD', 'ok', '\uFFFD\uFFFD'], [
      { column: 0, nul: false, notUtf8: [0x80] },
      { column: 2, nul: false, notUtf8: [0xc0, 0xaf] },
    ]],
  ])('%s', (_name, fields, cells, found) => {
    const record = [...fields];
    expect(takeCellBytes(record)).toEqual(found);
    expect(record).toEqual(cells);
  });

  it(`lists at most ${MAX_LISTED} bytes of a cell, and replaces them all`, () => {
    const record = [m(0xe9).repeat(20)];
    expect(takeCellBytes(record)).toEqual([{ column: 0, nul: false, notUtf8: Array<number>(MAX_LISTED).fill(0xe9) }]);
    expect(record).toEqual(['\uFFFD'.repeat(20)]);
  });
});

describe('mayHoldOddBytes', () => {
  it.each([
    ['clean bytes', Buffer.from('a,b\nZoë,😀\n'), false],
    ['a NUL', Buffer.from('a,\0\n'), true],
    ['a marker', Buffer.from(`a,${m(0xe9)}\n`), true],
    ['clean text', 'a,b\nZoë\n', false],
    ['text with a NUL', 'a\0', true],
    ['text with a marker', `a${m(0x80)}`, true],
  ])('%s', (_name, chunk, expected) => {
    expect(mayHoldOddBytes(chunk)).toBe(expected);
  });
});
