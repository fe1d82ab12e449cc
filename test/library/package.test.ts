import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The package as another project sees it once installed: `saleschat-bulk` in its node_modules (a link to this
 * folder, as `npm link` makes), resolved by Node and by TypeScript through package.json's exports map only.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
let project: string;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'saleschat-bulk-user-'));
  await mkdir(join(project, 'node_modules'));
  await symlink(ROOT, join(project, 'node_modules', 'saleschat-bulk'), 'dir');
  await writeFile(join(project, 'package.json'), '{ "type": "module" }\n');
});

/** Runs an ES module in the project; its stdout as JSON. */
async function node(code: string): Promise<unknown> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', code], { cwd: project });
  return JSON.parse(stdout);
}

describe('the package, installed', () => {
  it("resolves 'saleschat-bulk' through the exports map to dist/index.js, with the commands, the sandbox and the errors", async () => {
    const found = await node(`
      const lib = await import('saleschat-bulk');
      const pkg = await import('saleschat-bulk/package.json', { with: { type: 'json' } });
      console.log(JSON.stringify({ entry: import.meta.resolve('saleschat-bulk'), names: Object.keys(lib).sort(), name: pkg.default.name }));
    `);
    expect(found).toEqual({
      entry: new URL('dist/index.js', `file://${ROOT}/`).href,
      names: ['CliError', 'CsvFileError', 'OutputError', 'UsageError', 'exportContacts', 'importContacts', 'startSandbox', 'validateContacts', 'verifyContacts'],
      name: 'saleschat-bulk',
    });
  });

  it('keeps the modules behind the entry private', async () => {
    const found = await node(`
      const code = await import('saleschat-bulk/dist/cli/main.js').then(() => 'imported', (error) => error.code);
      console.log(JSON.stringify(code));
    `);
    expect(found).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });

  it('types the options and the result for TypeScript (strict, nodenext) through the same map', async () => {
    await writeFile(
      join(project, 'consumer.ts'),
      [
        "import { importContacts, validateContacts, type ContactsTally, type RunResult } from 'saleschat-bulk';",
        "const result: RunResult<ContactsTally> = await importContacts({ input: [{ crm_id: 'A-1' }], results: 'r.csv', concurrency: 2, sandbox: true });",
        'const ok: number = result.tally.byStatus.ok;',
        'console.log(ok, result.exitCode === 0);',
        '// @ts-expect-error: no such option',
        "await validateContacts({ input: 'x.csv', concurency: 2 });",
        '// @ts-expect-error: a mode the CLI does not take',
        "await importContacts({ input: 'x.csv', mode: 'merge' });",
      ].join('\n'),
    );
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const flags = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022'];
    const types = ['--types', 'node', '--typeRoots', join(ROOT, 'node_modules', '@types')];
    const checked = await run(process.execPath, [tsc, ...flags, ...types, 'consumer.ts'], { cwd: project }).then(
      () => 'no errors',
      (error: { stdout: string }) => error.stdout,
    );
    expect(checked).toBe('no errors');
  }, 60_000);
});
