import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsv, runCli, tempDir } from '../../support/run-cli.js';

/** Worker threads change how fast validate runs, never what it writes. Workers run dist/ (npm test builds it). */

/** Row i (1-based) of a mixed file: every 37th phone invalid, every 23rd row repeats the crm_id before it, a few ragged rows. */
function mixedLine(i: number): string {
  const crmId = i % 23 === 0 ? `C-${i - 1}` : `C-${i}`;
  const phone = i % 37 === 0 ? '+1 555' : `+1415555${String(i % 10_000).padStart(4, '0')}`;
  if (i % 401 === 0) return `${crmId},${phone}`; // one field short
  return `${crmId},${phone},2024-01-01,Name ${i}`;
}

function mixedFile(rows: number): string {
  const lines = ['crm_id,phone_number,opt_in_date,first_name'];
  for (let i = 1; i <= rows; i++) lines.push(mixedLine(i));
  return `${lines.join('\n')}\n`;
}

/** What validate must decide for mixedFile(rows), worked out independently: dedupe "first" over every non-empty crm_id. */
function expectedStatuses(rows: number): string[] {
  const seen = new Set<string>();
  const statuses: string[] = [];
  for (let i = 1; i <= rows; i++) {
    const crmId = i % 23 === 0 ? `C-${i - 1}` : `C-${i}`;
    const invalid = i % 37 === 0 || i % 401 === 0;
    statuses.push(invalid ? 'invalid' : seen.has(crmId) ? 'duplicate' : 'ok');
    seen.add(crmId);
  }
  return statuses;
}

let dir: string;

beforeAll(async () => {
  dir = await tempDir();
});

describe('validate --workers', () => {
  it.each([['first'], ['last']])('--workers 2 and --workers 0 write byte-identical results and rejects (--dedupe %s, 3,000 rows)', async (dedupe) => {
    const input = join(dir, `mixed-${dedupe}.csv`);
    await writeFile(input, mixedFile(3_000));
    const outputs = async (workers: string) => {
      const results = join(dir, `r-${dedupe}-${workers}.csv`);
      const rejects = join(dir, `x-${dedupe}-${workers}.csv`);
      const run = await runCli(['validate', input, '--workers', workers, '--dedupe', dedupe, '--results', results, '--rejects', rejects, '--quiet']);
      return { code: run.code, results: await readFile(results, 'utf8'), rejects: await readFile(rejects, 'utf8') };
    };
    const inline = await outputs('0');
    const threaded = await outputs('2');
    expect(inline.code).toBe(1);
    expect(threaded.code).toBe(1);
    expect(threaded.results === inline.results).toBe(true); // not toEqual: a 3,000-line diff helps nobody
    expect(threaded.rejects === inline.rejects).toBe(true);
    expect(inline.results.split('\n')).toHaveLength(3_002);
    if (dedupe === 'first') {
      expect((await readCsv(join(dir, 'r-first-2.csv'))).map((row) => row['status'])).toEqual(expectedStatuses(3_000));
    }
  });

  it('100,000 rows (over 2 MB, so on workers by default): every row exactly once, in order, and the counts in the summary', async () => {
    const rows = 100_000;
    const input = join(dir, 'big.csv');
    await writeFile(input, mixedFile(rows));
    const results = join(dir, 'big.results.csv');
    const summary = join(dir, 'big.json');
    const run = await runCli(['validate', input, '--results', results, '--summary-json', summary, '--quiet']);
    expect(run.code).toBe(1);

    // Split by hand: a CSV parser over 100,000 rows costs more than the run. No cell here holds a line break,
    // and row, crm_id, phone_number and status hold no comma.
    const lines = (await readFile(results, 'utf8')).split('\n');
    expect(lines.shift()).toMatch(/^row,crm_id,phone_number,status,/);
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(rows);
    const written = lines.map((line) => line.split(',', 4));
    const outOfPlace = written.findIndex(([row, crmId], i) => row !== String(i + 1) || crmId !== (i % 23 === 22 ? `C-${i}` : `C-${i + 1}`));
    expect(outOfPlace, `first row out of place: ${outOfPlace + 1}`).toBe(-1);
    const statuses = expectedStatuses(rows);
    const wrong = written.findIndex((cells, i) => cells[3] !== statuses[i]);
    expect(wrong, `first wrong status at row ${wrong + 1}`).toBe(-1);

    const count = (status: string) => statuses.filter((s) => s === status).length;
    const [ok, invalid, duplicate] = [count('ok'), count('invalid'), count('duplicate')];
    expect(ok + invalid + duplicate).toBe(rows);
    const format = (n: number) => n.toLocaleString('en-US');
    expect(run.stderr).toContain(`validate finished: ${format(rows)} rows in `);
    expect(run.stderr).toContain(`status: ${format(ok)} ok, ${format(invalid)} invalid, ${format(duplicate)} duplicate.`);
    expect(JSON.parse(await readFile(summary, 'utf8'))).toMatchObject({ rows, status: { ok, invalid, duplicate } });
  });
});
