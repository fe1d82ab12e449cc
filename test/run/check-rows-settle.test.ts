import { describe, expect, it } from 'vitest';
import { createDeduper, mapHeader } from '../../src/contacts/index.js';
import { inlineChecker, type Checker } from '../../src/check/checker.js';
import type { InputRecord } from '../../src/io/input-record.js';
import { openCsv } from '../../src/io/read-csv.js';
import { checkRows, type RowVerdict, type Settle } from '../../src/run/check-rows.js';
import type { PreparedInput } from '../../src/run/prepare-input.js';
import { stdinOf } from '../io/helpers.js';

/**
 * import's Settle answers rows the sync state knows unchanged before they are checked: those never reach the
 * checker, the rest do, and every record still gives one verdict, in input order, de-duplicated as ever.
 */

const HEADER = 'crm_id,phone_number,opt_in_date,first_name';
const line = (i: number) => `C-${i},+1415555${String(1000 + i)},2024-01-01,Name ${i}`;

/** The inline checker, counting the rows it was asked to check. */
function countingChecker(inner: Checker, asked: number[]): Checker {
  return { ...inner, check: (records) => (asked.push(...records.map((record) => record.row)), inner.check(records)) };
}

async function verdicts(text: string, settle: Settle<string>, asked: number[]): Promise<RowVerdict<string>[]> {
  const source = await openCsv('-', { stdin: stdinOf(text, 64 * 1024), readAs: 'records' });
  const mapping = mapHeader(source.header, {});
  const setup = { header: source.header, overrides: {}, checkOptions: {}, delimiter: source.delimiter, keepFields: false };
  const checker = countingChecker(inlineChecker(mapping, setup), asked);
  const input: PreparedInput = { source, mapping, deduper: createDeduper('first'), checkOptions: {}, notices: [], checker };
  const out: RowVerdict<string>[] = [];
  for await (const verdict of checkRows(input, 'first', checker, settle)) out.push(verdict);
  return out;
}

/** Settles the even rows (as the state would a row it knows), giving a phone a check could not have made up. */
const evenRows: Settle<string> = (record: InputRecord) =>
  record.row % 2 === 0 ? { crmId: record.fields[0]!.trim(), phone: '+10000000000', settled: `settled ${record.row}` } : undefined;

describe('checkRows with a Settle', () => {
  it('checks only the rows it leaves, and gives every row its verdict in input order', async () => {
    const asked: number[] = [];
    const text = `${HEADER}\n${Array.from({ length: 150 }, (_, i) => line(i + 1)).join('\n')}\n`;
    const out = await verdicts(text, evenRows, asked);
    expect(out.map((verdict) => verdict.record.row)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
    expect(asked).toEqual(Array.from({ length: 75 }, (_, i) => 2 * i + 1));
    for (const verdict of out) {
      const even = verdict.record.row % 2 === 0;
      expect(verdict.settled).toBe(even ? `settled ${verdict.record.row}` : undefined);
      expect(verdict.checked.phone).toBe(even ? '+10000000000' : `+1415555${String(1000 + verdict.record.row)}`);
      expect(verdict.checked.contact === undefined).toBe(even);
      expect(verdict.checked.issues).toEqual([]);
    }
  });

  it('never calls the checker when every row is settled', async () => {
    const asked: number[] = [];
    const all: Settle<string> = (record) => ({ crmId: record.fields[0]!, phone: '+10000000000', settled: 'yes' });
    const out = await verdicts(`${HEADER}\n${line(1)}\n${line(2)}\n`, all, asked);
    expect(out).toHaveLength(2);
    expect(asked).toEqual([]);
  });

  it('de-duplicates settled rows like checked ones: a second row of a crm_id is its duplicate', async () => {
    const asked: number[] = [];
    const out = await verdicts(`${HEADER}\n${line(1)}\n${line(2)}\n${line(1)}\n${line(2)}\n`, evenRows, asked);
    expect(out.map((verdict) => [verdict.checked.crmId, verdict.duplicateOf])).toEqual([
      ['C-1', undefined],
      ['C-2', undefined],
      ['C-1', 1],
      ['C-2', 2],
    ]);
  });
});
