import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { collect, stdinOf, useTempDir } from './helpers.js';
import type { CellBytes } from '../../src/io/cell-bytes.js';
import { openCsv } from '../../src/io/read-csv.js';
import { csvLine } from '../../src/io/csv-line.js';
import { readCsv, runCli } from '../support/run-cli.js';

/**
 * Bytes past the sniffed head (64 KiB) that text cannot carry: a NUL, or bytes that are not UTF-8. Each makes
 * its own row invalid, naming the column and the byte, and the rest of the file goes on; clean rows stay valid.
 * Workers run dist/ (npm test builds it).
 */

const dir = useTempDir();
const HEADER = 'crm_id,phone_number,opt_in_date,first_name,last_name,notes';
const LATIN1 = '(if the file is Latin-1, run with --encoding latin1)';
/** Where the file is read in two: open-input reads 64 KiB chunks, and the head is the first. */
const CHUNK_BOUNDARY = 2 * 64 * 1024;

const bytes = (...parts: (string | number[])[]): Buffer => Buffer.concat(parts.map((part) => Buffer.from(part)));
const clean = (i: number): string => `A-${i},+1415555${String(i % 10_000).padStart(4, '0')},2024-01-01,Name ${i},Last,x\n`;

interface Case {
  name: string;
  row: Buffer;
  /** What the reader notes of the row's cells. */
  oddBytes: CellBytes[] | undefined;
  /** The row as the rejects file holds it (bad bytes as U+FFFD); undefined for a row that stays valid. */
  rejected: string | undefined;
  code: string;
  message: string;
}

const BAD_EARLY: Case[] = [
  {
    name: 'a NUL in a name',
    row: bytes('B-1,+14155550101,2024-01-01,Ad\0a,Smith,n\n'),
    oddBytes: [{ column: 3, nul: true, notUtf8: [] }],
    rejected: 'B-1,+14155550101,2024-01-01,Ad\0a,Smith,n',
    code: 'NUL_BYTE',
    message: 'column "first_name": holds a NUL byte (0x00)',
  },
  {
    name: 'Latin-1 é (0xE9) in a name',
    row: bytes('B-2,+14155550102,2024-01-01,Zo,Ren', [0xe9], ',n\n'),
    oddBytes: [{ column: 4, nul: false, notUtf8: [0xe9] }],
    rejected: 'B-2,+14155550102,2024-01-01,Zo,Ren\uFFFD,n',
    code: 'ENCODING_INVALID',
    message: `column "last_name": holds byte 0xE9, which is not UTF-8 ${LATIN1}`,
  },
  {
    name: 'a bad byte in crm_id',
    row: bytes('B-', [0xe9], '-3,+14155550103,2024-01-01,X,Y,n\n'),
    oddBytes: [{ column: 0, nul: false, notUtf8: [0xe9] }],
    rejected: 'B-\uFFFD-3,+14155550103,2024-01-01,X,Y,n',
    code: 'ENCODING_INVALID',
    message: `column "crm_id": holds byte 0xE9, which is not UTF-8 ${LATIN1}`,
  },
  {
    name: 'a genuine U+FFFD, written as valid UTF-8',
    row: bytes('B-4,+14155550104,2024-01-01,Ren\uFFFD,Y,n\n'),
    oddBytes: undefined,
    rejected: undefined,
    code: '',
    message: '',
  },
];

const BAD_LATE: Case[] = [
  {
    name: 'a lone continuation byte',
    row: bytes('B-5,+14155550105,2024-01-01,A', [0x80], 'B,Y,n\n'),
    oddBytes: [{ column: 3, nul: false, notUtf8: [0x80] }],
    rejected: 'B-5,+14155550105,2024-01-01,A\uFFFDB,Y,n',
    code: 'ENCODING_INVALID',
    message: `column "first_name": holds byte 0x80, which is not UTF-8 ${LATIN1}`,
  },
  {
    name: 'an overlong encoding',
    row: bytes('B-6,+14155550106,2024-01-01,X,A', [0xc0, 0xaf], ',n\n'),
    oddBytes: [{ column: 4, nul: false, notUtf8: [0xc0, 0xaf] }],
    rejected: 'B-6,+14155550106,2024-01-01,X,A\uFFFD\uFFFD,n',
    code: 'ENCODING_INVALID',
    message: `column "last_name": holds bytes 0xC0 0xAF, which are not UTF-8 ${LATIN1}`,
  },
  {
    name: 'a 4-byte sequence cut short at the end of a cell',
    row: bytes('B-7,+14155550107,2024-01-01,Zo', [0xf0, 0x9f, 0x98], ',Y,n\n'),
    oddBytes: [{ column: 3, nul: false, notUtf8: [0xf0, 0x9f, 0x98] }],
    rejected: 'B-7,+14155550107,2024-01-01,Zo\uFFFD\uFFFD\uFFFD,Y,n',
    code: 'ENCODING_INVALID',
    message: `column "first_name": holds bytes 0xF0 0x9F 0x98, which are not UTF-8 ${LATIN1}`,
  },
  {
    name: 'a bad byte and a bad phone: the byte first',
    row: bytes('B-8,+1 555,2024-01-01,Ren', [0xe9], ',Y,n\n'),
    oddBytes: [{ column: 3, nul: false, notUtf8: [0xe9] }],
    rejected: 'B-8,+1 555,2024-01-01,Ren\uFFFD,Y,n',
    code: 'ENCODING_INVALID;PHONE_INVALID',
    message: `column "first_name": holds byte 0xE9, which is not UTF-8 ${LATIN1}; column "phone_number": "+1 555" is not a valid phone number (too short)`,
  },
  {
    name: 'a NUL in a column nothing reads (never sent)',
    row: bytes('B-9,+14155550109,2024-01-01,X,Y,n\0\n'),
    oddBytes: [{ column: 5, nul: true, notUtf8: [] }],
    rejected: undefined,
    code: '',
    message: '',
  },
];

