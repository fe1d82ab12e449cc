import type { ExitCode } from '../errors.js';
import type { Io } from '../run/io.js';

/** One subcommand: parses its own argv, returns an exit status or throws a CliError; only cli.ts ends the process. */
export interface Command {
  name: string;
  /** One line for the top-level help. */
  summary: string;
  /** The full text of `saleschat-bulk <name> --help`. */
  help: string;
  run(argv: string[], io: Io): Promise<ExitCode>;
}
