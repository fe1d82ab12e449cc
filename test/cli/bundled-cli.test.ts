import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/index.js';
import { readCsv, tempDir } from '../support/run-cli.js';
import { spawnCli } from '../support/spawn-cli.js';
import { workbookBytes } from '../support/workbook.js';

/**
 * The CLI as package.json's bin runs it: one esbuild bundle in bin/ (scripts/bundle-cli.js), not tsc's files in
 * dist/. What a bundle can break is what the code finds at run time rather than by import: package.json for the
 * version, the checker's worker script beside it, require() in bundled CommonJS (ajv, in the sandbox), and the
 * packages left outside it (exceljs for .xlsx, better-sqlite3 for the sync state).
 */
describe('the bundled CLI', () => {
  it('prints the version of package.json', async () => {
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const run = await spawnCli(['--version']);
    expect(run).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('checks rows on worker threads', async () => {
    const dir = await tempDir();
    const input = join(dir, 'big.csv');
    // Over the 2 MB from which validate hands the parsing to the workers.
    const rows = Array.from({ length: 40_000 }, (_, i) => `CRM-${i},+1415${String(2_000_000 + i)},2024-01-01T10:00:00Z,First,Last ${'x'.repeat(20)}`);
    await writeFile(input, ['crm_id,phone_number,opt_in_date,first_name,last_name', ...rows, 'CRM-bad,not a phone,,,'].join('\n'));
    const run = await spawnCli(['validate', input, '--workers', '2']);
    expect(run.stderr).toContain('40,001 rows');
    expect(run.code).toBe(1);
    const results = await readCsv(join(dir, 'big.results.csv'));
    expect(results).toHaveLength(40_001);
    expect(results.at(-1)).toMatchObject({ crm_id: 'CRM-bad', status: 'invalid' });
  });

  it('imports into a sandbox, whose CommonJS ajv checks the requests, and keeps the sync state in SQLite', async () => {
    const dir = await tempDir();
    const input = join(dir, 'c.csv');
    await writeFile(input, 'crm_id,phone_number,opt_in_date\nA-1,+14155550101,2024-01-01\n');
    // The sandbox as its own bundled process would be slower to start; its ajv runs in the bundle under --sandbox.
    const inProcess = await spawnCli(['import', input, '--sandbox', '--results', join(dir, 'sandboxed.csv')]);
    expect(inProcess.code).toBe(0);
    const sandbox = await startSandbox({ port: 0 });
    try {
      const args = ['import', input, '--base-url', sandbox.url, '--org', 'org-bundle', '--state-dir', dir];
      const env = { SALESCHAT_TOKEN: sandbox.token };
      expect((await spawnCli(args, { env })).code).toBe(0);
      expect(await readCsv(join(dir, 'c.results.csv'))).toMatchObject([{ crm_id: 'A-1', status: 'ok', action: 'created' }]);
      // The second run reads the first one's state: the row is known and unchanged, so nothing is sent.
      const again = await spawnCli(args, { env });
      expect(again.code).toBe(0);
      expect(await readCsv(join(dir, 'c.results.csv'))).toMatchObject([{ crm_id: 'A-1', status: 'ok', action: 'unchanged' }]);
      expect(sandbox.stats().requests).toBeGreaterThan(0);
    } finally {
      await sandbox.close();
    }
  });

  it('reads a workbook, with exceljs from node_modules', async () => {
    const dir = await tempDir();
    const input = join(dir, 'c.xlsx');
    const rows = [['crm_id', 'phone_number', 'opt_in_date'], ['A-1', '+14155550101', '2024-01-01']];
    await writeFile(input, await workbookBytes([{ name: 'Contacts', rows }]));
    const run = await spawnCli(['validate', input]);
    expect(run.code).toBe(0);
    expect(await readCsv(join(dir, 'c.results.csv'))).toMatchObject([{ crm_id: 'A-1', status: 'ok' }]);
  });
});
