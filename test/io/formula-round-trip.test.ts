import { describe, expect, it } from 'vitest';
import { escapeFormula, unescapeFormula } from '../../src/io/escape-formula.js';

/** The characters a spreadsheet reads as the start of a formula. */
const FORMULA_LEADS = ['=', '@', '+', '-', '\t', '\r'];
/** Those, the escape's own `'`, and ordinary characters: every case the escape can meet. */
const ALPHABET = [...FORMULA_LEADS, "'", 'a', ' ', '1'];

/** Every string over ALPHABET of length 0 to `max`. */
function allStrings(max: number): string[] {
  let level = [''];
  const all = [''];
  for (let length = 1; length <= max; length++) {
    level = level.flatMap((prefix) => ALPHABET.map((char) => prefix + char));
    all.push(...level);
  }
  return all;
}

/** Longer strings over ALPHABET from a fixed seed (mulberry32), so a failure reproduces. */
function randomStrings(count: number, seed: number): string[] {
  let state = seed;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () => {
    const length = 5 + Math.floor(next() * 12);
    return Array.from({ length }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]!).join('');
  });
}

describe('escapeFormula and unescapeFormula: a round trip', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['=HYPERLINK("x")', '\'=HYPERLINK("x")'],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ["'", "'"],
    ["''", "'''"],
    ["'=x", "''=x"],
    ["'+1", "''+1"],
    ["'\t", "''\t"],
    ["'abc", "'abc"],
    ["O'Brien", "O'Brien"],
    ['plain text', 'plain text'],
    ['', ''],
  ])('%j is written %j and read back as it was', (value, cell) => {
    expect(escapeFormula(value)).toBe(cell);
    expect(unescapeFormula(cell)).toBe(value);
  });

  const cases = [...allStrings(4), ...randomStrings(5_000, 10)];

  it(`gives back every value exactly (${cases.length} strings: all up to 4 characters, and longer random ones)`, () => {
    const lost = cases.filter((value) => unescapeFormula(escapeFormula(value)) !== value);
    expect(lost).toEqual([]);
  });

  it('never writes a cell a spreadsheet would run as a formula', () => {
    const formulas = cases.map(escapeFormula).filter((cell) => FORMULA_LEADS.includes(cell.charAt(0)));
    expect(formulas).toEqual([]);
  });
});
