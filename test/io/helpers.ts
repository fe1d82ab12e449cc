import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll } from 'vitest';
import type { InputRecord } from '../../src/io/input-record.js';
import { openCsv, type CsvReadOptions, type CsvSource } from '../../src/io/read-csv.js';

/** A fresh temp folder for the calling test file, removed afterwards; call at the top level of a test file. */
export function useTempDir(): { path(name: string): string; write(name: string, content: string | Uint8Array): Promise<string> } {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'saleschat-csv-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const path = (name: string): string => join(dir, name);
  return {
    path,
    async write(name, content) {
      await writeFile(path(name), content);
      return path(name);
    },
  };
}

export async function collect(source: CsvSource): Promise<InputRecord[]> {
  const records: InputRecord[] = [];
  for await (const record of source.records) records.push(record);
  return records;
}

/** Opens and reads everything: the source and its records. */
export async function readCsv(input: string, options?: CsvReadOptions): Promise<{ source: CsvSource; records: InputRecord[] }> {
  const source = await openCsv(input, options);
  return { source, records: await collect(source) };
}

/** Standard input carrying `content`, cut into chunks of `chunkSize` bytes (to cross every boundary). */
export function stdinOf(content: string | Uint8Array, chunkSize = 64 * 1024): Readable {
  const bytes = Buffer.from(content);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  return Readable.from(chunks, { objectMode: false });
}

/** Records as [line, ...fields] tuples: short to write in tables. */
export function lines(records: readonly InputRecord[]): (string | number)[][] {
  return records.map((record) => [record.line, ...record.fields]);
}
