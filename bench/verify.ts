import { runChild, type ChildFigures } from './measure.js';
import type { SandboxProcess } from './sandbox-process.js';
import { BENCH_STATE_DIR } from './sync-state.js';

const ENV = { SALESCHAT_TOKEN: 'sandbox-token', SALESCHAT_STATE_DIR: BENCH_STATE_DIR };
/** Each is measured this many times, alternating, and the fastest run kept: one slow start-up must not decide the ratio. */
const TRIES = 2;

export interface VerifyFigures {
  exportRowsPerSecond: number;
  verifyRowsPerSecond: number;
  /** verify's rows/s over export's (target: >= 0.9). */
  ratio: number;
  /** Exit statuses of the fastest runs: both 0 when every phone was found and every row matched. */
  exportCode: number;
  verifyCode: number;
}

function fastest(runs: ChildFigures[]): ChildFigures {
  return runs.reduce((best, run) => (run.seconds < best.seconds ? run : best));
}

/**
 * Imports `path` into a fresh org, then exports and verifies the same rows against the same sandbox, each with
 * --concurrency 32: every row's phone is looked up once by both (the generated phones are distinct), so the two
 * differ only in what they do with an answer. verify runs with the sync state on, as a user's would after an import.
 */
export async function measureVerify(path: string, rows: number, sandbox: SandboxProcess, org: string): Promise<VerifyFigures> {
  const api = ['--base-url', sandbox.url, '--org', org, '--concurrency', '32', '--quiet'];
  const imported = await runChild(['import', path, ...api, '--results', '/dev/null'], ENV);
  if (imported.code !== 0) throw new Error(`the import before verify ended with exit ${imported.code}`);
  const exports: ChildFigures[] = [];
  const verifies: ChildFigures[] = [];
  for (let i = 0; i < TRIES; i += 1) {
    exports.push(await runChild(['export', path, ...api, '--out', '/dev/null'], ENV));
    verifies.push(await runChild(['verify', path, ...api, '--results', '/dev/null'], ENV));
  }
  const [exported, verified] = [fastest(exports), fastest(verifies)];
  const exportRowsPerSecond = rows / exported.seconds;
  const verifyRowsPerSecond = rows / verified.seconds;
  return { exportRowsPerSecond, verifyRowsPerSecond, ratio: verifyRowsPerSecond / exportRowsPerSecond, exportCode: exported.code, verifyCode: verified.code };
}
