/**
 * Exit statuses (README, "Exit statuses"): 0 all ok, 1 some rows not ok, 2 usage/input error (nothing sent),
 * 3 aborted by the API, 4 the input could not be read to its end (the rows read were processed, the rest not),
 * 70 internal error (a bug), 74 an output could not be written once the run had started, 130 interrupted.
 */
export type ExitCode = 0 | 1 | 2 | 3 | 4 | 70 | 74 | 130;

/** An error that ends the command with a message for a person and a fixed exit status (never a stack trace). */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  constructor(message: string, exitCode: ExitCode, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** Bad flag, unreadable file, missing column, bad config: exit 2, and nothing was sent. */
export class UsageError extends CliError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 2, options);
    this.name = 'UsageError';
  }
}

/** An output (results, rejects, journal, summary) could not be written after the run started: exit 74, rows may have been sent. */
export class OutputError extends CliError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 74, options);
    this.name = 'OutputError';
  }
}
