import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runCliCaught } from '../support/run-cli-caught.js';
import { csv, readCsv, runCli, tempDir, writeTemp } from '../support/run-cli.js';

/** Opt-in dates as CRMs and spreadsheets write them (issue 14), through the CLI. */

const samples = (name: string) => fileURLToPath(new URL(`../../samples/${name}`, import.meta.url));
const HEADER = ['crm_id', 'phone_number', 'Signed Up'];
const MAP = ['--map', 'opt_in_date=Signed Up'];
const phone = (i: number) => `+1415555${String(3100 + i).padStart(4, '0')}`;
const dated = (dates: readonly string[]) => csv(HEADER, dates.map((date, i) => [`D-${i}`, phone(i), date]));

const AMBIGUOUS = dated(['03/04/2024', '05/06/2024', '11/12/2024']);

async function validate(text: string, args: string[], options: { stdin?: boolean } = {}) {
  const dir = await tempDir();
  const input = await writeTemp('in.csv', text, dir);
  const results = join(dir, 'out.csv');
  const run = await runCliCaught(['validate', options.stdin === true ? '-' : input, '--results', results, ...MAP, ...args], options.stdin === true ? { stdin: text } : {});
  return { ...run, input, results: existsSync(results) ? await readCsv(results) : undefined };
}

