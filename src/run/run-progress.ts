import type { Closer } from './closer.js';
import type { Io } from './io.js';
import { startProgress, type Progress } from './progress.js';

/** A run's progress on its stderr, in the mode its terminal and env allow, stopped with everything else the run opened. */
export async function openProgress(closer: Closer, io: Io, quiet: boolean, describe: () => string): Promise<Progress> {
  return closer.add(await startProgress({ stream: io.stderr, quiet, env: io.env, describe }), (progress) => progress.stop());
}
