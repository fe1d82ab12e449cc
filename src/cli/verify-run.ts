import { verifyConfig, type CommandLine, type Env, type VerifyConfig } from '../config/index.js';
import type { ExitCode } from '../errors.js';
import type { Io } from '../run/io.js';
import { runVerify } from '../verify/run-verify.js';
import { preferSmallHeap } from './small-heap.js';

/** verify's check and run, loaded only when it runs. */

export function check(line: CommandLine, env: Env): Promise<VerifyConfig> {
  return verifyConfig(line, env);
}

export async function run(options: VerifyConfig, io: Io): Promise<ExitCode> {
  // The process is the CLI's: a library caller's heap is left as its owner set it.
  preferSmallHeap();
  return (await runVerify(options, io)).exitCode;
}
