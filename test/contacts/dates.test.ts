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
  const forms =
    'use YYYY-MM-DD, YYYY-MM-DDThh:mm:ss (optional fraction; Z or ±hh:mm offset, none means UTC), epoch seconds (10 digits) or epoch milliseconds (13 digits), ' +
    'DD.MM.YYYY (optionally HH:mm or HH:mm:ss), YYYY/MM/DD, "March 15, 2024", "Mar 15, 2024" or "15 March 2024"; for MM/DD/YYYY, DD/MM/YYYY and other forms give --date-format';
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

describe('opt_in_date without --date-format: the forms that read only one way', () => {
  it.each([
    // Dotted dates are day first (the European convention): 05.06.2024 is 5 June, as Bitrix24 writes it.
    ['15.03.2024', '2024-03-15T00:00:00.000Z'],
    ['05.06.2024', '2024-06-05T00:00:00.000Z'],
    ['5.6.2024', '2024-06-05T00:00:00.000Z'],
    ['05.06.2024 10:30', '2024-06-05T10:30:00.000Z'],
    ['05.06.2024 10:30:15', '2024-06-05T10:30:15.000Z'],
    ['2024/03/15', '2024-03-15T00:00:00.000Z'],
    ['2024/3/5 7:05', '2024-03-05T07:05:00.000Z'],
    ['March 15, 2024', '2024-03-15T00:00:00.000Z'],
    ['march 15, 2024', '2024-03-15T00:00:00.000Z'],
    ['Mar 15, 2024', '2024-03-15T00:00:00.000Z'],
    ['15 March 2024', '2024-03-15T00:00:00.000Z'],
    ['15 Mar 2024', '2024-03-15T00:00:00.000Z'],
    ['May 1, 2024', '2024-05-01T00:00:00.000Z'],
  ])('%j -> %s', (value, expected) => {
    expect(outcome('opt_in_date', value)).toBe(expected);
  });

  const forms =
    'use YYYY-MM-DD, YYYY-MM-DDThh:mm:ss (optional fraction; Z or ±hh:mm offset, none means UTC), epoch seconds (10 digits) or epoch milliseconds (13 digits), ' +
    'DD.MM.YYYY (optionally HH:mm or HH:mm:ss), YYYY/MM/DD, "March 15, 2024", "Mar 15, 2024" or "15 March 2024"; for MM/DD/YYYY, DD/MM/YYYY and other forms give --date-format';
  it.each([
    ['31.04.2024', 'is not a real date-time (2024-04 has 30 days)'],
    ['29.02.2023', 'is not a real date-time (2023-02 has 28 days)'],
    ['15.13.2024', 'is not a real date-time (there is no month 13)'],
    ['15.03.2024 24:00', 'is not a real date-time (there is no hour 24)'],
    ['February 30, 2024', 'is not a real date-time (2024-02 has 29 days)'],
    ['2024/02/30', 'is not a real date-time (2024-02 has 29 days)'],
    // Slashed day/month is decided per file (run/date-scan.ts), never per cell.
    ['03/15/2024', `is not a date this tool reads: ${forms}`],
    ['15/03/2024', `is not a date this tool reads: ${forms}`],
    ['3/16/2024 9:05 AM', `is not a date this tool reads: ${forms}`],
    ['15.03.24', `is not a date this tool reads: ${forms}`],
    ['Sept 15, 2024', `is not a date this tool reads: ${forms}`],
    ['March 15 2024', `is not a date this tool reads: ${forms}`],
  ])('%j: %s', (value, reason) => {
    expect(outcome('opt_in_date', value)).toBe(`opt_in_date DATE_INVALID: ${JSON.stringify(value)} ${reason}`);
  });
});

