import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../src/sandbox/index.js';
import { runCli, tempDir } from './support/run-cli.js';
import { openSqlite } from '../src/state/sqlite.js';

/**
 * The README's SQL (how to look inside the sync state) runs here, statement by statement, against the state an
 * import of samples/contacts.csv leaves, read-only as a person's sqlite3 would.
 */
const ROOT = resolve(import.meta.dirname, '..');
const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
const statements = [...readme.matchAll(/```sql\n([\s\S]*?)```/g)].flatMap((match) =>
  (match[1] ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== ''),
);

let sandbox: Sandbox;
let stateFile: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  const stateDir = join(await tempDir(), 'state');
  const run = await runCli(['import', join(ROOT, 'samples', 'contacts.csv'), '--base-url', sandbox.url, '--org', 'acme', '--state-dir', stateDir, '--results', join(stateDir, '..', 'r.csv'), '--quiet'], {
    env: { SALESCHAT_TOKEN: sandbox.token },
  });
  expect(run.code, run.stderr).toBe(1);
  const [file] = (await readdir(stateDir)).filter((name) => name.endsWith('.sqlite'));
  stateFile = join(stateDir, file!);
});

afterAll(() => sandbox.close());

describe("README, the sync state's SQL", () => {
  it('shows some', () => {
    expect(statements.length).toBeGreaterThanOrEqual(3);
  });

  it.each(statements.map((sql) => [sql]))('%s', (sql) => {
    const db = openSqlite(stateFile, { readonly: true });
    try {
      const rows = db.prepare(sql).all() as Record<string, unknown>[];
      expect(rows.length).toBeGreaterThan(0);
      if (sql.includes('base_url')) expect(rows[0]).toEqual({ base_url: sandbox.url, org: 'acme' });
      if (sql.includes('AS contacts')) expect(rows[0]).toEqual({ contacts: 46 });
      if (sql.includes('AS settled')) {
        const { settled, checked_next_time: checked } = rows[0] as { settled: number; checked_next_time: number };
        expect([settled > 0, settled + checked]).toEqual([true, 46]);
      }
    } finally {
      db.close();
    }
  });
});
