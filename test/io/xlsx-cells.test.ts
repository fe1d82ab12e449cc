import { describe, expect, it } from 'vitest';
import { FORMULA_ERROR, cellText, isDateFormat } from '../../src/io/xlsx-cells.js';

/** The pure half of reading a workbook: what exceljs hands over, as the text Excel shows. */

const DAY = 86_400_000;
const wallClock = (iso: string) => new Date(`${iso}Z`);

describe('cellText', () => {
  it.each([
    ['a date-time a hair before the minute, rounded as Excel shows it', wallClock('2024-03-15T09:04:59.9996'), 'yyyy-mm-dd hh:mm', false, '2024-03-15T09:05:00'],
    ['a whole day in a date-only format', wallClock('2024-03-15T00:00:00'), 'd-mmm-yy', false, '2024-03-15'],
    ['a time alone, 1900 system', new Date(Date.UTC(1899, 11, 30) + 0.5 * DAY), 'h:mm AM/PM', false, '12:00:00'],
    ['a time alone, 1904 system', new Date(Date.UTC(1904, 0, 1) + 0.25 * DAY), 'h:mm', true, '06:00:00'],
    ['a day serial from a formula, 1900 system', 45366, 'yyyy-mm-dd', false, '2024-03-15'],
    ['a day serial from a formula, 1904 system', 45366 - 1462, 'yyyy-mm-dd', true, '2024-03-15'],
    ['a formula error exceljs made NaN', Number.NaN, undefined, false, FORMULA_ERROR],
    ['a negative integer in a zero-padded format', -42, '00000', false, '-00042'],
    ['a decimal in a zero-padded format stays a decimal', 4.5, '000', false, '4.5'],
    ['a phone number with a quoted plus', 447700900125, '"+"0', false, '+447700900125'],
    ['a phone number with an escaped plus', 447700900125, '\\+0', false, '+447700900125'],
    ['a phone number with a bare plus', 14155552671, '+0', false, '+14155552671'],
    ['a US phone number in a grouped format', 2125550100, '(###) ###-####', false, '(212) 555-0100'],
    ['a short number in a grouped format of zeros', 5550100, '000-000-0000', false, '000-555-0100'],
    ['digits beyond the places go to the first', 4412345, '"+"0 0', false, '+441234 5'],
    ['zero in places of # only shows nothing but the literals', 0, '"x"#', false, 'x'],
    ['a format with thousands is left to General', 1234567, '#,##0', false, '1234567'],
    ['a format with two sections is left to General', 5, '0;(0)', false, '5'],
    ['a large number that is exact without an exponent', 9_007_199_254_740_991, undefined, false, '9007199254740991'],
    // A 19-digit id (Zoho's 5725767000000412001) is held to 15 digits: written out, its zeros would name another id.
    ['an integer past exact digits in scientific notation, as Excel shows it', Number('5725767000000412001'), undefined, false, '5.72576700000041E+18'],
    ['the same in a format of digit places', Number('5725767000000412001'), '0', false, '5.72576700000041E+18'],
    ['a round one', 1e21, undefined, false, '1E+21'],
    ['text with an escaped carriage return', 'a_x000D_b', undefined, false, 'a\rb'],
    ['rich text with an empty run', { richText: [{ text: 'a' }, { text: null }, { text: 'b' }] }, undefined, false, 'ab'],
    ['a hyperlink whose text is rich', { text: { richText: [{ text: 'x' }] }, hyperlink: 'https://x.example' }, undefined, false, 'x'],
    ['a formula with a FALSE result', { formula: true, result: false }, undefined, false, 'FALSE'],
  ])('%s', (_label, value, numFmt, date1904, text) => {
    expect(cellText(value, { numFmt, date1904 })).toBe(text);
  });
});

describe('isDateFormat', () => {
  it.each([
    ['yyyy-mm-dd', true],
    ['[$-409]mmmm d, yyyy', true],
    ['h:mm:ss', true],
    ['General', false],
    ['0.00', false],
    ['"Day "0', false],
    ['[Red]0.00', false],
    ['00000', false],
  ])('%s: %s', (numFmt, date) => {
    expect(isDateFormat(numFmt)).toBe(date);
  });
});
