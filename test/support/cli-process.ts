import { spawn, type ChildProcess } from 'node:child_process';
import { CLI_PATH } from './spawn-cli.js';
import { testEnv } from './isolated-state.js';

/** A run of the built CLI in its own process, which a test may signal or kill -9 while it works. */
export interface CliProcess {
  child: ChildProcess;
  /** Resolves when the process has ended: its exit code (null when killed), signal and output. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

export function startCli(args: string[], options: { env?: Record<string, string>; cwd?: string; stdin?: 'pipe' | 'ignore' } = {}): CliProcess {
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    env: { PATH: process.env['PATH'] ?? '', ...testEnv(), ...options.env },
    cwd: options.cwd,
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
  return { child, done };
}

/** Resolves once `text` has appeared on the process's stderr (or it ended). */
export function stderrShows(run: CliProcess, text: string | RegExp): Promise<void> {
  return new Promise((resolve) => {
    let seen = '';
    const check = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      if (typeof text === 'string' ? seen.includes(text) : text.test(seen)) {
        run.child.stderr?.off('data', check);
        resolve();
      }
    };
    run.child.stderr?.on('data', check);
    run.child.on('close', () => resolve());
  });
}