describe('validate: slashed dates decided per file', () => {
  it('an ambiguous file stops with exit 2, naming the column, examples and the fix; nothing is written', async () => {
    const { code, stderr, input, results } = await validate(AMBIGUOUS, []);
    expect(code).toBe(2);
    expect(stderr).toContain(
      `Column "Signed Up" of ${input} has dates such as "03/04/2024", "05/06/2024" and "11/12/2024" that read as MM/DD/YYYY and as DD/MM/YYYY alike ` +
        '(none of its dates has a first or second number above 12). Say which with --date-format MM/DD/YYYY or --date-format DD/MM/YYYY.',
    );
    expect(results).toBeUndefined();
  });

  it('standard input is not read ahead of the run: its slashed dates are rejected row by row, naming --date-format', async () => {
    const { code, results } = await validate(AMBIGUOUS, [], { stdin: true });
    expect(code).toBe(1);
    expect(results?.map((row) => row['error_code'])).toEqual(['DATE_INVALID', 'DATE_INVALID', 'DATE_INVALID']);
    expect(results?.[0]?.['error_message']).toMatch(/^column "Signed Up": "03\/04\/2024" is not a date this tool reads: .*; for MM\/DD\/YYYY, DD\/MM\/YYYY and other forms give --date-format$/);
  });

  it.each([
    ['--date-format DD/MM/YYYY', AMBIGUOUS, ['--date-format', 'DD/MM/YYYY'], ['ok', 'ok', 'ok'], ''],
    ['--date-format MM/DD/YYYY', AMBIGUOUS, ['--date-format', 'MM/DD/YYYY'], ['ok', 'ok', 'ok'], ''],
    ['the file decides day first', dated(['03/04/2024', '25/06/2024']), [], ['ok', 'ok'], ''],
    ["Salesforce's date-times decide month first", dated(['3/4/2024 9:05 AM', '3/16/2024 11:30 PM']), [], ['ok', 'ok'], ''],
    ['standard input with --date-format', AMBIGUOUS, ['STDIN', '--date-format', 'DD/MM/YYYY'], ['ok', 'ok', 'ok'], ''],
    [
      'the forms read by themselves still are, beside the order the file shows',
      dated(['15.03.2024', '2024/03/15', 'March 15, 2024', '15 March 2024', '3/16/2024']), [], ['ok', 'ok', 'ok', 'ok', 'ok'], '',
    ],
    ['a time with seconds after one without', dated(['16/03/2024 13:05', '17/03/2024 09:05:10']), [], ['ok', 'ok'], ''],
    ["a preset's format, and the forms read by themselves", dated(['3/16/2024 9:05 AM', '15.03.2024', 'March 15, 2024']), ['--preset', 'salesforce'], ['ok', 'ok', 'ok'], ''],
    [
      'an impossible date in the order the file shows',
      dated(['25/06/2024', '30/02/2024']),
      [],
      ['ok', 'invalid'],
      'column "Signed Up": "30/02/2024" is not a real date-time (2024-02 has 29 days)',
    ],
  ])('%s', async (_name, text, args, statuses, message) => {
    const stdin = args.includes('STDIN');
    const { code, results, stderr } = await validate(text, args.filter((arg) => arg !== 'STDIN'), { stdin });
    expect(stderr).not.toContain('saleschat-bulk:');
    expect(results?.map((row) => row['status'])).toEqual(statuses);
    expect(results?.map((row) => row['error_message']).filter(Boolean).join(';')).toBe(message);
    expect(code).toBe(statuses.every((status) => status === 'ok') ? 0 : 1);
  });

  it.each([
    ['MM/DD/YYYT', '--date-format "MM/DD/YYYT" cannot be read: "YYY" is not a date token'],
    ['M/D/YYYY h:mm', '--date-format "M/D/YYYY h:mm" cannot be read: hh and h are a 12-hour clock: add A for AM/PM, or write HH for a 24-hour clock.'],
  ])('--date-format %j: exit 2 before anything is read', async (format, message) => {
    const { code, stderr } = await validate(AMBIGUOUS, ['--date-format', format]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});

describe('import: the instant sent for a date', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  /** Imports `input` into the sandbox and returns each row's stored opt-in date, as RFC 3339. */
  async function sentDates(input: string, args: string[]): Promise<string[]> {
    const dir = await tempDir();
    const results = join(dir, 'results.csv');
    const run = await runCli(['import', input, '--base-url', sandbox.url, '--org', 'org-dates', '--results', results, '--quiet', ...args], {
      env: { SALESCHAT_TOKEN: sandbox.token },
    });
    expect(run.stderr).not.toContain('saleschat-bulk:');
    const rows = await readCsv(results);
    return rows.map((row) => {
      const stored = sandbox.store.get(row['contact_id'] ?? '');
      return stored === undefined ? `${row['status']}: ${row['error_message']}` : new Date(stored.optInDate).toISOString();
    });
  }

  it("samples/bitrix24-export.csv: 05.06.2024 is 5 June (dotted dates are day first), every row ok", async () => {
    const sent = await sentDates(samples('bitrix24-export.csv'), ['--mapping-file', samples('bitrix24-mapping.json'), '--default-country', 'US']);
    expect(sent).toHaveLength(12);
    expect(sent[5]).toBe('2024-06-05T00:00:00.000Z');
    expect(sent[0]).toBe('2024-01-01T07:00:00.000Z'); // an offset in the file is honoured
  });

  it('a Salesforce export from a day-first locale: its dates decide the order, not the preset recognised from its header', async () => {
    // An org in en_AU exports "01/04/2024 9:05 AM" for 1 April; the preset's M/D/YYYY h:mm A read it as 4 January.
    const header = ['Contact ID', 'First Name', 'Last Name', 'Title', 'Account Name', 'Mobile', 'Email', 'Contact Owner', 'Lead Source', 'Created Date'];
    const row = (i: number, date: string) => [`0035g00000AuS${i}`, 'Olivia', 'Bennett', 'VP', 'Acme', phone(80 + i), 'o@example.com', 'Chris', 'Web', date];
    const input = await writeTemp('salesforce-au.csv', csv(header, [row(0, '01/04/2024 9:05 AM'), row(1, '16/03/2024 10:00 PM')]));
    expect(await sentDates(input, [])).toEqual(['2024-04-01T09:05:00.000Z', '2024-03-16T22:00:00.000Z']);
  });

  it('a Salesforce export whose dates could be either order reads them as the preset says', async () => {
    const header = ['Contact ID', 'First Name', 'Last Name', 'Title', 'Account Name', 'Mobile', 'Email', 'Contact Owner', 'Lead Source', 'Created Date'];
    const input = await writeTemp('salesforce-us.csv', csv(header, [['0035g00000UsA0', 'Ethan', 'Brooks', 'Buyer', 'Globex', phone(90), 'e@example.com', 'Chris', 'Web', '3/4/2024 2:22 PM']]));
    expect(await sentDates(input, [])).toEqual(['2024-03-04T14:22:00.000Z']);
  });

  it.each([
    ['no --timezone: UTC', 50, [], ['2024-07-15T10:00:00.000Z', '2024-01-15T10:00:00.000Z', '2024-07-15T10:00:00.000Z']],
    ['--timezone Europe/Berlin', 60, ['--timezone', 'Europe/Berlin'], ['2024-07-15T08:00:00.000Z', '2024-01-15T09:00:00.000Z', '2024-07-15T10:00:00.000Z']],
  ])('%s: a date-time without a zone is read there; one with Z is not moved', async (_name, first, args, expected) => {
    const dir = await tempDir();
    const dates = ['2024-07-15 10:00', '15.01.2024 10:00', '2024-07-15T10:00:00Z'];
    const input = await writeTemp('zoned.csv', csv(HEADER, dates.map((date, i) => [`Z-${first + i}`, phone(first + i), date])), dir);
    expect(await sentDates(input, [...MAP, ...args])).toEqual(expected);
  });
});
