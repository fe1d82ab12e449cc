import { exportConfig, type CommandLine, type Env, type ExportConfig } from '../config/index.js';
import type { ExitCode } from '../errors.js';
import { runExport } from '../export/run-export.js';
import type { Io } from '../run/io.js';

/** export's check and run, loaded only when it runs. */

export function check(line: CommandLine, env: Env): Promise<ExportConfig> {
  return exportConfig(line, env);
}

export function run(options: ExportConfig, io: Io): Promise<ExitCode> {
  return runExport(options, io);
}
