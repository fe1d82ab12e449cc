import { validateConfig, type CommandLine, type ValidateConfig } from '../config/index.js';
import type { ExitCode } from '../errors.js';
import type { Io } from '../run/io.js';
import { runValidate } from '../validate/run-validate.js';

/** validate's check and run, loaded only when it runs. */

export function check(line: CommandLine): Promise<ValidateConfig> {
  return validateConfig(line);
}

export async function run(config: ValidateConfig, io: Io): Promise<ExitCode> {
  return (await runValidate(config, io)).exitCode;
}
