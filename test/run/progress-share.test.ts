import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSession } from '../../src/api/api-session.js';
import { Throttle } from '../../src/api/throttle.js';
import { exportProgressLine } from '../../src/export/export-progress.js';
import { ExportTally } from '../../src/export/export-tally.js';
import { importProgressLine } from '../../src/import/import-progress.js';
import { openCsv, type CsvSource } from '../../src/io/read-csv.js';
import type { TextSlice } from '../../src/io/text-slices.js';
import { formatEta, shareParts } from '../../src/run/progress-parts.js';
import { Tally } from '../../src/run/tally.js';
import { validateProgressLine } from '../../src/validate/validate-progress.js';

/**
 * % and ETA count rows done, one way for every command: the share of the file up to where the last row done ends.
 * Reading runs ahead of it (a 64 KiB chunk, a window of rows, slices on worker threads): that must not show.
 */

const HEADER = 'crm_id,phone_number,opt_in_date';
const ROWS = 20_000;
const LINES = [HEADER, ...Array.from({ length: ROWS }, (_, i) => `C-${i + 1},+1415555${String((i + 1) % 10_000).padStart(4, '0')},2024-01-01`)];
const TEXT = `${LINES.join('\n')}\n`;
/** Byte offset just past record `row` (0: the header). */
const endOf = (row: number) => LINES.slice(0, row + 1).reduce((sum, line) => sum + line.length + 1, 0);
const shareOf = (row: number) => endOf(row) / TEXT.length;
const percent = (row: number) => `${Math.floor(shareOf(row) * 100)}%`;

let dir = '';
let file = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'saleschat-share-'));
  file = join(dir, 'contacts.csv');
  await writeFile(file, TEXT);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A source read record by record, `read` records handed out, as import's window would have them. */
async function readAhead(read: number): Promise<CsvSource> {
  const source = await openCsv(file);
  const iterator = source.records[Symbol.asyncIterator]();
  for (let i = 0; i < read; i++) await iterator.next();
  return source;
}

describe('shareParts: % and ETA from the end of the last row done', () => {
  it('follows rows done while the bytes read run well ahead', async () => {
    const source = await readAhead(15_000);
    const done = 5_000;
    // Read ahead: three times as many rows read as done, and bytes read beyond even those.
    expect(source.bytesRead() / TEXT.length).toBeGreaterThan(3 * shareOf(done));
    const share = shareOf(done);
    expect(shareParts(source, { row: done }, 10)).toEqual([`${percent(done)} ${formatEta(share, 10)}`]);
    // 10 s for about a quarter: about 30 s to go at that pace.
    expect(formatEta(share, 10)).toMatch(/^ETA 0:(29|30|31)$/);
    expect(shareParts(source, { row: 15_000 }, 10)).toEqual([`${percent(15_000)} ${formatEta(shareOf(15_000), 10)}`]);
    source.close();
  });

  it.each([
    ['nothing done yet', { row: 0 }, ['0%']],
    ['the whole file done: 100%, no ETA', { row: ROWS }, ['100%']],
  ])('%s', async (_name, done, expected) => {
    const source = await readAhead(ROWS);
    expect(shareParts(source, done, 10)).toEqual(expected);
    source.close();
  });

  it('shows nothing without a place to measure from or a size to measure against', async () => {
    const source = await readAhead(100);
    expect(shareParts(source, undefined, 10)).toEqual([]);
    source.close();
    const { Readable } = await import('node:stream');
    const piped = await openCsv('-', { stdin: Readable.from([Buffer.from(TEXT)]) });
    for await (const _record of piped.records);
    expect(shareParts(piped, { row: 10 }, 10)).toEqual([]);
  });
});

describe("every command's line uses it", () => {
  it('import: the rows done are rows 1 to tally.rows', async () => {
    const source = await readAhead(15_000);
    const tally = new Tally();
    tally.rows = 5_000;
    const line = importProgressLine(() => ({ tally, source, session: undefined, inFlight: 0, concurrency: 8 }))();
    expect(line).toMatch(new RegExp(`: [\\d,]+ (rows done|records read) · ${percent(5_000)}( ETA \\d+:\\d\\d)? · `));
    source.close();
  });

  it('export: from the records done when it is told them, else no % rather than one from records read', async () => {
    const source = await readAhead(15_000);
    const tally = new ExportTally();
    tally.records = 15_000;
    const session = { stats: { requests: 0, retries: 0, rateLimited: 0, unavailable: 0 }, throttle: new Throttle() } as unknown as ApiSession;
    const state = { tally, source, session, inFlight: 8, concurrency: 8 };
    expect(exportProgressLine(() => ({ ...state, recordsDone: 5_000 }))()).toMatch(new RegExp(`: [\\d,]+ (rows done|records read) · ${percent(5_000)}( ETA \\d+:\\d\\d)? · `));
    expect(exportProgressLine(() => state)()).toMatch(/in flight 8\/8$/);
    source.close();
  });

  it('validate: from the line of the last record done, not from the slices handed to the workers', async () => {
    const source = await openCsv(file, { readAs: 'slices' });
    const slices = source.slices(64 * 1024)[Symbol.asyncIterator]();
    const handedOut: TextSlice[] = [];
    for (let i = 0; i < 4; i++) {
      const next = await slices.next();
      if (next.done !== true) handedOut.push(next.value);
    }
    // The first slice's rows done, four slices read: the last record of the first slice starts on the line before the second.
    const line = handedOut[1]!.firstLine - 1;
    const row = line - 1;
    const tally = new Tally();
    tally.rows = row;
    expect(source.bytesRead() / TEXT.length).toBeGreaterThan(3 * shareOf(row));
    const describe = validateProgressLine(() => ({ tally, source, lastDone: { row, line, fields: [] } }));
    expect(describe()).toMatch(new RegExp(`: [\\d,]+ rows · ${percent(row)}( ETA \\d+:\\d\\d)? · `));
    expect(validateProgressLine(() => ({ tally, source, lastDone: undefined }))()).toMatch(/: [\d,]+ rows · 0% · /);
    source.close();
  });
});
