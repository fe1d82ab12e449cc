import type { Writable } from 'node:stream';

/** `-` as an output path: standard output, as export's `--out -` has always meant. */
export const STANDARD_OUTPUT = '-';

/** How messages and the summary name an output: its path, or "standard output". */
export function outputName(path: string): string {
  return path === STANDARD_OUTPUT ? 'standard output' : path;
}

/** A writer's destination for an output path, and the writer options that go with it. */
export interface OutputDestination {
  destination: string | Writable;
  /** For standard output: left open (the CLI still owns it), and named so in messages. */
  stream: { end?: boolean; name?: string };
}

export function outputDestination(path: string, stdout: Writable): OutputDestination {
  return path === STANDARD_OUTPUT ? { destination: stdout, stream: { end: false, name: outputName(path) } } : { destination: path, stream: {} };
}
