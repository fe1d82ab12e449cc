import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RESULT_COLUMNS } from '../../../src/io/result-row.js';
import { csv, readCsv, runCli, tempDir, writeTemp, type CliRun } from '../../support/run-cli.js';

/** The results file of `validate`, checked against CONTRACT.md "Results CSV". */

const CONTRACT_COLUMNS = 'row,crm_id,phone_number,status,action,contact_id,disposition,assign,http_status,error_code,error_message,attempts,line';

/** A header spelt the way people spell it: messages must name the columns this way. */
const INPUT = [
  'CRM ID,Phone Number,Opt-In Date,First Name',
  '=1+1,+14155552671,2024-01-01,Ada', // 1 ok; crm_id escaped, phone not
  '', // blank lines are not records
  'B-2,+1 555,yesterday,Bad*Name', // 2 three problems
  '',
  'C-3,+14155552673,2024-01-03', // 3 one field short
  'D-4,+14155552674,2024-01-04,Dee,extra', // 4 one field over
  '=1+1,+14155552675,2024-01-05,Dup', // 5 duplicate of row 1
  'E-5,+14155552676,2024-01-06,"two', // 6 a quoted line break: one record over two lines
  'lines"',
  ',+14155552677,2024-01-07,NoId', // 7 crm_id missing
  '@cmd,-14155552678,2024-01-08,At', // 8 escaped crm_id and phone
  'F-6,+14155552679,2024-01-09,"never closed', // 9 malformed: the quote runs to the end
  '',
].join('\n');

let dir: string;
let run: CliRun;
let rows: Record<string, string>[];
let resultsText: string;

beforeAll(async () => {
  dir = await tempDir();
  const input = await writeTemp('people.csv', INPUT, dir);
  run = await runCli(['validate', input, '--results', join(dir, 'out.csv'), '--quiet']);
  resultsText = await readFile(join(dir, 'out.csv'), 'utf8');
  rows = await readCsv(join(dir, 'out.csv'));
});

