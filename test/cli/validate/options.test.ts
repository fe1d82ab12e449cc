import { existsSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { csv, readCsv, runCli, tempDir, writeTemp } from '../../support/run-cli.js';

const HEADER = ['crm_id', 'phone_number', 'opt_in_date'];
const phone = (i: number) => `+1415555${String(2600 + i).padStart(4, '0')}`;

async function validate(text: string, args: string[] = [], name = 'in.csv') {
  const dir = await tempDir();
  const input = await writeTemp(name, text, dir);
  const results = join(dir, 'out.csv');
  const run = await runCli(['validate', input, '--results', results, ...args]);
  return { ...run, dir, input, rows: await readCsv(results) };
}

describe('validate --dedupe', () => {
  // Rows: A, B, A, A, B (crm_ids); row n has phone(n).
  const input = csv(HEADER, ['A', 'B', 'A', 'A', 'B'].map((id, i) => [id, phone(i + 1), '2024-01-01']));

  it.each([
    [
      'first',
      ['ok', 'ok', 'duplicate', 'duplicate', 'duplicate'],
      ['', '', 'already appears in row 1', 'already appears in row 1', 'already appears in row 2'],
    ],
    [
      'last',
      ['duplicate', 'duplicate', 'duplicate', 'ok', 'ok'],
      ['is superseded by row 4', 'is superseded by row 5', 'is superseded by row 4', '', ''],
    ],
    ['off', ['ok', 'ok', 'ok', 'ok', 'ok'], ['', '', '', '', '']],
  ])('--dedupe %s keeps the right rows and names the kept row', async (policy, statuses, messages) => {
    const { code, rows, stderr } = await validate(input, ['--dedupe', policy, '--quiet']);
    expect(rows.map((row) => row['status'])).toEqual(statuses);
    expect(rows.map((row) => row['error_code'])).toEqual(statuses.map((status) => (status === 'duplicate' ? 'DUPLICATE_CRM_ID' : '')));
    rows.forEach((row, i) => {
      if (messages[i] === '') expect(row['error_message']).toBe('');
      else expect(row['error_message']).toBe(`column "crm_id": ${messages[i]} (--dedupe ${policy} keeps the ${policy})`);
    });
    expect(code).toBe(statuses.every((status) => status === 'ok') ? 0 : 1);
    expect(stderr).toMatch(policy === 'off' ? /status: 5 ok\./ : /status: 2 ok, 3 duplicate\./);
  });

  it('the default is first', async () => {
    const { rows } = await validate(input, ['--quiet']);
    expect(rows.map((row) => row['status'])).toEqual(['ok', 'ok', 'duplicate', 'duplicate', 'duplicate']);
  });

  it('an invalid row that repeats a crm_id lists both problems and stays invalid', async () => {
    const { rows } = await validate(csv(HEADER, [['A', phone(1), '2024-01-01'], ['A', 'nope', '2024-01-01']]), ['--quiet']);
    expect(rows[1]).toMatchObject({ status: 'invalid', error_code: 'PHONE_INVALID;DUPLICATE_CRM_ID' });
  });
});

describe('validate --map and --mapping-file', () => {
  const input = csv(['Lead', 'Mobile', 'Office Phone', 'Signed Up'], [['L-1', '+14155552671', '+1 555', '2024-01-01']]);
  const fileMapping = { crm_id: 'Lead', phone_number: 'Office Phone', opt_in_date: 'Signed Up' };

  it.each([
    ['--map alone', [], ['--map', 'crm_id=Lead', '--map', 'phone_number=Mobile', '--map', 'opt_in_date=Signed Up'], 'ok', '"Office Phone"'],
    ['--mapping-file alone', ['file'], [], 'invalid', '"Mobile"'],
    ['--map beats --mapping-file', ['file'], ['--map', 'phone_number=Mobile'], 'ok', '"Office Phone"'],
    ['--map matches a header leniently', [], ['--map', 'crm_id=lead', '--map', 'phone_number=MOBILE', '--map', 'opt_in_date=signed_up'], 'ok', '"Office Phone"'],
  ])('%s', async (_name, useFile, flags, status, ignored) => {
    const dir = await tempDir();
    const mapping = join(dir, 'map.json');
    await writeFile(mapping, JSON.stringify(fileMapping));
    const fileFlags = useFile.length > 0 ? ['--mapping-file', mapping] : [];
    const { rows, stderr } = await validate(input, [...fileFlags, ...flags]);
    expect(rows[0]).toMatchObject({ crm_id: 'L-1', status });
    expect(stderr).toContain(`Ignoring 1 column(s) SalesChat does not take: ${ignored}.`);
  });

  it('an error names the column the mapping chose', async () => {
    const dir = await tempDir();
    const mapping = join(dir, 'map.json');
    await writeFile(mapping, JSON.stringify(fileMapping));
    const { rows } = await validate(input, ['--mapping-file', mapping]);
    expect(rows[0]!['error_message']).toMatch(/^column "Office Phone": "\+1 555" is not a valid phone number/);
  });
});

describe('validate: columns it does not take', () => {
  const input = csv([...HEADER, 'Notes', 'Owner', 'additional.campaign'], [['A', phone(1), '2024-01-01', 'n', 'o', 'spring']]);

  it('warns once, naming every ignored column (additional.<key> is not ignored)', async () => {
    const { stderr, code } = await validate(input);
    expect(code).toBe(0);
    expect(stderr.match(/Ignoring/g)).toHaveLength(1);
    expect(stderr).toContain('Ignoring 2 column(s) SalesChat does not take: "Notes", "Owner". Map one with --map field=Header.');
  });

  it('--quiet suppresses the warning; the summary is still printed', async () => {
    const { stderr } = await validate(input, ['--quiet']);
    expect(stderr).not.toContain('Ignoring');
    expect(stderr).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z validate finished: 1 row in [\d.]+ s \([\d,]+ rows\/s\) from .*in\.csv\.\n {2}status: 1 ok\.\n {2}results: .*out\.csv\n$/);
  });

  it('-q is --quiet', async () => {
    const { stderr } = await validate(input, ['-q']);
    expect(stderr).not.toContain('Ignoring');
  });

  it('no warning when every column is taken', async () => {
    const { stderr } = await validate(csv(HEADER, [['A', phone(1), '2024-01-01']]));
    expect(stderr).not.toContain('Ignoring');
  });
});

