import type { Readable, Writable } from 'node:stream';
import type { ExitCode } from '../errors.js';

/** What a command may touch of the outside world; tests pass their own. */
export interface Io {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean; columns?: number };
  env: Readonly<Record<string, string | undefined>>;
  /** Aborted on the first SIGINT/SIGTERM: stop taking new work, finish or mark what is in flight, flush. */
  signal: AbortSignal;
}

/** One subcommand: parses its own argv, returns an exit status or throws a CliError; only cli.ts ends the process. */
export interface Command {
  name: string;
  /** One line for the top-level help. */
  summary: string;
  /** The full text of `saleschat-bulk <name> --help`. */
  help: string;
  run(argv: string[], io: Io): Promise<ExitCode>;
}
