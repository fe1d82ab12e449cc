import { createReadStream, createWriteStream, readdirSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { runChild, type ChildFigures } from './measure.js';
import type { SandboxProcess } from './sandbox-process.js';

/** Where the bench's imports keep their sync state (SALESCHAT_STATE_DIR), emptied at the start of a bench. */
export const BENCH_STATE_DIR = '.bench/state';

const ENV = { SALESCHAT_TOKEN: 'sandbox-token', SALESCHAT_STATE_DIR: BENCH_STATE_DIR };

function importArgs(path: string, sandbox: SandboxProcess, org: string): string[] {
  return ['import', path, '--base-url', sandbox.url, '--org', org, '--concurrency', '32', '--quiet', '--results', '/dev/null'];
}

export interface RerunFigures {
  first: ChildFigures;
  again: ChildFigures;
  /** Requests the unchanged run sent. */
  requests: number;
  /** The state file, its -wal and -shm included, in bytes. */
  stateBytes: number;
}

/** Imports `path` into a fresh org, then again unchanged: the second run's time, memory and requests. */
export async function unchangedRerun(path: string, sandbox: SandboxProcess, org: string): Promise<RerunFigures> {
  const first = await runChild(importArgs(path, sandbox, org), ENV);
  const before = await sandbox.stats();
  const again = await runChild(importArgs(path, sandbox, org), ENV);
  const after = await sandbox.stats();
  return { first, again, requests: after.requests - before.requests, stateBytes: stateBytes(org) };
}

/** The size of the state files whose name carries the org. */
function stateBytes(org: string): number {
  return readdirSync(BENCH_STATE_DIR)
    .filter((name) => name.includes(org) && !name.endsWith('.lock'))
    .reduce((total, name) => total + statSync(join(BENCH_STATE_DIR, name)).size, 0);
}

/**
 * One night in which 1% of rows changed, each in one step: a new first name (one update), a new stage (one
 * disposition) or a new user_id (one assign), in turn. The file has generate.ts's columns with steps.
 */
async function changeOnePercent(from: string, to: string): Promise<number> {
  const out = createWriteStream(to);
  let index = -1;
  let changed = 0;
  for await (const line of createInterface({ input: createReadStream(from) })) {
    if (index >= 0 && index % 100 === 0) {
      const cells = line.split(',');
      // crm_id, phone_number, opt_in_date, first_name, last_name, source, stage, user_id
      if (index % 300 === 0) cells[3] = `Renamed${index}`;
      else if (index % 300 === 100) cells[6] = 'Won';
      else cells[7] = 'user-2';
      changed += 1;
      out.write(`${cells.join(',')}\n`);
    } else out.write(`${line}\n`);
    index += 1;
  }
  out.end();
  await once(out, 'close');
  return changed;
}

export interface ChangedNightFigures {
  changedSteps: number;
  requests: number;
  seconds: number;
}

/** Imports `path` (with steps), then a copy with 1% of rows changed: requests sent per changed step. */
export async function changedNight(path: string, sandbox: SandboxProcess, org: string): Promise<ChangedNightFigures> {
  await runChild(importArgs(path, sandbox, org), ENV);
  const changedPath = path.replace(/\.csv$/, '.changed.csv');
  const changedSteps = await changeOnePercent(path, changedPath);
  const before = await sandbox.stats();
  const night = await runChild(importArgs(changedPath, sandbox, org), ENV);
  const after = await sandbox.stats();
  return { changedSteps, requests: after.requests - before.requests, seconds: night.seconds };
}