describe('validate: the default results path', () => {
  it.each([
    ['contacts.csv', 'contacts.results.csv'],
    ['contacts.CSV', 'contacts.results.csv'],
    ['contacts.csv.gz', 'contacts.results.csv'],
    ['contacts.txt', 'contacts.results.csv'],
    ['contacts', 'contacts.results.csv'],
  ])('%s -> %s beside the input', async (name, expected) => {
    const dir = await tempDir();
    const text = csv(HEADER, [['A', phone(1), '2024-01-01']]);
    const input = join(dir, name);
    await writeFile(input, name.endsWith('.gz') ? gzipSync(text) : text);
    const run = await runCli(['validate', input, '--quiet']);
    expect(run.code).toBe(0);
    expect(existsSync(join(dir, expected))).toBe(true);
    expect(run.stderr).toContain(`results: ${join(dir, expected)}`);
  });
});

describe('validate --summary-json', () => {
  it('writes the figures of the results file', async () => {
    const text = csv(HEADER, [
      ['A', phone(1), '2024-01-01'],
      ['B', 'nope', '2024-01-01'],
      ['A', phone(3), '2024-01-01'],
      ['C', phone(4), '2024-01-01'],
    ]);
    const dir = await tempDir();
    const summary = join(dir, 'summary.json');
    const { rows, code, input } = await validate(text, ['--summary-json', summary, '--quiet']);
    const figures = JSON.parse(await readFile(summary, 'utf8')) as Record<string, unknown>;
    const count = (status: string) => rows.filter((row) => row['status'] === status).length;
    expect(figures).toMatchObject({
      command: 'validate',
      outcome: 'finished',
      exit_code: code,
      rows: rows.length,
      status: { ok: count('ok'), invalid: count('invalid'), duplicate: count('duplicate'), failed: 0, skipped: 0 },
      action: { created: 0, updated: 0, exists: 0, none: 4 },
      requests: 0,
      input,
      rejects: null,
    });
    expect(figures['status']).toEqual({ ok: 2, invalid: 1, duplicate: 1, failed: 0, skipped: 0 });
    expect(figures['exit_code']).toBe(1);
    expect(typeof figures['duration_seconds']).toBe('number');
  });

  it.each([
    ['in a missing folder', (dir: string) => join(dir, 'no', 'such', 's.json'), /Cannot write --summary-json .*s\.json: the folder .*such does not exist/],
    ['onto a folder', (dir: string) => dir, /Cannot write --summary-json .*: it is a folder/],
  ])('a summary file %s is a usage error before the run, not after it', async (_name, path, message) => {
    const dir = await tempDir();
    const input = await writeTemp('in.csv', csv(HEADER, [['A', phone(1), '2024-01-01']]), dir);
    await expect(runCli(['validate', input, '--summary-json', path(dir), '--quiet'])).rejects.toThrow(message);
    expect(existsSync(join(dir, 'in.results.csv'))).toBe(false);
  });
});

describe('validate: interrupted', () => {
  it('stops after the first slice of the file with exit 130, the rows so far written and the summary saying so', async () => {
    const dir = await tempDir();
    const rows = Array.from({ length: 10_000 }, (_, i) => [`C-${i}`, phone(i % 1000), '2024-01-01']); // several 128 KiB slices
    const input = await writeTemp('in.csv', csv(HEADER, rows), dir);
    const controller = new AbortController();
    // Ctrl-C once the first rows are written: an interrupt stops reading at once, so earlier it would find none.
    const watch = setInterval(() => {
      const results = join(dir, 'in.results.csv');
      if (existsSync(results) && statSync(results).size > 200) controller.abort('SIGINT');
    }, 1);
    const summary = join(dir, 'summary.json');
    const run = await runCli(['validate', input, '--workers', '0', '--summary-json', summary, '--quiet'], { signal: controller.signal });
    clearInterval(watch);
    expect(run.code).toBe(130);
    const results = await readCsv(join(dir, 'in.results.csv'));
    expect(results.length).toBeGreaterThan(0);
    expect(results.length).toBeLessThan(10_000);
    expect(results.map((row) => Number(row['row']))).toEqual(results.map((_, i) => i + 1));
    expect(run.stderr).toMatch(/validate interrupted: /);
    expect(run.stderr).toContain(`holds the first ${results.length.toLocaleString('en-US')} rows only`);
    expect(JSON.parse(await readFile(summary, 'utf8'))).toMatchObject({ outcome: 'interrupted', exit_code: 130, rows: results.length });
  });
});
