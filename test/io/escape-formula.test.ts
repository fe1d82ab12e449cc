import { describe, expect, it } from 'vitest';
import { escapeFormula } from '../../src/io/escape-formula.js';

describe('escapeFormula', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['@x', "'@x"],
    ['+x', "'+x"],
    ['-x', "'-x"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'],
    ['normal', 'normal'],
    ['a=b', 'a=b'],
    [' =1', ' =1'],
    ["'=1", "''=1"],
    ['', ''],
  ])('%j -> %j', (cell, expected) => {
    expect(escapeFormula(cell)).toBe(expected);
  });
});
