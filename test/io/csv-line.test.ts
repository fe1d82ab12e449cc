import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { csvLine, csvLines } from '../../src/io/csv-line.js';

/** csvLine replaced csv-stringify on the hot path; every file written before must read the same, byte for byte. */

const PIECES = ['', 'a', 'Ann', ' ', ',', ';', '\t', '|', '"', '""', '\n', '\r', '\r\n', "'", '=1+1', '-', '+1', '@x', 'é', '😀', '\u2028', '\0', 'a"b', 'x,y'];

/** A deterministic pseudo-random generator (mulberry32): the same cases on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomRow(next: () => number): string[] {
  const cells = 1 + Math.floor(next() * 6);
  return Array.from({ length: cells }, () => {
    const parts = Math.floor(next() * 4);
    return Array.from({ length: parts }, () => PIECES[Math.floor(next() * PIECES.length)]!).join('');
  });
}

describe('csvLine', () => {
  it.each([',', ';', '\t', '|'])('writes what csv-stringify writes, delimiter %j, for 5,000 rows of awkward cells', (delimiter) => {
    const next = random(delimiter.charCodeAt(0));
    for (let i = 0; i < 5000; i++) {
      const row = randomRow(next);
      expect(csvLine(row, delimiter), JSON.stringify(row)).toBe(stringify([row], { delimiter }));
    }
  });

  it('quotes only where needed, and doubles quotes', () => {
    expect(csvLine(['a', 'b c', 'x,y', 'say "hi"', 'two\nlines', ''], ',')).toBe('a,b c,"x,y","say ""hi""","two\nlines",\n');
  });

  it('writes many rows as one text', () => {
    expect(csvLines([['a', 'b'], ['c,d', '']], ',')).toBe('a,b\n"c,d",\n');
  });
});