/** The row whose 😀 straddles the chunk boundary; it must stay valid. */
const SPLIT_NAME = 'Zoë😀';

interface Built {
  file: Buffer;
  /** The bytes of each row (1-based, index 0 the header), line break included. */
  rows: Buffer[];
  /** Per row (1-based, index 0 unused): the case it is, or undefined for a clean row. */
  cases: (Case | undefined)[];
}

/** Clean rows past the 64 KiB head, the early bad rows, clean rows up to a 😀 cut by the chunk boundary, the late bad rows, one clean row. */
function build(): Built {
  const parts: Buffer[] = [Buffer.from(`${HEADER}\n`)];
  const cases: (Case | undefined)[] = [undefined];
  let length = parts[0]!.length;
  let i = 1;
  const add = (row: Buffer, which: Case | undefined): void => {
    parts.push(row);
    cases.push(which);
    length += row.length;
  };
  while (length < 70 * 1024) add(Buffer.from(clean(i++)), undefined);
  for (const which of BAD_EARLY) add(which.row, which);
  while (length < CHUNK_BOUNDARY - 120) add(Buffer.from(clean(i++)), undefined);
  // Pad the name so that the 4 bytes of 😀 start 2 bytes before the boundary.
  const prefix = `S-1,+14155550199,2024-01-01,`;
  const pad = CHUNK_BOUNDARY - 2 - length - Buffer.byteLength(prefix + 'Zoë');
  add(Buffer.from(`${prefix}${'x'.repeat(pad)}${SPLIT_NAME},Y,n\n`), undefined);
  for (const which of BAD_LATE) add(which.row, which);
  add(Buffer.from(clean(i)), undefined);
  return { file: Buffer.concat(parts), rows: parts, cases };
}

const built = build();
const BAD = [...BAD_EARLY, ...BAD_LATE];
let input = '';

beforeAll(async () => {
  // The file must be what the tests say it is: a clean head, the bad rows past it, a 😀 across the chunk boundary.
  const head = built.file.subarray(0, 64 * 1024).toString('utf8');
  if (/[\0\uFFFD]/.test(head) || built.file.indexOf(BAD[0]!.row) < 64 * 1024) throw new Error('the first 64 KiB are not clean');
  if (built.file.indexOf(Buffer.from('😀')) !== CHUNK_BOUNDARY - 2) throw new Error('😀 does not straddle the chunk boundary');
  input = await dir.write('late-bytes.csv', built.file);
});

describe('openCsv: bad bytes past the head, however the input is cut into chunks', () => {
  it.each([
    ['a file', undefined],
    ['stdin, 7-byte chunks', 7],
    ['stdin, 65,537-byte chunks', 65_537],
  ])('%s', async (_name, chunkSize) => {
    const source = chunkSize === undefined ? await openCsv(input) : await openCsv('-', { stdin: stdinOf(built.file, chunkSize) });
    const records = await collect(source);
    expect(records).toHaveLength(built.cases.length - 1);
    const noted = records.flatMap((record) => (record.oddBytes === undefined ? [] : [[record.row, record.oddBytes]]));
    expect(noted).toEqual(built.cases.flatMap((which, row) => (which?.oddBytes === undefined ? [] : [[row, which.oddBytes]])));
    expect(records.find((record) => record.fields[0] === 'S-1')?.fields[3]).toMatch(new RegExp(`x${SPLIT_NAME}$`, 'u'));
    expect(records.find((record) => record.fields[0] === 'B-4')?.fields[3]).toBe('Ren\uFFFD');
    expect(records.some((record) => record.fields.some((cell) => /[\u{10FF80}-\u{10FFFF}]/u.test(cell)))).toBe(false);
  });
});

