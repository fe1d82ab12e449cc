import { readFile, writeFile, appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JournaledRow } from '../../src/run/run-journal.js';
import { RunJournal, readJournal } from '../../src/run/run-journal.js';
import { tempDir } from '../support/run-cli.js';

function row(n: number): JournaledRow {
  return {
    row: n, crm_id: `C-${n}`, phone_number: '+14155552671', status: 'ok', action: 'created', contact_id: `c_${n}`,
    disposition: '', assign: '', http_status: 200, error_code: '', error_message: '', attempts: 1, line: n + 1, fingerprint: `run.${n}`,
  };
}

describe('RunJournal', () => {
  it('holds every row recorded, in the file at once, for readJournal', async () => {
    const path = join(await tempDir(), 'r.csv.journal');
    const journal = new RunJournal(path, 'run-1');
    for (const n of [3, 1, 2]) journal.record(row(n));
    const read = await readJournal(path);
    expect(read?.run).toBe('run-1');
    expect([...(read?.rows.keys() ?? [])]).toEqual([3, 1, 2]);
    expect(read?.rows.get(2)).toEqual(row(2));
    journal.remove();
  });

  it('compaction keeps only the rows not yet flushed to the results file, so it stays small on a long run', async () => {
    const path = join(await tempDir(), 'r.csv.journal');
    const journal = new RunJournal(path, 'run-1');
    for (let n = 1; n <= 5000; n++) journal.record(row(n));
    journal.compact(4990);
    const read = await readJournal(path);
    expect([...(read?.rows.keys() ?? [])]).toEqual([4991, 4992, 4993, 4994, 4995, 4996, 4997, 4998, 4999, 5000]);
    // Appends after a compaction go to the new file.
    journal.record(row(5001));
    expect((await readJournal(path))?.rows.has(5001)).toBe(true);
    journal.close();
  });

  it('does not compact before enough rows gathered (a rewrite per row would cost)', async () => {
    const path = join(await tempDir(), 'r.csv.journal');
    const journal = new RunJournal(path, 'run-1');
    for (let n = 1; n <= 10; n++) journal.record(row(n));
    journal.compact(10);
    expect((await readJournal(path))?.rows.size).toBe(10);
    journal.close();
  });

  it('a line torn by a crash is ignored; the rows before it are read', async () => {
    const path = join(await tempDir(), 'r.csv.journal');
    const journal = new RunJournal(path, 'run-1');
    journal.record(row(1));
    journal.close();
    await appendFile(path, JSON.stringify(row(2)).slice(0, 40));
    const read = await readJournal(path);
    expect([...(read?.rows.keys() ?? [])]).toEqual([1]);
    expect(await readFile(path, 'utf8')).toContain('"row":2');
  });

  it('no journal: undefined', async () => {
    expect(await readJournal(join(await tempDir(), 'none.journal'))).toBeUndefined();
    const empty = join(await tempDir(), 'empty.journal');
    await writeFile(empty, '');
    expect(await readJournal(empty)).toEqual({ run: undefined, rows: new Map() });
  });
});
