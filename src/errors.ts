/** Exit statuses of the contract: 0 all ok, 1 some rows not ok, 2 usage/input error, 3 aborted by the API, 130 interrupted. */
export type ExitCode = 0 | 1 | 2 | 3 | 130;

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
