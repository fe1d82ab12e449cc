import { describe, expect, it } from 'vitest';
import { parseDateFormatOption, parseTimezoneOption } from '../../src/config/date-format.js';
import { toLuxonFormat, withSecondsToggled } from '../../src/contacts/date-format.js';

describe('--date-format: formats a person writes, in Luxon words', () => {
  it.each([
    // [given, Luxon format, its date alone (for cells with no time)]
    ['MM/DD/YYYY', 'M/d/yyyy', undefined],
    [' DD.MM.YYYY ', 'd.M.yyyy', undefined],
    ['DD/MM/YYYY', 'd/M/yyyy', undefined],
    ['M/D/YYYY h:mm A', 'M/d/yyyy h:mm a', 'M/d/yyyy'],
    ['M/D/YYYY h:mm a', 'M/d/yyyy h:mm a', 'M/d/yyyy'],
    ['DD.MM.YYYY HH:mm:ss', 'd.M.yyyy H:mm:ss', 'd.M.yyyy'],
    ['YYYY-MM-DD hh:mm:ss A', 'yyyy-M-d h:mm:ss a', 'yyyy-M-d'],
    ['MM/DD/YY', 'M/d/yy', undefined],
    // Run together, a padded token keeps its width: only it tells where a number ends.
    ['YYYYMMDD', 'yyyyMMdd', undefined],
    ['DDMMYYYY HHmm', 'ddMMyyyy HHmm', 'ddMMyyyy'],
    ['h:mm A M/D/YYYY', 'h:mm a M/d/yyyy', undefined],
  ])('%j -> %j (date alone %j)', (given, full, dateOnly) => {
    const format = parseDateFormatOption(given);
    expect(format).toBe(given.trim());
    expect(toLuxonFormat(format)).toMatchObject({ full, dateOnly });
  });

  it.each([
    ['', '--date-format needs a format, e.g. MM/DD/YYYY, DD.MM.YYYY or "M/D/YYYY h:mm A".'],
    ['MM/DD/YYYY Q', '"Q" is not a date token; use YYYY (or YY), MM or M, DD or D, HH or H (24-hour), hh or h with A (12-hour, AM/PM), mm, ss, and separators such as / . - : , or a space'],
    ['dd/mm/yyyy', '"dd" is not a date token; use YYYY (or YY)'],
    ['YYYY-MM-DDTHH:mm', '"T" is not a date token'],
    ["DD'MM'YYYY", "a quote (') cannot be a separator"],
    ['MM/DD', 'it has no year: add YYYY'],
    ['DD/mm/YYYY', 'it has no month: add MM or M (mm, in lower case, is minutes)'],
    ['MM/YYYY', 'it has no day: add DD or D'],
    ['MM/DD/YYYY/YY', 'it gives the year twice (YYYY and YY)'],
    ['MM/DD/YYYYY', '"YYYYY" is not a date token'],
    ['MMDDYYY', '"YYY" is not a date token'],
    ['MM/DD/YYYY HH:mm h', 'it gives the hour twice (HH and h)'],
    ['M/D/YYYY h:mm', 'hh and h are a 12-hour clock: add A for AM/PM, or write HH for a 24-hour clock'],
    ['M/D/YYYY HH:mm A', 'A (AM/PM) goes with a 12-hour hh or h'],
    ['M/D/YYYY mm', 'it has minutes (mm) but no hour; MM, in upper case, is the month'],
    ['M/D/YYYY HH:ss', 'it has seconds (ss) but no minutes (mm)'],
  ])('refuses %j: %s', (given, why) => {
    expect(() => parseDateFormatOption(given)).toThrow(given === '' ? why : `--date-format ${JSON.stringify(given)} cannot be read: ${why}`);
  });
});

describe('withSecondsToggled: a format the tool chose, with or without seconds', () => {
  it.each<[string, string | undefined]>([
    ['DD/MM/YYYY H:mm', 'DD/MM/YYYY H:mm:ss'],
    ['DD/MM/YYYY H:mm:ss', 'DD/MM/YYYY H:mm'],
    ['M/D/YYYY h:mm A', 'M/D/YYYY h:mm:ss A'],
    ['M/D/YYYY h:mm:ssA', 'M/D/YYYY h:mmA'],
    ['M/D/YYYY h:mm a', 'M/D/YYYY h:mm:ss A'],
    ['DD/MM/YYYY', undefined],
    ['HH.mm.ss DD/MM/YYYY', undefined],
  ])('%j -> %j', (format, toggled) => {
    expect(withSecondsToggled(format)).toBe(toggled);
  });
});

describe('--timezone', () => {
  it.each([
    ['Europe/Berlin', 'Europe/Berlin'],
    [' America/New_York ', 'America/New_York'],
    ['UTC', 'UTC'],
  ])('%j -> %j', (given, zone) => {
    expect(parseTimezoneOption(given)).toBe(zone);
  });

  it.each(['Mars/Olympus', 'CET+1', ''])('refuses %j', (given) => {
    expect(() => parseTimezoneOption(given)).toThrow(/^--timezone takes an IANA time zone name/);
  });
});