describe('openCsv: a NUL past the head in a file read with --encoding', () => {
  const text = `${HEADER}\n${Array.from({ length: 1_500 }, (_, i) => clean(i + 1)).join('')}B-1,+14155550101,2024-01-01,Ren\u00e9\0,Y,n\n`;
  it.each([
    ['windows-1252', Buffer.from(text, 'latin1'), 'latin1'],
    ['UTF-16LE with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), undefined],
  ])('%s: the NUL is noted, é is text', async (name, content, encoding) => {
    const file = await dir.write(`nul-${name}.csv`, content);
    const records = await collect(await openCsv(file, encoding === undefined ? {} : { encoding }));
    expect(records).toHaveLength(1_501);
    expect(records.filter((record) => record.oddBytes !== undefined)).toEqual([
      { row: 1_501, line: 1_502, fields: ['B-1', '+14155550101', '2024-01-01', 'Ren\u00e9\0', 'Y', 'n'], oddBytes: [{ column: 3, nul: true, notUtf8: [] }] },
    ]);
  });
});

describe('openCsv: a record cut short by a quote that never closes', () => {
  it('keeps the bytes it read marked as bad, shown as U+FFFD', async () => {
    const content = bytes(`${HEADER}\n`, Array.from({ length: 1_500 }, (_, i) => clean(i + 1)).join(''), 'B-1,+14155550101,2024-01-01,"Ren', [0xe9], '\n');
    const records = await collect(await openCsv(await dir.write('unclosed.csv', content)));
    expect(records.at(-1)).toMatchObject({ row: 1_501, fields: ['B-1', '+14155550101', '2024-01-01', 'Ren\uFFFD\n'], oddBytes: [{ column: 3, nul: false, notUtf8: [0xe9] }] });
    expect(records.at(-1)?.malformed).toMatch(/unclosed quote/);
  });
});

describe('validate and import --dry-run: one verdict per row, the same on every path', () => {
  const runs = [
    ['validate --workers 0', ['validate', '--workers', '0'], 'ok'],
    ['validate --workers 2', ['validate', '--workers', '2'], 'ok'],
    ['import --dry-run', ['import', '--dry-run'], 'skipped'],
  ] as const;

  it.each(runs)('%s', async (name, command, validStatus) => {
    const results = join(dir.path(''), `${name.replace(/\W+/g, '-')}.results.csv`);
    const rejects = join(dir.path(''), `${name.replace(/\W+/g, '-')}.rejects.csv`);
    const [verb, ...flags] = command;
    const run = await runCli([verb, input, ...flags, '--results', results, '--rejects', rejects, '--quiet']);
    expect(run.code, run.stderr).toBe(1);

    const rows = await readCsv(results);
    expect(rows).toHaveLength(built.cases.length - 1);
    const verdicts = rows.map((row) => [row['row'], row['status'], row['error_code'], row['error_message']]);
    const expected = built.cases.slice(1).map((which, i) => {
      const bad = which !== undefined && which.code !== '';
      return [String(i + 1), bad ? 'invalid' : validStatus, bad ? which.code : '', bad ? which.message : ''];
    });
    expect(verdicts).toEqual(expected);

    // Markers never leave the reader; the rejects file holds U+FFFD where a bad byte was (a NUL as it was).
    const raw = await readFile(results);
    expect(raw.includes(Buffer.from([0xf4, 0x8f, 0xbe])) || raw.includes(Buffer.from([0xf4, 0x8f, 0xbf]))).toBe(false);
    expect(rows.find((row) => row['crm_id']?.startsWith('B-') && row['crm_id'].endsWith('-3'))?.['crm_id']).toBe('B-\uFFFD-3');
    // Every row not ok, as it came in, then its reason (a dry run leaves every row not ok: skipped, without a code).
    const reason = (code: string, message: string) => csvLine([code, message], ',').trimEnd();
    const rejected = built.cases.slice(1).flatMap((which, i) => {
      if (which?.rejected !== undefined) return [`${which.rejected},${reason(which.code, which.message)}`];
      return validStatus === 'ok' ? [] : [`${built.rows[i + 1]!.toString('utf8').trimEnd()},${reason('', '')}`];
    });
    expect(await readFile(rejects, 'utf8')).toBe([`${HEADER},error_code,error_message`, ...rejected, ''].join('\n'));
  });
});
