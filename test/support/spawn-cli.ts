import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { testEnv } from './isolated-state.js';

/** The built binary (npm test builds dist/ and bin/ before vitest runs). */
export const CLI_PATH = fileURLToPath(new URL('../../bin/saleschat-bulk.js', import.meta.url));

export interface SpawnedRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/saleschat-bulk.js <args>` (the bundled CLI, package.json's bin) as a user would: its own process, env and standard streams. */
export function spawnCli(args: string[], options: { env?: Record<string, string>; stdin?: string | Buffer; cwd?: string } = {}): Promise<SpawnedRun> {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run "npm run build" (npm test does) first`);
  return new Promise((resolve, reject) => {
    // Only what the run needs from the environment: no SALESCHAT_* leaking in from the developer's shell.
    const env = { PATH: process.env['PATH'] ?? '', ...testEnv(), ...options.env };
    const child = spawn(process.execPath, [CLI_PATH, ...args], { env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    // The child may exit before reading stdin (a usage error): that EPIPE is not the test's concern.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin ?? '');
  });
}
