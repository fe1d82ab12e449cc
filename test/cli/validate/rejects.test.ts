import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvLine } from '../../../src/io/csv-line.js';
import { csv, readCsv, runCli, tempDir, writeTemp } from '../../support/run-cli.js';

/** --rejects: the rows that did not end ok, as they came in and with why, ready to fix and feed back. */

describe('validate --rejects', () => {
  it.each([
    [
      'comma-separated',
      ',',
      [
        'CRM ID,Phone Number,Opt-In Date,Notes',
        'A-1,+14155552671,2024-01-01,fine',
        'A-2, 415 555 2672 ,2024-01-02,"needs --default-country, and ""quotes"""',
        'A-3,+14155552673,yesterday,=SUM(1)',
        'A-1,+14155552674,2024-01-04,dup',
        'A-5,+14155552675,2024-01-05',
      ],
      [
        ['A-2, 415 555 2672 ,2024-01-02,"needs --default-country, and ""quotes"""', 'PHONE_INVALID'],
        ['A-3,+14155552673,yesterday,=SUM(1)', 'DATE_INVALID'],
        // A short record is padded, so that its reason sits under error_code.
        ['A-5,+14155552675,2024-01-05,', 'COLUMN_COUNT'],
      ],
    ],
    [
      'semicolon-separated (Excel)',
      ';',
      ['crm_id;phone_number;opt_in_date', 'B-1;+14155552671;2024-01-01', 'B-2;4155552672;2024-01-01'],
      [['B-2;4155552672;2024-01-01', 'PHONE_INVALID']],
    ],
  ])('%s: the original header, delimiter and values of every row not ok, in order, then its reason; no duplicate', async (_name, delimiter, input, expected) => {
    const dir = await tempDir();
    const path = await writeTemp('in.csv', `${input.join('\n')}\n`, dir);
    const rejects = join(dir, 'rejects.csv');
    const run = await runCli(['validate', path, '--rejects', rejects, '--quiet']);
    expect(run.code).toBe(1);
    // The reasons are the results file's own, row for row.
    const invalid = (await readCsv(join(dir, 'in.results.csv'))).filter((row) => row['status'] === 'invalid');
    const lines = expected.map(([fields, code], i) => `${fields}${delimiter}${csvLine([code!, invalid[i]?.['error_message'] ?? ''], delimiter)}`);
    expect(await readFile(rejects, 'utf8')).toBe([`${input[0]}${delimiter}error_code${delimiter}error_message\n`, ...lines].join(''));
    expect(invalid.map((row) => row['error_code'])).toEqual(expected.map(([, code]) => code));
    expect(run.stderr).toContain(`rows to fix and re-run: ${rejects}`);
  });

  it('the rejects file, once fixed, validates clean: its reason columns are not taken for the contact', async () => {
    const dir = await tempDir();
    const path = await writeTemp(
      'in.csv',
      ['crm_id,Mobile,opt_in_date,first_name', 'A-1,+14155552671,2024-01-01,Ada', 'A-2,415 555 2672,2024-01-02,Bo*b', 'A-3,+14155552673,yesterday,Cy', ''].join('\n'),
      dir,
    );
    const rejects = join(dir, 'rejects.csv');
    const first = await runCli(['validate', path, '--rejects', rejects, '--map', 'phone_number=Mobile', '--quiet']);
    expect(first.code).toBe(1);
    const fixed = (await readFile(rejects, 'utf8')).replace('Bo*b', 'Bob').replace('yesterday', '2024-01-03');
    await writeFile(rejects, fixed);
    const again = await runCli(['validate', rejects, '--map', 'phone_number=Mobile', '--default-country', 'US', '--rejects', join(dir, 'rejects-2.csv'), '--quiet']);
    expect(again.code).toBe(0);
    expect((await readCsv(join(dir, 'rejects.results.csv'))).map((row) => [row['crm_id'], row['status']])).toEqual([
      ['A-2', 'ok'],
      ['A-3', 'ok'],
    ]);
    expect(await readFile(join(dir, 'rejects-2.csv'), 'utf8')).toBe('crm_id,Mobile,opt_in_date,first_name,error_code,error_message\n');
  });

  it('fed back unfixed, gives the same rows back with their new reasons, in the same columns', async () => {
    const dir = await tempDir();
    const header = ['crm_id', 'phone_number', 'opt_in_date', 'note'];
    const path = await writeTemp('in.csv', csv(header, [['A-1', '+14155552671', '2024-01-01', 'ok'], ['A-2', '4155552672', 'yesterday', 'both'], ['A-3', '4155552673', '2024-01-03', 'phone']]), dir);
    const rejects = join(dir, 'rejects.csv');
    expect((await runCli(['validate', path, '--rejects', rejects, '--quiet'])).code).toBe(1);
    const firstRows = await readCsv(rejects);
    expect(firstRows.map((row) => [row['crm_id'], row['error_code']])).toEqual([
      ['A-2', 'PHONE_INVALID;DATE_INVALID'],
      ['A-3', 'PHONE_INVALID'],
    ]);
    // Round again, with the phones now readable: only the date is left to fix.
    const rejectsAgain = join(dir, 'rejects-again.csv');
    expect((await runCli(['validate', rejects, '--default-country', 'US', '--results', join(dir, 'again.results.csv'), '--rejects', rejectsAgain, '--quiet'])).code).toBe(1);
    const text = await readFile(rejectsAgain, 'utf8');
    expect(text.split('\n')[0]).toBe('crm_id,phone_number,opt_in_date,note,error_code,error_message');
    const again = await readCsv(rejectsAgain);
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ crm_id: 'A-2', phone_number: '4155552672', opt_in_date: 'yesterday', note: 'both', error_code: 'DATE_INVALID' });
    expect(again[0]!['error_message']).toContain('"opt_in_date"');
  });

  it('is written beside a clean run too: just the header, with the reason columns', async () => {
    const dir = await tempDir();
    const path = await writeTemp('in.csv', 'crm_id,phone_number,opt_in_date\nA,+14155552671,2024-01-01\n', dir);
    const rejects = join(dir, 'rejects.csv');
    expect((await runCli(['validate', path, '--rejects', rejects, '--quiet'])).code).toBe(0);
    expect(await readFile(rejects, 'utf8')).toBe('crm_id,phone_number,opt_in_date,error_code,error_message\n');
  });
});

