import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv, runCli, tempDir, writeTemp } from '../../support/run-cli.js';

/** --rejects: the rows that did not end ok, as they came in, ready to fix and feed back. */

describe('validate --rejects', () => {
  it.each([
    [
      'comma-separated',
      [
        'CRM ID,Phone Number,Opt-In Date,Notes',
        'A-1,+14155552671,2024-01-01,fine',
        'A-2, 415 555 2672 ,2024-01-02,"needs --default-country, and ""quotes"""',
        'A-3,+14155552673,31/12/2024,=SUM(1)',
        'A-1,+14155552674,2024-01-04,dup',
        'A-5,+14155552675,2024-01-05',
        '',
      ].join('\n'),
      [
        'CRM ID,Phone Number,Opt-In Date,Notes',
        'A-2, 415 555 2672 ,2024-01-02,"needs --default-country, and ""quotes"""',
        'A-3,+14155552673,31/12/2024,=SUM(1)',
        'A-1,+14155552674,2024-01-04,dup',
        'A-5,+14155552675,2024-01-05',
        '',
      ].join('\n'),
    ],
    [
      'semicolon-separated (Excel)',
      ['crm_id;phone_number;opt_in_date', 'B-1;+14155552671;2024-01-01', 'B-2;+14155552672;2024-13-01', ''].join('\n'),
      ['crm_id;phone_number;opt_in_date', 'B-2;+14155552672;2024-13-01', ''].join('\n'),
    ],
  ])('%s: the original header, delimiter and values of every row not ok, in order', async (_name, input, expected) => {
    const dir = await tempDir();
    const path = await writeTemp('in.csv', input, dir);
    const rejects = join(dir, 'rejects.csv');
    const run = await runCli(['validate', path, '--rejects', rejects, '--quiet']);
    expect(run.code).toBe(1);
    expect(await readFile(rejects, 'utf8')).toBe(expected);
    expect(run.stderr).toContain(`rows to fix and re-run: ${rejects}`);
  });

  it('the rejects file, once fixed, validates clean', async () => {
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
    expect(await readFile(join(dir, 'rejects-2.csv'), 'utf8')).toBe('crm_id,Mobile,opt_in_date,first_name\n');
  });

  it('is written beside a clean run too: just the header', async () => {
    const dir = await tempDir();
    const path = await writeTemp('in.csv', 'crm_id,phone_number,opt_in_date\nA,+14155552671,2024-01-01\n', dir);
    const rejects = join(dir, 'rejects.csv');
    expect((await runCli(['validate', path, '--rejects', rejects, '--quiet'])).code).toBe(0);
    expect(await readFile(rejects, 'utf8')).toBe('crm_id,phone_number,opt_in_date\n');
  });
});
