import { spawn, spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { tempDir } from '../support/run-cli.js';
import { CLI_PATH } from '../support/spawn-cli.js';
import { testEnv } from '../support/isolated-state.js';

/**
 * The built CLI under a real pseudo-terminal that reports 0 columns, as `script`, `docker run -t` and some CI
 * runners give: the spinner's redraw used to loop for ever there (gigabytes of cursor codes, signals unheard).
 */

/** util-linux `script` gives the command a real pseudo-terminal; without it there is nothing to test against. */
const HAS_SCRIPT = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
const ROWS = 20_000;

let input: string;
let dir: string;

beforeAll(async () => {
  dir = await tempDir();
  input = join(dir, 'big.csv');
  const lines = ['crm_id,phone_number,opt_in_date'];
  for (let i = 0; i < ROWS; i += 1) lines.push(`C-${i},+1415555${String(2000 + (i % 7000)).padStart(4, '0')},2024-01-01`);
  await writeFile(input, `${lines.join('\n')}\n`);
});

const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/** Runs `command` in a pseudo-terminal; `timeout` kills the CLI itself, should it hang, so nothing outlives the test. */
function inPseudoTerminal(command: string): Promise<{ code: number | null; bytes: number; text: string; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env['PATH'] ?? '', ...testEnv() } });
    let bytes = 0;
    let head = '';
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (head.length < 64 * 1024) head += chunk.toString('utf8');
    });
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, bytes, text: head, seconds: (performance.now() - started) / 1000 }));
  });
}

it.skipIf(!HAS_SCRIPT)(
  'validate in a 0-column terminal finishes in seconds with plain output, not megabytes of cursor codes',
  async () => {
    const results = join(dir, 'big.results.csv');
    const run = await inPseudoTerminal(
      `stty cols 0 rows 24; TERM=xterm-256color timeout -s KILL 40 ${quote(process.execPath)} ${quote(CLI_PATH)} validate ${quote(input)} --results ${quote(results)}`,
    );
    expect(run.text).toContain(`validate finished: ${ROWS.toLocaleString('en-US')} rows`);
    expect(run.code).toBe(0);
    expect(run.seconds).toBeLessThan(30);
    // The summary and a few progress lines are well under a kilobyte each; a redraw loop writes megabytes.
    expect(run.bytes).toBeLessThan(16 * 1024);
    expect(run.text).not.toContain('\x1b[1A');
  },
  60_000,
);
