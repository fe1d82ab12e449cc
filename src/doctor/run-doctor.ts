import type { DoctorConfig } from '../config/index.js';
import { CliError } from '../errors.js';
import { probe } from '../api/probe.js';
import type { Io } from '../run/io.js';
import { packageVersion } from '../version.js';
import { doctorChecks, doctorExitCode, type DoctorCheck } from './checks.js';
import { doctorReport } from './report.js';

/** How doctor ended: its exit status (0, 2 or 3) and the checks it printed. */
export interface DoctorOutcome {
  exitCode: 0 | 2 | 3;
  checks: DoctorCheck[];
}

/** One read-only request (tried once more if the API is busy or failing), its checks on stdout, the exit status. */
export async function runDoctor(config: DoctorConfig, io: Io): Promise<DoctorOutcome> {
  // Loaded only for --sandbox, as import's session does.
  const sandbox = config.sandbox ? await (await import('../sandbox/index.js')).startSandbox({ port: 0 }) : undefined;
  try {
    const baseUrl = sandbox?.url ?? config.baseUrl;
    const token = sandbox?.token ?? config.token;
    const userAgent = `saleschat-bulk/${packageVersion()}`;
    // A short pause and a short Retry-After cap: doctor answers in seconds, and a busy API is itself the finding.
    const answer = await probe({ baseUrl, token, orgId: config.orgId, timeoutMs: config.timeoutMs, userAgent, signal: io.signal }, { pauseMs: 500, maxWaitMs: 1_000 });
    if (io.signal.aborted) throw new CliError('doctor interrupted before its checks finished.', 130);
    const checks = doctorChecks(answer, { baseUrl, orgId: config.orgId, token, sandbox: sandbox !== undefined, now: Date.now() });
    const exitCode = doctorExitCode(checks);
    io.stdout.write(doctorReport(checks, exitCode));
    return { exitCode, checks };
  } finally {
    await sandbox?.close();
  }
}
