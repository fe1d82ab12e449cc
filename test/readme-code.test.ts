import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';

/**
 * The README's "Use it from code" runs as written, as a file of a project that has installed the package
 * (node_modules/saleschat-bulk links to this folder): test/readme.test.ts runs the shell lines, this the code.
 */
const ROOT = resolve(import.meta.dirname, '..');
const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
const section = /^## Use it from code\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];

describe('README, Use it from code', () => {
  it('shows one ES module that imports from the package', () => {
    expect(code).toContain("from 'saleschat-bulk'");
  });

  it('runs: the records land in the sandbox and the tally is printed', async () => {
    const project = await mkdtemp(join(tmpdir(), 'saleschat-bulk-readme-'));
    await mkdir(join(project, 'node_modules'));
    await symlink(ROOT, join(project, 'node_modules', 'saleschat-bulk'), 'dir');
    await writeFile(join(project, 'example.mjs'), code ?? '');
    // A state folder inside its own project: once (Node 22), a state for the same base URL (a sandbox's free port
    // comes round again) answered for this empty sandbox, and both rows came back unchanged, not created.
    const env = { ...process.env, SALESCHAT_STATE_DIR: join(project, 'state') };
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['example.mjs'], { cwd: project, env });
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^0 \{\n {2}rows: 2,\n {2}byStatus: \{ ok: 2, invalid: 0, duplicate: 0, failed: 0, skipped: 0 \}/);
    const results = parse<Record<string, string>>(await readFile(join(project, 'from-code.results.csv'), 'utf8'), { columns: true });
    expect(results.map((row) => [row['crm_id'], row['status'], row['action']])).toEqual([
      ['A-1', 'ok', 'created'],
      ['A-2', 'ok', 'created'],
    ]);
  });
});
