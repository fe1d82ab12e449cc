import { readFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvFileError } from '../../src/io/csv-file-error.js';
import { createResultsWriter } from '../../src/io/results-writer.js';
import { RESULT_COLUMNS, type ResultRow } from '../../src/io/result-row.js';
import { useTempDir } from './helpers.js';

const dir = useTempDir();

function result(overrides: Partial<ResultRow> & Record<string, unknown> = {}): ResultRow & Record<string, unknown> {
  return {
    row: 1,
    crm_id: 'CRM-1',
    phone_number: '+14155552671',
    status: 'ok',
    action: 'created',
    contact_id: 'c-1',
    disposition: '',
    assign: '',
    http_status: 201,
    error_code: '',
    error_message: '',
    attempts: 1,
    line: 2,
    ...overrides,
  };
}

async function writeAndRead(name: string, rows: (ResultRow & Record<string, unknown>)[], extraColumns?: string[]): Promise<string[][]> {
  const file = dir.path(name);
  const writer = createResultsWriter(file, extraColumns === undefined ? {} : { extraColumns });
  for (const row of rows) await writer.write(row);
  await writer.close();
  expect(writer.rowsWritten).toBe(rows.length);
  return parse(await readFile(file));
}

describe('createResultsWriter', () => {
  it('writes the contract columns in order, then the extra columns, one line per row', async () => {
    const table = await writeAndRead('order.csv', [result(), result({ row: 2, status: 'invalid', action: 'none', http_status: '', note: 'x' })], ['note']);
    expect(table[0]).toEqual([...RESULT_COLUMNS, 'note']);
    expect(table.slice(1)).toEqual([
      ['1', 'CRM-1', '+14155552671', 'ok', 'created', 'c-1', '', '', '201', '', '', '1', '2', ''],
      ['2', 'CRM-1', '+14155552671', 'invalid', 'none', 'c-1', '', '', '', '', '', '1', '2', 'x'],
    ]);
  });

  it('round-trips values that need quoting', async () => {
    const message = 'first_name: has "*", and\na line break; ünïcödé';
    const table = await writeAndRead('quoting.csv', [result({ crm_id: 'a,b', error_message: message, contact_id: ' spaced ' })]);
    expect(table[1]?.[1]).toBe('a,b');
    expect(table[1]?.[5]).toBe(' spaced ');
    expect(table[1]?.[10]).toBe(message);
  });

  it.each([
    ['crm_id', '=1+1', "'=1+1"],
    ['crm_id', '@x', "'@x"],
    ['crm_id', '+x', "'+x"],
    ['crm_id', '-x', "'-x"],
    ['crm_id', '\tx', "'\tx"],
    ['crm_id', '\rx', "'\rx"],
    ['crm_id', 'normal', 'normal'],
    ['crm_id', '', ''],
    ['contact_id', '=cmd', "'=cmd"],
    ['error_code', '-1', "'-1"],
    ['error_message', '=HYPERLINK("x")', '\'=HYPERLINK("x")'],
    ['phone_number', '+14155552671', '+14155552671'],
    ['phone_number', '+442071838750', '+442071838750'],
    ['phone_number', '+123abc', "'+123abc"],
    ['phone_number', '+0123456789', "'+0123456789"],
    ['phone_number', '+12345', "'+12345"],
    ['phone_number', '=1+1', "'=1+1"],
    ['phone_number', '4155552671', '4155552671'],
    ['extra', '=SUM(A1)', "'=SUM(A1)"],
  ])('%s %j is written as %j', async (column, value, expected) => {
    const table = await writeAndRead(`escape-${column}.csv`, [result({ [column]: value })], ['extra']);
    expect(table[1]?.[table[0]!.indexOf(column)]).toBe(expected);
  });

  it('writes the tool’s own columns as they are', async () => {
    const table = await writeAndRead('own.csv', [result({ row: 7, http_status: 409, attempts: 3, status: 'failed', action: 'exists', disposition: 'failed', assign: 'ok' })]);
    expect(table[1]).toEqual(['7', 'CRM-1', '+14155552671', 'failed', 'exists', 'c-1', 'failed', 'ok', '409', '', '', '3', '2']);
  });

  it('returns a promise only when the destination needs draining, and keeps every row in order', async () => {
    const chunks: string[] = [];
    const slow = new Writable({
      highWaterMark: 4096,
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk.toString());
        setImmediate(callback);
      },
    });
    const writer = createResultsWriter(slow);
    let awaited = 0;
    for (let row = 1; row <= 2000; row++) {
      const pending = writer.write(result({ row, crm_id: `CRM-${row}` }));
      if (pending !== undefined) {
        awaited++;
        await pending;
      }
    }
    await writer.close();
    expect(awaited).toBeGreaterThan(0);
    expect(awaited).toBeLessThan(200); // of 2000 writes
    const table = parse(chunks.join(''));
    expect(table).toHaveLength(2001);
    expect(table.slice(1).map((cells) => cells[1])).toEqual(Array.from({ length: 2000 }, (_, i) => `CRM-${i + 1}`));
  });

  it('has the whole file on disk once close() resolves', async () => {
    const file = dir.path('flushed.csv');
    const writer = createResultsWriter(file);
    for (let row = 1; row <= 20_000; row++) {
      const pending = writer.write(result({ row }));
      if (pending !== undefined) await pending;
    }
    await writer.close();
    await writer.close();
    const text = await readFile(file, 'utf8');
    expect(text.split('\n')).toHaveLength(20_002);
    expect(text.endsWith('\n20000,CRM-1,+14155552671,ok,created,c-1,,,201,,,1,2\n')).toBe(true);
  });

  it('writes rows out as they come, before close()', async () => {
    const file = dir.path('incremental.csv');
    const writer = createResultsWriter(file);
    await writer.write(result());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await readFile(file, 'utf8')).toContain('1,CRM-1,');
    await writer.close();
  });

  it('throws a CsvFileError at once when the file cannot be created', () => {
    const file = dir.path('no-such-folder/results.csv');
    expect(() => createResultsWriter(file)).toThrow(CsvFileError);
    expect(() => createResultsWriter(file)).toThrow(`Cannot create ${file}: the folder ${dir.path('no-such-folder')} does not exist`);
  });

  it('rejects writes and close() once the destination fails', async () => {
    const broken = new Writable({
      write(_chunk, _encoding, callback) {
        callback(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
      },
    });
    const writer = createResultsWriter(broken);
    // The first write may already see the failure; what matters is that none after it is silently lost.
    await Promise.resolve(writer.write(result())).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await expect(async () => writer.write(result())).rejects.toThrow('Cannot write the output: no space left on device');
    await expect(writer.close()).rejects.toBeInstanceOf(CsvFileError);
  });
});
