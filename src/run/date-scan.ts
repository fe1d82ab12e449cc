import type { HeaderMapping } from '../contacts/index.js';
import { SlashedDateOrder, type SlashedVerdict } from '../contacts/slashed-dates.js';
import { UsageError } from '../errors.js';
import type { CsvSource } from '../io/index.js';

/**
 * The records a scan reads at most. Real dates show a day above 12 within a few dozen rows (each date has about a
 * 60% chance), so a file still undecided after 10,000 is one to ask about. Reading them is not free: on the
 * bench's file (ISO dates, so read to the 10,000th row) it delays the first request by 0.17 s, the parser still
 * cold. A 20-second run notices that (about 1% of it at 200 requests a second); a real import does not.
 */
const SCAN_RECORDS = 10_000;

/** Once an order shows, the scan reads on to here, so a file whose dates mix both orders is caught before the run. */
const CONFIRM_RECORDS = 1_000;

/**
 * The date format a run reads opt-in dates with when --date-format was not given: none (ISO 8601, epoch and the
 * unambiguous forms), or the slashed order the file's dates show, or a preset's `presetFormat`. (Issue 14.) The file is
 * read again from the start with `reopen` (the run's own options: delimiter, encoding, sheet), until the order is
 * clear; it holds no rows.
 *
 * Only a file of known size is scanned: it gives the same bytes again. Standard input and a named pipe would have to
 * be read ahead of the run, which then could not start on the first rows nor be interrupted cleanly while a writer
 * stalls; records handed over by code (`reopen` undefined) are promised to be read no faster than rows are sent. Their
 * slashed dates are rejected row by row, each reason naming --date-format.
 */
export async function inferDateFormat(
  source: CsvSource,
  mapping: HeaderMapping,
  reopen: (() => Promise<CsvSource>) | undefined,
  presetFormat?: string,
): Promise<string | undefined> {
  // A preset's dotted or ISO format leaves slashed cells alone; a slashed one (Salesforce's) is the header's guess at
  // an order, which the exporting user's locale decides: the file's own dates are asked first.
  if (presetFormat !== undefined && !isSlashed(presetFormat)) return presetFormat;
  const column = mapping.columns.get('opt_in_date');
  if (column === undefined || reopen === undefined || source.totalBytes === undefined) return presetFormat;
  const order = new SlashedDateOrder();
  let read = 0;
  const again = await reopen();
  try {
    for await (const record of again.records) {
      const cell = record.fields[column];
      if (cell !== undefined) order.note(mapping.readCell(cell).trim());
      read++;
      if (order.mixed || read >= SCAN_RECORDS || (order.decided && read >= CONFIRM_RECORDS)) break;
    }
  } finally {
    again.close();
  }
  const verdict = order.verdict();
  if (presetFormat !== undefined) return presetOrFile(presetFormat, verdict) ?? formatFrom(verdict, where(source, mapping, read));
  return formatFrom(verdict, where(source, mapping, read));
}

const where = (source: CsvSource, mapping: HeaderMapping, read: number) => ({ column: mapping.label('opt_in_date'), input: source.name, all: read < SCAN_RECORDS });

const isSlashed = (format: string): boolean => /^[MD]{1,2}\/[MD]{1,2}\//.test(format);
const dayFirst = (format: string): boolean => format.startsWith('D');

/**
 * A preset's slashed format beside the file's slashed dates: the preset's while they agree with it or could be
 * either order, the file's when they show the other order; undefined when they mix both (a usage error, as without
 * a preset).
 */
function presetOrFile(presetFormat: string, verdict: SlashedVerdict): string | undefined {
  switch (verdict.kind) {
    case 'none':
    case 'ambiguous':
      return presetFormat;
    case 'decided':
      return dayFirst(verdict.format) === dayFirst(presetFormat) ? presetFormat : verdict.format;
    case 'mixed':
      return undefined;
  }
}

const listed = (cells: readonly string[]): string => {
  const quoted = cells.map((cell) => JSON.stringify(cell));
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
};

/** The verdict as the run's format, or a UsageError that says what to give. */
function formatFrom(verdict: SlashedVerdict, where: { column: string; input: string; all: boolean }): string | undefined {
  const column = `Column ${JSON.stringify(where.column)} of ${where.input}`;
  switch (verdict.kind) {
    case 'none':
      return undefined;
    case 'decided':
      return verdict.format;
    case 'mixed': {
      const [monthFirst, dayFirst] = verdict.formats;
      throw new UsageError(
        `${column} has dates in both orders: ${JSON.stringify(verdict.dayFirst)} has the day first, ${JSON.stringify(verdict.monthFirst)} the month first. ` +
          `Write them all one way, or give --date-format ${monthFirst} or --date-format ${dayFirst} (rows in the other order are then invalid).`,
      );
    }
    case 'ambiguous': {
      const [monthFirst, dayFirst] = verdict.formats;
      const scope = where.all ? 'none of its dates' : `none of the dates in its first ${SCAN_RECORDS.toLocaleString('en-US')} rows`;
      throw new UsageError(
        `${column} has dates such as ${listed(verdict.examples)} that read as ${monthFirst} and as ${dayFirst} alike (${scope} has a first or second number above 12). ` +
          `Say which with --date-format ${monthFirst} or --date-format ${dayFirst}.`,
      );
    }
  }
}
