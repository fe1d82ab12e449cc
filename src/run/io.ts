import type { Readable, Writable } from 'node:stream';

/** What a command may touch of the outside world; tests pass their own. */
export interface Io {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean; columns?: number };
  env: Readonly<Record<string, string | undefined>>;
  /** Aborted on the first SIGINT/SIGTERM/SIGHUP: stop taking new work, finish or mark what is in flight, flush. */
  signal: AbortSignal;
  /** Told the command that continues the run (its --resume), once there is one: printed if a second signal forces the exit. */
  resumeWith?: (command: string) => void;
}
