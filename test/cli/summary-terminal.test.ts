import { spawn, spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { csv, tempDir } from '../support/run-cli.js';
import { CLI_PATH, spawnCli } from '../support/spawn-cli.js';
import { testEnv } from '../support/isolated-state.js';

/**
 * The built CLI's summary: in a cron log (stderr a file or pipe) its first line carries the time, as the plain
 * progress lines do; in a terminal it does not. util-linux `script` gives the terminal.
 */

const HAS_SCRIPT = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
const TIMESTAMPED = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z validate finished: 2 rows in /m;

let input: string;
let dir: string;

beforeAll(async () => {
  dir = await tempDir();
  input = join(dir, 'in.csv');
  await writeFile(input, csv(['crm_id', 'phone_number', 'opt_in_date'], [['A', '+14155552671', '2024-01-01'], ['B', 'nope', '2024-01-01']]));
});

const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

function inPseudoTerminal(command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env['PATH'] ?? '', ...testEnv() } });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', () => resolve(text));
  });
}

it.skipIf(!HAS_SCRIPT)('the summary starts with the time on a pipe, not in a terminal', async () => {
  const piped = await spawnCli(['validate', input, '--results', join(dir, 'piped.csv'), '--quiet']);
  expect(piped.code).toBe(1);
  expect(piped.stderr).toMatch(TIMESTAMPED);

  const terminal = await inPseudoTerminal(
    `stty cols 120 rows 24; TERM=xterm-256color timeout -s KILL 20 ${quote(process.execPath)} ${quote(CLI_PATH)} validate ${quote(input)} --results ${quote(join(dir, 'tty.csv'))} --quiet`,
  );
  expect(terminal).toMatch(/^validate finished: 2 rows in /m);
  expect(terminal).not.toMatch(TIMESTAMPED);
  expect(terminal).toContain('errors: 1 PHONE_INVALID.');
});
