import { describe, expect, it } from 'vitest';
import { mapHeader } from '../../src/contacts/header-map.js';
import { openCsv } from '../../src/io/read-csv.js';
import { inferDateFormat } from '../../src/run/date-scan.js';
import { collect, stdinOf, useTempDir } from '../io/helpers.js';

const temp = useTempDir();

/** A contact file whose opt-in dates (in a column headed `header`) are `dates`, one row each. */
function file(dates: readonly string[], header = 'opt_in_date'): string {
  const rows = dates.map((date, i) => `C-${i},+1415555${String(1000 + i).padStart(4, '0')},${date}`);
  return [`crm_id,phone_number,${header}`, ...rows].join('\n') + '\n';
}

let files = 0;

/** inferDateFormat over `text` as a file (reopened for the scan), as prepareInput calls it. */
async function inferFromFile(text: string, overrides: Record<string, string> = {}): Promise<string | undefined> {
  const path = await temp.write(`in-${files++}.csv`, text);
  const source = await openCsv(path);
  try {
    return await inferDateFormat(source, mapHeader(source.header, overrides), () => openCsv(path));
  } finally {
    source.close();
  }
}

const repeat = (count: number, date: string): string[] => Array.from({ length: count }, () => date);

describe('inferDateFormat: the order of a file of slashed dates', () => {
  it.each<[string, string[], string | undefined]>([
    ['a day above 12 first: day first', ['03/04/2024', '25/06/2024', '11/12/2024'], 'DD/MM/YYYY'],
    ['a day above 12 second: month first', ['03/04/2024', '06/25/2024'], 'MM/DD/YYYY'],
    ['unpadded, as spreadsheets write them', ['3/4/2024', '3/25/2024'], 'M/D/YYYY'],
    ['one cell decides among ISO dates and empty cells', ['2024-01-01', '', '20/03/2024', '2024-02-02'], 'DD/MM/YYYY'],
    ["Salesforce's date-time", ['3/16/2024 9:05 AM', '3/4/2024 10:00 PM'], 'M/D/YYYY h:mm A'],
    ['a time on a later date still counts', ['3/16/2024', '3/4/2024 10:00 PM'], 'M/D/YYYY h:mm A'],
    ['AM/PM written close', ['3/16/2024 9:05AM'], 'M/D/YYYY h:mmA'],
    ['a 24-hour time with seconds', ['16/03/2024 09:05:00', '01/02/2024 23:59:59'], 'DD/MM/YYYY H:mm:ss'],
    ['cells no order can read say nothing', ['13/14/2024', '0/5/2024', '03/25/2024'], 'MM/DD/YYYY'],
    ['no slashed dates: nothing to decide', ['2024-03-15', '15.03.2024', 'March 15, 2024', '1705312800'], undefined],
    ['no dates at all', ['', ''], undefined],
    ['only cells that are no date either way', ['13/14/2024'], undefined],
  ])('%s -> %j', async (_name, dates, expected) => {
    expect(await inferFromFile(file(dates))).toBe(expected);
  });

  it.each<[string, string[], string]>([
    [
      'every date reads both ways',
      ['03/04/2024', '05/06/2024', '2024-01-01', '11/12/2024', '01/02/2024'],
      'Column "opt_in_date" of IN has dates such as "03/04/2024", "05/06/2024" and "11/12/2024" that read as MM/DD/YYYY and as DD/MM/YYYY alike ' +
        '(none of its dates has a first or second number above 12). Say which with --date-format MM/DD/YYYY or --date-format DD/MM/YYYY.',
    ],
    [
      'ambiguous date-times name the format with its time',
      ['3/4/2024 9:05 AM', '3/4/2024 9:05 AM'],
      'Column "opt_in_date" of IN has dates such as "3/4/2024 9:05 AM" that read as M/D/YYYY h:mm A and as D/M/YYYY h:mm A alike',
    ],
    [
      'both orders',
      ['03/04/2024', '25/06/2024', '06/25/2024'],
      'Column "opt_in_date" of IN has dates in both orders: "25/06/2024" has the day first, "06/25/2024" the month first. ' +
        'Write them all one way, or give --date-format MM/DD/YYYY or --date-format DD/MM/YYYY (rows in the other order are then invalid).',
    ],
  ])('%s: exit 2, naming the column and examples', async (_name, dates, message) => {
    const path = await temp.write(`ambiguous-${files++}.csv`, file(dates));
    const source = await openCsv(path);
    const scan = inferDateFormat(source, mapHeader(source.header), () => openCsv(path));
    await expect(scan).rejects.toMatchObject({ name: 'UsageError', exitCode: 2, message: expect.stringContaining(message.replace('IN', path)) as unknown });
    source.close();
  });

  it('names the column as the file spells it', async () => {
    const text = file(['03/04/2024'], 'Signed Up');
    await expect(inferFromFile(text, { opt_in_date: 'Signed Up' })).rejects.toThrow(/^Column "Signed Up" of .* has dates such as "03\/04\/2024"/);
  });

  it('has nothing to decide without an opt-in date column (export reads only phone numbers)', async () => {
    const path = await temp.write('phones.csv', 'phone_number\n+14155551000\n');
    const source = await openCsv(path);
    const mapping = mapHeader(source.header, {}, { required: ['phone_number'] });
    expect(await inferDateFormat(source, mapping, () => openCsv(path))).toBeUndefined();
    source.close();
  });

  it('stops reading once the order is clear: a file mixing orders after its first 1,000 rows is not read that far', async () => {
    expect(await inferFromFile(file(['25/06/2024', ...repeat(1_500, '01/02/2024'), '06/25/2024']))).toBe('DD/MM/YYYY');
  });

  it('reads at most 10,000 rows, and says so when they did not decide', async () => {
    const scan = inferFromFile(file([...repeat(10_000, '01/02/2024'), '25/06/2024']));
    await expect(scan).rejects.toThrow('none of the dates in its first 10,000 rows has a first or second number above 12');
  });
});

describe('inferDateFormat: an input read only once is not read ahead of the run', () => {
  const text = file(['03/04/2024', '25/06/2024']);

  const cannotReopen = () => Promise.reject(new Error('standard input cannot be opened again'));

  it.each([
    ['standard input (no size)', cannotReopen],
    ['records handed over by code (nothing to reopen)', undefined],
  ])('%s: nothing decided, every row left for the run', async (_name, reopen) => {
    const source = await openCsv('-', { stdin: stdinOf(text) });
    expect(await inferDateFormat(source, mapHeader(source.header), reopen)).toBeUndefined();
    expect((await collect(source)).map((record) => record.fields[2])).toEqual(['03/04/2024', '25/06/2024']);
  });
});
