import { CliError, type ExitCode } from '../errors.js';
import { redact } from '../secrets.js';

/** What cli.ts prints and exits with for an error that ended a command, with every registered secret cut out. */
export interface ErrorReport {
  /** Whole lines for stderr, ending with a newline. */
  readonly text: string;
  readonly exitCode: ExitCode;
}

/**
 * A CliError is a message for a person and its own status; anything else is a bug: exit 70 (EX_SOFTWARE in
 * sysexits.h), so cron can tell a crash from a run with bad rows (1). `debug` (SALESCHAT_DEBUG) shows the stack.
 */
export function reportError(error: unknown, { debug }: { debug: boolean }): ErrorReport {
  if (error instanceof CliError) return { text: redact(`saleschat-bulk: ${error.message}\n`), exitCode: error.exitCode };
  const detail = error instanceof Error ? (debug ? (error.stack ?? error.message) : error.message) : String(error);
  const hint = debug ? 'Please report it.' : 'Set SALESCHAT_DEBUG=1 for details, and please report it.';
  return { text: redact(`saleschat-bulk: internal error: ${detail}\n${hint}\n`), exitCode: 70 };
}
