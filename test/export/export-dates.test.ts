import { describe, expect, it } from 'vitest';
import { apiDateText } from '../../src/export/export-dates.js';

describe('apiDateText: API dates as RFC 3339', () => {
  it.each([
    ['epoch seconds as a number', 1704067200, '2024-01-01T00:00:00.000Z'],
    ['epoch seconds as a string', '1704067200', '2024-01-01T00:00:00.000Z'],
    ['epoch milliseconds as a number', 1704067200123, '2024-01-01T00:00:00.123Z'],
    ['epoch milliseconds as a string', '1704067200123', '2024-01-01T00:00:00.123Z'],
    ['RFC 3339 in UTC', '2024-01-15T10:00:00Z', '2024-01-15T10:00:00.000Z'],
    ['a date-time with an offset', '2024-01-15T10:00:00+02:00', '2024-01-15T08:00:00.000Z'],
    ['a date-time with microseconds', '2024-01-15T10:00:00.123456Z', '2024-01-15T10:00:00.123Z'],
    ['a date alone', '2024-01-15', '2024-01-15T00:00:00.000Z'],
    ['nothing', undefined, ''],
    ['null', null, ''],
    ['an empty string', '', ''],
    ['an unreadable value, passed through', 'next tuesday', 'next tuesday'],
    ['an impossible date, passed through', '2024-02-30T00:00:00Z', '2024-02-30T00:00:00Z'],
    ['an epoch of another length, passed through', 170406720, '170406720'],
  ])('%s', (_title, given, expected) => {
    expect(apiDateText(given)).toBe(expected);
  });
});