describe('validate: the results file', () => {
  it('has exactly the contract columns, in order', () => {
    expect(resultsText.split('\n')[0]).toBe(CONTRACT_COLUMNS);
    expect(RESULT_COLUMNS.join(',')).toBe(CONTRACT_COLUMNS);
  });

  it('has one row per input record, in input order, numbered from 1 without blank lines', () => {
    expect(rows.map((row) => row['row'])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('exits 4 when the file ends inside a quote that never closes (row 9), and says so in the summary', () => {
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/validate stopped early: 9 rows .*\n {2}status: 1 ok, 7 invalid, 1 duplicate\./);
    expect(run.stderr).toContain('INPUT NOT READ TO THE END: nothing from line 13 on was read');
  });

  it.each([
    [1, 2, 'ok', '', "'=1+1", '+14155552671'],
    [2, 4, 'invalid', 'PHONE_INVALID;DATE_INVALID;NAME_PATTERN', 'B-2', "'+1 555"],
    [3, 6, 'invalid', 'COLUMN_COUNT', 'C-3', '+14155552673'],
    [4, 7, 'invalid', 'COLUMN_COUNT', 'D-4', '+14155552674'],
    [5, 8, 'duplicate', 'DUPLICATE_CRM_ID', "'=1+1", '+14155552675'],
    [6, 9, 'invalid', 'NAME_PATTERN', 'E-5', '+14155552676'],
    [7, 11, 'invalid', 'REQUIRED', '', '+14155552677'],
    [8, 12, 'invalid', 'PHONE_INVALID', "'@cmd", "'-14155552678"],
  ])('row %i (line %i): %s %s, crm_id %s, phone %s', (row, line, status, code, crmId, phone) => {
    expect(rows[row - 1]).toEqual({
      row: String(row),
      line: String(line),
      crm_id: crmId,
      phone_number: phone,
      status,
      action: 'none',
      contact_id: '',
      disposition: '',
      assign: '',
      http_status: '',
      error_code: code,
      error_message: expect.any(String) as string,
      attempts: '0',
    });
    expect(rows[row - 1]!['error_message'] === '').toBe(status === 'ok');
  });

  it('a record the CSV parser cannot read is a row of its own', () => {
    expect(rows[8]).toMatchObject({ row: '9', status: 'invalid' });
    expect(rows[8]!['error_code']).toMatch(/^CSV_MALFORMED(;|$)/);
    expect(rows[8]!['error_message']).toMatch(/could not be read as CSV: unclosed quote/);
  });

  it('several problems: every code, joined by ";", and a message naming each column as the file spells it', () => {
    const message = rows[1]!['error_message']!;
    expect(message.split('; column ')).toHaveLength(3);
    expect(message).toMatch(/^column "Phone Number": "\+1 555" is not a valid phone number.*; column "Opt-In Date": "yesterday" is not a date.*; column "First Name": must not contain "\*"/);
  });

  it.each([
    [3, /^record has 3 fields, the header has 4$/],
    [4, /^record has 5 fields, the header has 4$/],
    [5, /^column "CRM ID": already appears in row 1 \(--dedupe first keeps the first\)$/],
    [6, /^column "First Name": must not contain "\*" or a line break$/],
    [7, /^column "CRM ID": is required but empty$/],
  ])('row %i says why in words: %s', (row, message) => {
    expect(rows[row - 1]!['error_message']).toMatch(message);
  });

  it('no cell of the results file starts a formula, except a valid E.164 phone number', () => {
    const cells = rows.flatMap((row) => Object.entries(row));
    for (const [column, value] of cells) {
      if (column === 'phone_number' && /^\+[1-9]\d{6,14}$/.test(value)) continue;
      expect(value, `${column}: ${value}`).not.toMatch(/^[=@+\-\t\r]/);
    }
  });
});

describe('validate: results of a single row', () => {
  it.each([
    ['a crm_id that is a formula', ['=HYPERLINK("x")', '+14155552671', '2024-01-01'], { crm_id: `'=HYPERLINK("x")`, status: 'ok' }],
    ['a crm_id starting with +', ['+42', '+14155552671', '2024-01-01'], { crm_id: "'+42", status: 'ok' }],
    ['a crm_id starting with -', ['-42', '+14155552671', '2024-01-01'], { crm_id: "'-42", status: 'ok' }],
    ['a valid E.164 phone is written as it is', ['A', '+442079460958', '2024-01-01'], { phone_number: '+442079460958', status: 'ok' }],
    ['a phone normalised to E.164', ['A', '+1 (415) 555-2671', '2024-01-01'], { phone_number: '+14155552671', status: 'ok' }],
    ['an invalid phone is escaped', ['A', '+1 555', '2024-01-01'], { phone_number: "'+1 555", error_code: 'PHONE_INVALID' }],
    ['an invalid formula phone is escaped', ['A', '=1+1', '2024-01-01'], { phone_number: "'=1+1", error_code: 'PHONE_INVALID' }],
    ['values are trimmed', ['  A  ', ' +14155552671 ', ' 2024-01-01 '], { crm_id: 'A', phone_number: '+14155552671', status: 'ok' }],
    ['every required cell empty', ['', '', ''], { error_code: 'REQUIRED;REQUIRED;REQUIRED', status: 'invalid' }],
    ['a crm_id of 129 characters', ['x'.repeat(129), '+14155552671', '2024-01-01'], { error_code: 'TOO_LONG', status: 'invalid' }],
  ])('%s', async (_name, cells, expected) => {
    const dir = await tempDir();
    const input = await writeTemp('one.csv', csv(['crm_id', 'phone_number', 'opt_in_date'], [cells]), dir);
    const { code } = await runCli(['validate', input, '--quiet']);
    const [row] = await readCsv(join(dir, 'one.results.csv'));
    expect(row).toMatchObject({ row: '1', ...expected });
    expect(code).toBe(row!['status'] === 'ok' ? 0 : 1);
  });
});