/**
 * Duplicates were dropped on purpose: fed back on their own, they would overwrite the row that was kept. Left out
 * unless --rejects-include-duplicates, whichever row --dedupe keeps, and also when the duplicate is invalid too.
 */
describe('validate --rejects: duplicates', () => {
  const rows = [
    ['D-1', '+14155552671', '2024-01-01', 'first'],
    ['D-2', 'nope', '2024-01-01', 'invalid, unique'],
    ['D-1', '+14155552672', '2024-01-02', 'second'],
    ['D-1', 'bad', '2024-01-03', 'third, invalid'],
    ['D-3', '+14155552673', '2024-01-03', 'unique'],
    ['D-1', '+14155552674', '2024-01-04', 'last'],
  ];

  it.each([
    ['first', [], ['invalid, unique']],
    ['first', ['--rejects-include-duplicates'], ['invalid, unique', 'second', 'third, invalid', 'last']],
    ['last', [], ['invalid, unique']],
    ['last', ['--rejects-include-duplicates'], ['first', 'invalid, unique', 'second', 'third, invalid']],
  ])('--dedupe %s %j: rejects hold %j', async (dedupe, flags, notes) => {
    const dir = await tempDir();
    const path = await writeTemp('in.csv', csv(['crm_id', 'phone_number', 'opt_in_date', 'note'], rows), dir);
    const rejects = join(dir, 'rejects.csv');
    const run = await runCli(['validate', path, '--dedupe', dedupe, '--rejects', rejects, ...flags, '--quiet']);
    expect(run.code).toBe(1);
    const written = await readCsv(rejects);
    expect(written.map((row) => row['note'])).toEqual(notes);
    // Each with its own reason: a duplicate's names the row kept.
    for (const row of written.filter((one) => one['note'] !== 'invalid, unique')) expect(row['error_code']).toContain('DUPLICATE_CRM_ID');
    // The results file has every row whatever goes to the rejects.
    expect(await readCsv(join(dir, 'in.results.csv'))).toHaveLength(rows.length);
  });
});
