import { importConfig, type CommandLine, type Env, type ImportConfig } from '../config/index.js';
import type { ExitCode } from '../errors.js';
import { runImport } from '../import/run-import.js';
import type { Io } from '../run/io.js';
import { refuseOverUnfinishedImport } from '../run/previous-results.js';

/** import's check and run, loaded only when it runs. */

export function check(line: CommandLine, env: Env): Promise<ImportConfig> {
  return importConfig(line, env);
}

export async function run(options: ImportConfig, io: Io): Promise<ExitCode> {
  // About the results file, not a flag: a dry run must not write over what an unfinished import left to resume.
  if (options.dryRun) await refuseOverUnfinishedImport(options.input.results);
  return runImport(options, io);
}