describe('opt_in_date with --date-format and --timezone', () => {
  it.each([
    // [--date-format, --timezone, cell, sent]
    ['MM/DD/YYYY', undefined, '03/15/2024', '2024-03-15T00:00:00.000Z'],
    ['MM/DD/YYYY', undefined, '3/5/2024', '2024-03-05T00:00:00.000Z'],
    ['DD/MM/YYYY', undefined, '20/03/2024', '2024-03-20T00:00:00.000Z'],
    ['DD/MM/YYYY', undefined, '05/06/2024', '2024-06-05T00:00:00.000Z'],
    ['DD.MM.YYYY', undefined, '15.03.2024', '2024-03-15T00:00:00.000Z'],
    ['YYYY-DD-MM', undefined, '2024-20-03', '2024-03-20T00:00:00.000Z'],
    ['YYYYMMDD', undefined, '20240315', '2024-03-15T00:00:00.000Z'],
    ['M/D/YYYY h:mm A', undefined, '3/16/2024 9:05 AM', '2024-03-16T09:05:00.000Z'],
    ['M/D/YYYY h:mm A', undefined, '3/16/2024 9:05 pm', '2024-03-16T21:05:00.000Z'],
    ['M/D/YYYY h:mm A', undefined, '3/16/2024 12:05 AM', '2024-03-16T00:05:00.000Z'],
    ['M/D/YYYY h:mm A', undefined, '3/16/2024 12:05 PM', '2024-03-16T12:05:00.000Z'],
    ['M/D/YYYY h:mm A', undefined, '3/16/2024', '2024-03-16T00:00:00.000Z'], // a date-time format reads its date alone as midnight
    ['DD/MM/YYYY HH:mm:ss', undefined, '16/03/2024 23:59:59', '2024-03-16T23:59:59.000Z'],
    ['MM/DD/YY', undefined, '03/15/24', '2024-03-15T00:00:00.000Z'], // two-digit years: 00-59 are 20xx
    ['MM/DD/YY', undefined, '03/15/99', '1999-03-15T00:00:00.000Z'], // 60-99 are 19xx
    // --timezone: a date-time without a zone happened there.
    ['M/D/YYYY h:mm A', 'America/New_York', '3/16/2024 9:05 AM', '2024-03-16T13:05:00.000Z'],
    ['M/D/YYYY h:mm A', 'America/New_York', '1/16/2024 9:05 AM', '2024-01-16T14:05:00.000Z'],
    ['DD.MM.YYYY HH:mm', 'Europe/Berlin', '15.07.2024 10:00', '2024-07-15T08:00:00.000Z'],
    ['DD.MM.YYYY HH:mm', 'Europe/Berlin', '15.01.2024 10:00', '2024-01-15T09:00:00.000Z'],
    ['DD.MM.YYYY', 'Europe/Berlin', '15.03.2024', '2024-03-14T23:00:00.000Z'], // a date is that day's midnight there
    ['MM/DD/YYYY', 'UTC', '03/15/2024', '2024-03-15T00:00:00.000Z'],
    // Daylight-saving edges: the hour clocks skip is read an hour later; the hour they repeat, as its later instant.
    ['M/D/YYYY h:mm A', 'America/New_York', '3/10/2024 1:59 AM', '2024-03-10T06:59:00.000Z'],
    ['M/D/YYYY h:mm A', 'America/New_York', '3/10/2024 2:30 AM', '2024-03-10T07:30:00.000Z'],
    ['M/D/YYYY h:mm A', 'America/New_York', '3/10/2024 3:00 AM', '2024-03-10T07:00:00.000Z'],
    ['M/D/YYYY h:mm A', 'America/New_York', '11/3/2024 1:30 AM', '2024-11-03T06:30:00.000Z'],
    ['M/D/YYYY h:mm A', 'America/New_York', '11/3/2024 2:30 AM', '2024-11-03T07:30:00.000Z'],
    ['DD.MM.YYYY HH:mm', 'Europe/Berlin', '31.03.2024 01:59', '2024-03-31T00:59:00.000Z'],
    ['DD.MM.YYYY HH:mm', 'Europe/Berlin', '31.03.2024 02:30', '2024-03-31T01:30:00.000Z'],
    ['DD.MM.YYYY HH:mm', 'Europe/Berlin', '31.03.2024 03:00', '2024-03-31T01:00:00.000Z'],
    ['DD.MM.YYYY HH:mm', 'Europe/Berlin', '27.10.2024 02:30', '2024-10-27T01:30:00.000Z'],
    ['DD.MM.YYYY HH:mm', 'Europe/Berlin', '27.10.2024 03:00', '2024-10-27T02:00:00.000Z'],
    // ISO 8601 and epoch are read whatever the format; an offset or Z is honoured, a zone-less one is in --timezone.
    ['MM/DD/YYYY', undefined, '2024-03-15', '2024-03-15T00:00:00.000Z'],
    ['DD/MM/YYYY', undefined, '2024-03-15T10:00:00+02:00', '2024-03-15T08:00:00.000Z'],
    ['M/D/YYYY h:mm A', undefined, '1705312800', '2024-01-15T10:00:00.000Z'],
    ['DD.MM.YYYY', 'Europe/Berlin', '1705312800123', '2024-01-15T10:00:00.123Z'],
    ['DD.MM.YYYY', 'Europe/Berlin', '2024-03-15T10:00:00Z', '2024-03-15T10:00:00.000Z'],
    ['DD.MM.YYYY', 'Europe/Berlin', '2024-03-15T10:00:00-05:00', '2024-03-15T15:00:00.000Z'],
    [undefined, 'Europe/Berlin', '2024-07-15T10:00:00', '2024-07-15T08:00:00.000Z'],
    [undefined, 'Europe/Berlin', '2024-07-15 10:00:00.250', '2024-07-15T08:00:00.250Z'],
    [undefined, 'America/New_York', '2024-03-10T02:30:00', '2024-03-10T07:30:00.000Z'],
    [undefined, 'Europe/Berlin', '15.03.2024 10:00', '2024-03-15T09:00:00.000Z'],
    [undefined, 'Europe/Berlin', 'March 15, 2024', '2024-03-14T23:00:00.000Z'],
  ])('--date-format %j --timezone %j: %j -> %s', (dateFormat, timezone, value, expected) => {
    expect(outcome('opt_in_date', value, { ...(dateFormat === undefined ? {} : { dateFormat }), ...(timezone === undefined ? {} : { timezone }) })).toBe(expected);
  });

  const iso = 'YYYY-MM-DD, YYYY-MM-DDThh:mm:ss (optional fraction; Z or ±hh:mm offset, none means UTC), epoch seconds (10 digits) or epoch milliseconds (13 digits)';
  it.each([
    ['MM/DD/YYYY', '02/30/2024', 'is not a real date-time (2024-02 has 29 days)'],
    ['MM/DD/YYYY', '02/29/2023', 'is not a real date-time (2023-02 has 28 days)'],
    ['MM/DD/YYYY', '13/01/2024', 'is not a real date-time (there is no month 13)'],
    ['DD/MM/YYYY', '31/04/2024', 'is not a real date-time (2024-04 has 30 days)'],
    ['M/D/YYYY h:mm A', '3/16/2024 13:05 PM', 'is not a real date-time (13 is not an hour of a 12-hour clock)'],
    ['M/D/YYYY h:mm A', '3/16/2024 0:05 AM', 'is not a real date-time (0 is not an hour of a 12-hour clock)'],
    ['M/D/YYYY h:mm A', '3/16/2024 9:60 AM', 'is not a real date-time (there is no minute 60)'],
    ['DD.MM.YYYY HH:mm', '15.03.2024 24:00', 'is not a real date-time (there is no hour 24)'],
    ['MM/DD/YYYY', '15.03.2024', `is not a date this tool reads: use MM/DD/YYYY (--date-format), ${iso}`],
    ['MM/DD/YYYY', 'March 15, 2024', `is not a date this tool reads: use MM/DD/YYYY (--date-format), ${iso}`],
    ['MM/DD/YYYY', '03-15-2024', `is not a date this tool reads: use MM/DD/YYYY (--date-format), ${iso}`],
    ['M/D/YYYY h:mm A', '3/16/2024 9:05', `is not a date this tool reads: use M/D/YYYY h:mm A (--date-format), ${iso}`],
    ['YYYYMMDD', '2024315', `is not a date this tool reads: use YYYYMMDD (--date-format), ${iso}`],
  ])('--date-format %j: %j %s', (dateFormat, value, reason) => {
    expect(outcome('opt_in_date', value, { dateFormat })).toBe(`opt_in_date DATE_INVALID: ${JSON.stringify(value)} ${reason}`);
  });

  it('names --timezone where a zone-less date-time is read', () => {
    expect(outcome('opt_in_date', 'soon', { dateFormat: 'DD.MM.YYYY', timezone: 'Europe/Berlin' })).toBe(
      'opt_in_date DATE_INVALID: "soon" is not a date this tool reads: use DD.MM.YYYY (--date-format), ' +
        'YYYY-MM-DD, YYYY-MM-DDThh:mm:ss (optional fraction; Z or ±hh:mm offset, none means Europe/Berlin (--timezone)), epoch seconds (10 digits) or epoch milliseconds (13 digits)',
    );
  });
});

