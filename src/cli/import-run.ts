import { importConfig, type CommandLine, type Env, type ImportConfig } from '../config/index.js';
import type { ExitCode } from '../errors.js';
import { runImport } from '../import/run-import.js';
import type { Io } from '../run/io.js';
import { preferSmallHeap } from './small-heap.js';

/** import's check and run, loaded only when it runs. */

export function check(line: CommandLine, env: Env): Promise<ImportConfig> {
  return importConfig(line, env);
}

export async function run(options: ImportConfig, io: Io): Promise<ExitCode> {
  // The process is the CLI's: a library caller's heap is left as its owner set it.
  preferSmallHeap();
  return (await runImport(options, io)).exitCode;
}
