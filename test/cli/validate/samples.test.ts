import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCsv, runCli, tempDir } from '../../support/run-cli.js';

/** Every sample runs as a test, as the README shows it; results go to a temp dir, never into samples/. */

const samples = (name: string) => fileURLToPath(new URL(`../../../samples/${name}`, import.meta.url));

interface Sample {
  file: string;
  flags: string[];
  code: number;
  counts: Record<string, number>;
  /** error_code of every row not ok, by row number. */
  problems: Record<number, string>;
  /** The one warning about ignored columns, if any. */
  ignored?: string;
}

const SAMPLES: Sample[] = [
  {
    file: 'contacts.csv',
    flags: [],
    code: 1,
    counts: { ok: 46, invalid: 5, duplicate: 2 },
    problems: { 47: 'PHONE_INVALID', 48: 'DATE_INVALID', 49: 'NAME_PATTERN', 50: 'REQUIRED', 51: 'BOOLEAN_INVALID;ENUM_INVALID', 52: 'DUPLICATE_CRM_ID', 53: 'DUPLICATE_CRM_ID' },
  },
  {
    file: 'bitrix24-export.csv',
    flags: ['--mapping-file', samples('bitrix24-mapping.json'), '--default-country', 'US'],
    code: 0,
    counts: { ok: 12 },
    problems: {},
    ignored: '"Comment"',
  },
  {
    file: 'excel-semicolon.csv',
    flags: ['--default-country', 'DE'],
    code: 0,
    counts: { ok: 10 },
    problems: {},
  },
];

describe('samples/', () => {
  it.each(SAMPLES)('validate $file $flags -> exit $code', async ({ file, flags, code, counts, problems, ignored }) => {
    const dir = await tempDir();
    const results = join(dir, 'results.csv');
    const run = await runCli(['validate', samples(file), '--results', results, ...flags]);
    expect(run.code).toBe(code);

    const rows = await readCsv(results);
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    expect(rows.map((row) => row['row'])).toEqual(Array.from({ length: total }, (_, i) => String(i + 1)));
    for (const [status, n] of Object.entries(counts)) expect(rows.filter((row) => row['status'] === status), status).toHaveLength(n);
    const notOk = Object.fromEntries(rows.filter((row) => row['status'] !== 'ok').map((row) => [Number(row['row']), row['error_code']]));
    expect(notOk).toEqual(problems);

    const listed = Object.entries(counts).map(([status, n]) => `${n} ${status}`).join(', ');
    expect(run.stderr).toContain(`status: ${listed}.`);
    const warnings = run.stderr.match(/^Ignoring .*$/gm) ?? [];
    expect(warnings).toEqual(ignored === undefined ? [] : [`Ignoring 1 column(s) SalesChat does not take: ${ignored}. Map one with --map field=Header.`]);
  });
});