describe('opt_in_date with a format the file implies (the order its slashed dates show, or its preset\'s): the forms read by themselves still are', () => {
  it.each([
    // [implied format, cell, sent]
    ['M/D/YYYY', '3/16/2024', '2024-03-16T00:00:00.000Z'],
    ['M/D/YYYY', '15.03.2024', '2024-03-15T00:00:00.000Z'],
    ['M/D/YYYY', '2024/03/15', '2024-03-15T00:00:00.000Z'],
    ['M/D/YYYY', 'March 15, 2024', '2024-03-15T00:00:00.000Z'],
    ['M/D/YYYY', '15 March 2024', '2024-03-15T00:00:00.000Z'],
    ['M/D/YYYY', '2024-03-15T10:00:00Z', '2024-03-15T10:00:00.000Z'],
    ['M/D/YYYY', '1705312800', '2024-01-15T10:00:00.000Z'],
    ['DD/MM/YYYY', '16/03/2024', '2024-03-16T00:00:00.000Z'],
    ['DD/MM/YYYY', '05.06.2024 10:30', '2024-06-05T10:30:00.000Z'],
    // The time's shape came from one cell: seconds are read whether that cell had them or not.
    ['DD/MM/YYYY H:mm', '16/03/2024 13:05', '2024-03-16T13:05:00.000Z'],
    ['DD/MM/YYYY H:mm', '17/03/2024 09:05:10', '2024-03-17T09:05:10.000Z'],
    ['DD/MM/YYYY H:mm:ss', '16/03/2024 13:05', '2024-03-16T13:05:00.000Z'],
    ['DD/MM/YYYY H:mm', '18/03/2024', '2024-03-18T00:00:00.000Z'],
    ['M/D/YYYY h:mm A', '3/16/2024 9:05:30 PM', '2024-03-16T21:05:30.000Z'],
    // Presets' formats.
    ['M/D/YYYY h:mm A', '15.03.2024', '2024-03-15T00:00:00.000Z'],
    ['DD.MM.YYYY HH:mm:ss', '2024/03/15', '2024-03-15T00:00:00.000Z'],
    ['DD.MM.YYYY HH:mm:ss', '05.06.2024 10:04', '2024-06-05T10:04:00.000Z'],
    ['YYYY-MM-DD HH:mm', 'Mar 15, 2024', '2024-03-15T00:00:00.000Z'],
  ])('%j: %j -> %s', (impliedDateFormat, value, expected) => {
    expect(outcome('opt_in_date', value, { impliedDateFormat })).toBe(expected);
  });

  it('a --date-format of the person\'s own wins, and is the only other form read', () => {
    expect(outcome('opt_in_date', '15.03.2024', { dateFormat: 'MM/DD/YYYY', impliedDateFormat: 'M/D/YYYY' })).toMatch(/^opt_in_date DATE_INVALID: "15.03.2024" is not a date this tool reads: use MM\/DD\/YYYY \(--date-format\)/);
  });

  const iso = 'YYYY-MM-DD, YYYY-MM-DDThh:mm:ss (optional fraction; Z or ±hh:mm offset, none means UTC), epoch seconds (10 digits) or epoch milliseconds (13 digits)';
  const written = 'DD.MM.YYYY (optionally HH:mm or HH:mm:ss), YYYY/MM/DD, "March 15, 2024", "Mar 15, 2024" or "15 March 2024"';
  it.each([
    ['M/D/YYYY', '2/30/2024', 'is not a real date-time (2024-02 has 29 days)'],
    ['DD/MM/YYYY H:mm', '16/03/2024 24:00', 'is not a real date-time (there is no hour 24)'],
    ['M/D/YYYY', 'yesterday', `is not a date this tool reads: use M/D/YYYY (as this file's dates showed, or its preset; --date-format to choose), ${iso}, ${written}`],
  ])('%j: %j %s', (impliedDateFormat, value, reason) => {
    expect(outcome('opt_in_date', value, { impliedDateFormat })).toBe(`opt_in_date DATE_INVALID: ${JSON.stringify(value)} ${reason}`);
  });
});
