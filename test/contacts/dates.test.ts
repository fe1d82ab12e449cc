import { describe, expect, it } from 'vitest';
import { codes, outcome } from './helpers.js';

describe('opt_in_date: accepted, sent as RFC 3339 UTC', () => {
  it.each([
    ['2024-01-15', '2024-01-15T00:00:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['2024-01-15T10:00:00', '2024-01-15T10:00:00.000Z'],
    ['2024-01-15T10:00', '2024-01-15T10:00:00.000Z'],
    ['2024-01-15 10:00:00', '2024-01-15T10:00:00.000Z'],
    ['2024-01-15T10:00:00Z', '2024-01-15T10:00:00.000Z'],
    ['2024-01-15T10:00:00.5Z', '2024-01-15T10:00:00.500Z'],
    ['2024-01-15T10:00:00.123456789Z', '2024-01-15T10:00:00.123Z'],
    ['2024-01-15T10:00:00+02:00', '2024-01-15T08:00:00.000Z'],
    ['2024-01-15T10:00:00-05:30', '2024-01-15T15:30:00.000Z'],
    ['2024-01-15T01:00:00+0200', '2024-01-14T23:00:00.000Z'],
    ['2024-12-31T23:30:00.250-01:00', '2025-01-01T00:30:00.250Z'],
    ['1705312800', '2024-01-15T10:00:00.000Z'],
    ['1705312800123', '2024-01-15T10:00:00.123Z'],
    [' 2024-01-15 ', '2024-01-15T00:00:00.000Z'],
  ])('%j -> %s', (value, expected) => {
    expect(outcome('opt_in_date', value)).toBe(expected);
  });
});

describe('opt_in_date: rejected', () => {
  const forms = 'use YYYY-MM-DD, YYYY-MM-DDThh:mm:ss (optional fraction; Z or ±hh:mm offset, none means UTC), epoch seconds (10 digits) or epoch milliseconds (13 digits)';
  it.each([
    ['2024-02-30', '"2024-02-30" is not a real date-time (2024-02 has 29 days)'],
    ['2023-02-29', '"2023-02-29" is not a real date-time (2023-02 has 28 days)'],
    ['2024-04-31', '"2024-04-31" is not a real date-time (2024-04 has 30 days)'],
    ['2024-13-01', '"2024-13-01" is not a real date-time (there is no month 13)'],
    ['2024-00-10', '"2024-00-10" is not a real date-time (there is no month 0)'],
    ['2024-01-15T25:00:00', '"2024-01-15T25:00:00" is not a real date-time (there is no hour 25)'],
    ['2024-01-15T10:60:00', '"2024-01-15T10:60:00" is not a real date-time (there is no minute 60)'],
    ['2024-01-15T10:00:00+25:00', '"2024-01-15T10:00:00+25:00" is not a real date-time (the offset is out of range)'],
    ['01/15/2024', `"01/15/2024" is not a date this tool reads: ${forms}`],
    ['yesterday', `"yesterday" is not a date this tool reads: ${forms}`],
    ['2024-1-5', `"2024-1-5" is not a date this tool reads: ${forms}`],
    ['170531280', `"170531280" is not a date this tool reads: ${forms}`],
    ['17053128001', `"17053128001" is not a date this tool reads: ${forms}`],
    ['2024-01-15T10:00:00 UTC', `"2024-01-15T10:00:00 UTC" is not a date this tool reads: ${forms}`],
  ])('%j: %s', (value, reason) => {
    expect(outcome('opt_in_date', value)).toBe(`opt_in_date DATE_INVALID: ${reason}`);
  });

  it.each(['', ' '])('%j is REQUIRED', (value) => {
    expect(codes({ opt_in_date: value })).toBe('opt_in_date:REQUIRED');
  });
});
