import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseDelimiterOption } from '../../src/io/delimiter.js';

describe('detectDelimiter', () => {
  it.each([
    ['a,b,c', ','],
    ['a;b;c', ';'],
    ['a\tb\tc', '\t'],
    ['a|b|c', '|'],
    ['crm_id;phone;"Name, first";x', ';'],
    ['"a;b;c";"d|e|f",g,h', ','],
    ['a;b,c;d,e', ','],
    ['a;b|c', ';'],
    ['single', ','],
    ['', ','],
    ['\uFEFF\r\n\na;b\nx,y,z,w,v', ';'],
    ['a;b\n1,2,3,4,5', ';'],
  ])('%j -> %j', (text, expected) => {
    expect(detectDelimiter(text)).toBe(expected);
  });
});

describe('parseDelimiterOption', () => {
  it.each([
    ['\\t', '\t'],
    ['tab', '\t'],
    ['TAB', '\t'],
    ['\t', '\t'],
    [',', ','],
    [';', ';'],
    ['|', '|'],
    ['semicolon', ';'],
    ['x', 'x'],
  ])('%j -> %j', (value, expected) => {
    expect(parseDelimiterOption(value)).toBe(expected);
  });

  it.each(['', ';;', '"', '\n', '\r', 'comma2'])('refuses %j', (value) => {
    expect(() => parseDelimiterOption(value)).toThrow(/^Invalid delimiter/);
  });
});
