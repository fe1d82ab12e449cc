import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { SandboxProcess, SandboxStats } from './sandbox-process.js';

const CLI = fileURLToPath(new URL('../../bin/saleschat-bulk.js', import.meta.url));
/** A first SIGINT stops an import within ~2 s; past this something is wrong. */
const STOP_TIMEOUT_MS = 10_000;

export interface TimedImport {
  /** performance.now() when the importer was spawned and when the run was cut. */
  startedAt: number;
  endedAt: number;
  /** The sandbox's counters just before the spawn and at the cut, before the SIGINT. */
  before: SandboxStats;
  after: SandboxStats;
}

/**
 * Runs the built CLI's `import <args>` for `seconds` of wall time (start-up included), then SIGINT, as a person's
 * Ctrl-C would; the figures are the sandbox's counters at the cut, so the 2 s the importer takes to stop weigh nothing.
 */
export async function importFor(sandbox: SandboxProcess, args: string[], seconds: number, env: Record<string, string> = {}): Promise<TimedImport> {
  const before = await sandbox.stats();
  const startedAt = performance.now();
  const child = spawn(process.execPath, [CLI, 'import', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const early = await Promise.race([exited, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), seconds * 1000))]);
  if (early !== undefined) throw new Error(`import ended (${early[0] ?? early[1]}) before ${seconds} s: a larger file is needed, or it failed:\n${stderr}`);
  const after = await sandbox.stats();
  const endedAt = performance.now();
  child.kill('SIGINT');
  const stopped = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  const [code] = await exited;
  clearTimeout(stopped);
  if (code !== 130) throw new Error(`import exited with ${code} after SIGINT (expected 130):\n${stderr}`);
  return { startedAt, endedAt, before, after };
}
