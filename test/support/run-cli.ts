import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { main } from '../../src/cli/main.js';
import { testEnv } from './isolated-state.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A Writable that keeps what is written, as a string. */
export function capture(): Writable & { text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return Object.assign(stream, { text: () => Buffer.concat(chunks).toString('utf8') });
}

/** Runs the CLI's main() in-process, as `saleschat-bulk <argv>` would, with its own env, stdin and signal. */
export async function runCli(
  argv: string[],
  options: { env?: Record<string, string>; stdin?: string | Buffer; signal?: AbortSignal } = {},
): Promise<CliRun> {
  const stdout = capture();
  const stderr = capture();
  const stdin = new PassThrough();
  stdin.end(options.stdin ?? '');
  const code = await main(argv, {
    stdin,
    stdout,
    stderr,
    env: { ...testEnv(), ...options.env },
    signal: options.signal ?? new AbortController().signal,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'saleschat-bulk-test-'));
}

/** Writes `text` to `name` in a fresh temp dir; returns the path. */
export async function writeTemp(name: string, text: string, dir?: string): Promise<string> {
  const path = join(dir ?? (await tempDir()), name);
  await writeFile(path, text);
  return path;
}

export async function readCsv(path: string): Promise<Record<string, string>[]> {
  return parse<Record<string, string>>(await readFile(path, 'utf8'), { columns: true, bom: true });
}

/** A contact CSV from a header and rows of cells. */
export function csv(header: string[], rows: (string | number)[][]): string {
  const quote = (cell: string | number) => (/[",\n\r]/.test(String(cell)) ? `"${String(cell).replace(/"/g, '""')}"` : String(cell));
  return [header, ...rows].map((row) => row.map(quote).join(',')).join('\n') + '\n';
}
