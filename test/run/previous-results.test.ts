import { existsSync } from 'node:fs';
import { readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfirmedRows, prepareResume, refuseOverUnfinishedImport, resumeFiles } from '../../src/run/previous-results.js';
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

describe('prepareResume: what it must not take as confirmed', () => {
  const whole = resultsCsv([row(1), row(2), row(3)]);
  const lastLine = whole.trimEnd().split('\n').at(-1)!;
  const start = whole.length - lastLine.length - 1;
  const at = (text: string, offset = 0) => start + lastLine.indexOf(text) + offset;

  it.each<[string, string, string | undefined]>([
    ['inside crm_id', whole.slice(0, at('C-3', 2)), undefined],
    ['inside the run part of the fingerprint', whole.slice(0, at(RUN, 5)), undefined],
    ['just after the fingerprint\'s dot', whole.slice(0, at(`${RUN}.`, RUN.length + 1)), undefined],
    ['inside the content part of the fingerprint', whole.slice(0, -2), undefined],
    ['inside a quoted cell', `${whole.slice(0, start)}3,"C,3`, undefined],
    ['(control) only the last newline lost: the row is whole', whole.slice(0, -1), 'c_3'],
  ])('a results file cut by a crash %s: the rows before are kept, the cut row is sent again', async (_name, text, third) => {
    const files = resumeFiles(join(await tempDir(), 'r.csv'));
    await writeFile(files.results, text);
    expect((await prepareResume(files, RUN)).path).toBe(files.resume);
    const confirmed = new ConfirmedRows(files.resume);
    const answers = [await confirmed.confirmed(1, `${RUN}.f1`), await confirmed.confirmed(2, `${RUN}.f2`), await confirmed.confirmed(3, `${RUN}.f3`)];
    confirmed.close();
    expect(answers.map((answer) => answer?.contact_id)).toEqual(['c_1', 'c_2', third]);
  });

  it.each<[string, string[]]>([
    ['with this run\'s header', [JSON.stringify({ resume: 1, run: RUN })]],
    ['without a header line', []],
  ])('a .resume file %s keeps only ok rows of this run that were sent', async (_name, header) => {
    const files = resumeFiles(join(await tempDir(), 'r.csv'));
    const rows = [row(1, { fingerprint: 'otherrun0000.f1' }), row(2, { fingerprint: `${RUN}.` }), row(3, { status: 'failed' }), row(4), row(5, { fingerprint: 'f5' })];
    await writeFile(files.resume, [...header, ...rows.map((r) => JSON.stringify(r)), '{"row": 6, "sta'].join('\n'));
    await prepareResume(files, RUN);
    expect((await kept(files.resume)).map((r) => r.row)).toEqual([4]);
  });

  it('a results file without fingerprints (validate wrote it) is set aside, never overwritten, and nothing is confirmed', async () => {
    const dir = await tempDir();
    const files = resumeFiles(join(dir, 'r.csv'));
    const validateOutput = `${RESULT_COLUMNS.join(',')}\n1,C-1,+14155552671,ok,none,,,,,,,0,2\n`;
    await writeFile(`${files.results}.bak`, 'an earlier copy\n');
    await writeFile(files.results, validateOutput);
    const prepared = await prepareResume(files, RUN);
    expect(prepared.path).toBeUndefined();
    expect(prepared.notices.join('\n')).toContain(`kept as ${files.results}.bak.2`);
    expect(await readFile(`${files.results}.bak.2`, 'utf8')).toBe(validateOutput);
    expect(await readFile(`${files.results}.bak`, 'utf8')).toBe('an earlier copy\n');
    expect(existsSync(files.results)).toBe(false);
  });

  it('no earlier file at all: nothing to resume, said so', async () => {
    const files = resumeFiles(join(await tempDir(), 'r.csv'));
    const prepared = await prepareResume(files, RUN);
    expect(prepared).toEqual({ path: undefined, notices: [`Nothing confirmed to resume from at ${files.results}: every row is sent.`] });
  });
});

describe('refuseOverUnfinishedImport: validate and --dry-run must not overwrite what --resume needs', () => {
  it.each<[string, ('journal' | 'resume')[]]>([
    ['a journal beside the results file (killed, interrupted, aborted)', ['journal']],
    ['a .resume file (a --resume run stopped before it had folded the journal in, or interrupted)', ['resume']],
    ['both', ['journal', 'resume']],
    ['neither (the import finished)', []],
  ])('%s', async (_name, sidecars) => {
    const files = resumeFiles(join(await tempDir(), 'r.csv'));
    for (const sidecar of sidecars) await writeFile(files[sidecar], `${JSON.stringify({ [sidecar]: 1, run: RUN })}\n`);
    const outcome = await refuseOverUnfinishedImport(files.results).then(() => 'ran', (error: unknown) => error);
    if (sidecars.length === 0) expect(outcome).toBe('ran');
    else for (const sidecar of sidecars) expect(outcome).toMatchObject({ exitCode: 2, message: expect.stringContaining(files[sidecar]) as unknown });
  });

  it('is not got round through a symlink to the results, nor the other way round', async () => {
    const dir = await tempDir();
    const files = resumeFiles(join(dir, 'r.csv'));
    await writeFile(files.results, '');
    await symlink(files.results, join(dir, 'link.csv'));
    await writeFile(files.journal, `${JSON.stringify({ journal: 1, run: RUN })}\n`);
    await expect(refuseOverUnfinishedImport(join(dir, 'link.csv'))).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining(files.journal) as unknown });
    // A journal beside the link: the import that left it wrote through the link.
    await rm(files.journal);
    await writeFile(join(dir, 'link.csv.journal'), `${JSON.stringify({ journal: 1, run: RUN })}\n`);
    await expect(refuseOverUnfinishedImport(join(dir, 'link.csv'))).rejects.toMatchObject({ exitCode: 2 });
  });

  it('standard output is never refused', async () => {
    await expect(refuseOverUnfinishedImport('-')).resolves.toBeUndefined();
  });
});
