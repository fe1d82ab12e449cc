import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfirmedRows, prepareResume, resumeFiles } from '../../src/run/previous-results.js';
import { RESULT_COLUMNS } from '../../src/io/result-row.js';
import type { JournaledRow } from '../../src/run/run-journal.js';
import { tempDir } from '../support/run-cli.js';

/** What --resume keeps: the rows confirmed ok, from the results file, a killed run's journal and an earlier .resume. */

const RUN = 'abc123abc123';

function row(n: number, fields: Partial<JournaledRow> = {}): JournaledRow {
  return {
    row: n, crm_id: `C-${n}`, phone_number: '+14155552671', status: 'ok', action: 'created', contact_id: `c_${n}`,
    disposition: '', assign: '', http_status: 200, error_code: '', error_message: '', attempts: 1, line: n + 1, fingerprint: `${RUN}.f${n}`,
    ...fields,
  };
}

function resultsCsv(rows: JournaledRow[]): string {
  const columns = [...RESULT_COLUMNS, 'fingerprint'];
  return [columns.join(','), ...rows.map((r) => columns.map((c) => String(r[c as keyof JournaledRow])).join(','))].join('\n') + '\n';
}

async function kept(path: string): Promise<JournaledRow[]> {
  return (await readFile(path, 'utf8')).trim().split('\n').slice(1).map((line) => JSON.parse(line) as JournaledRow);
}

describe('prepareResume', () => {
  it('folds results file, journal and an earlier .resume into one row-ordered record; the latest run wins where it sent something', async () => {
    const files = resumeFiles(join(await tempDir(), 'r.csv'));
    // The stopped run: rows 1-3 in its results (row 2 failed this time), rows 5 and 7 finished later, only journaled.
    await writeFile(files.results, resultsCsv([row(1), row(2, { status: 'failed', fingerprint: `${RUN}.f2new` }), row(3, { status: 'invalid', attempts: 0, fingerprint: `${RUN}.` })]));
    await writeFile(files.journal, [JSON.stringify({ journal: 1, run: RUN }), JSON.stringify(row(5)), JSON.stringify(row(7)), ''].join('\n'));
    // What the run before it confirmed: rows 2, 3, 4, 6.
    await writeFile(files.resume, [JSON.stringify({ resume: 1, run: RUN }), ...[2, 3, 4, 6].map((n) => JSON.stringify(row(n, { contact_id: `old_${n}` }))), ''].join('\n'));
    const prepared = await prepareResume(files, RUN);
    expect(prepared.path).toBe(files.resume);
    const rows = await kept(files.resume);
    expect(rows.map((r) => [r.row, r.contact_id])).toEqual([
      [1, 'c_1'], // the latest results
      // 2: failed in the latest run, which sent it: the older confirmation no longer holds
      [3, 'old_3'], // invalid in the latest run, nothing sent: the older confirmation stands
      [4, 'old_4'],
      [5, 'c_5'], // only in the journal
      [6, 'old_6'],
      [7, 'c_7'],
    ]);
    expect(existsSync(files.journal)).toBe(false);
    expect(existsSync(files.results)).toBe(false);
  });

  it.each([
    ['results file', (files: ReturnType<typeof resumeFiles>) => writeFile(files.results, resultsCsv([row(1, { fingerprint: 'otherrun0000.f1' })]))],
    ['journal', (files: ReturnType<typeof resumeFiles>) => writeFile(files.journal, `${JSON.stringify({ journal: 1, run: 'otherrun0000' })}\n`)],
    ['.resume file', (files: ReturnType<typeof resumeFiles>) => writeFile(files.resume, `${JSON.stringify({ resume: 1, run: 'otherrun0000' })}\n`)],
  ])('refuses (exit 2) a %s of another run, and leaves it as it was', async (_what, make) => {
    const files = resumeFiles(join(await tempDir(), 'r.csv'));
    await make(files);
    await expect(prepareResume(files, RUN)).rejects.toMatchObject({ exitCode: 2 });
  });

  it('ConfirmedRows answers only for the same row with the same fingerprint, asked concurrently in order', async () => {
    const files = resumeFiles(join(await tempDir(), 'r.csv'));
    await writeFile(files.results, resultsCsv([row(1), row(2), row(4)]));
    await prepareResume(files, RUN);
    const confirmed = new ConfirmedRows(files.resume);
    const answers = await Promise.all([
      confirmed.confirmed(1, `${RUN}.f1`),
      confirmed.confirmed(2, `${RUN}.changed`),
      confirmed.confirmed(3, `${RUN}.f3`),
      confirmed.confirmed(4, `${RUN}.f4`),
    ]);
    expect(answers.map((answer) => answer?.contact_id)).toEqual(['c_1', undefined, undefined, 'c_4']);
    confirmed.close();
  });
});
