import { exportConfig, type CommandLine, type Env, type ExportConfig } from '../config/index.js';
import type { ExitCode } from '../errors.js';
import { runExport } from '../export/run-export.js';
import type { Io } from '../run/io.js';
import { preferSmallHeap } from './small-heap.js';

/** export's check and run, loaded only when it runs. */

export function check(line: CommandLine, env: Env): Promise<ExportConfig> {
  return exportConfig(line, env);
}

export async function run(options: ExportConfig, io: Io): Promise<ExitCode> {
  // The process is the CLI's: a library caller's heap is left as its owner set it.
  preferSmallHeap();
  return (await runExport(options, io)).exitCode;
}
