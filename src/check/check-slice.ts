import { finished } from 'node:stream/promises';
import { checkRecord, type CheckOptions, type HeaderMapping, type RowIssue } from '../contacts/index.js';
import { RecordParser, type InputRecord, type TextSlice } from '../io/index.js';

/** How a run's slices are read and checked: the same on every thread. */
export interface SliceContext {
  delimiter: string;
  mapping: HeaderMapping;
  /** The header's cells: a record spanning lines is measured against it (see spanned-record.ts). */
  header: readonly string[];
  headerLength: number;
  checkOptions: CheckOptions;
  /** Send each record's cells back (for the rejects file); without it only what the results need crosses threads. */
  keepFields: boolean;
}

/** The context for a run's setup; every thread builds its own from the same setup. */
export function sliceContext(mapping: HeaderMapping, setup: { header: readonly string[]; delimiter: string; checkOptions: CheckOptions; keepFields: boolean }): SliceContext {
  return { delimiter: setup.delimiter, mapping, header: setup.header, headerLength: setup.header.length, checkOptions: setup.checkOptions, keepFields: setup.keepFields };
}

/**
 * A slice's records, checked, as plain arrays (cheap to pass between threads): record i starts on lines[i],
 * its crm_id is crmIds[i]; only records with problems appear in `invalid`.
 */
export interface CheckedSlice {
  count: number;
  lines: number[];
  crmIds: string[];
  phones: string[];
  invalid: { index: number; issues: RowIssue[] }[];
  fields: string[][] | undefined;
  /** The text ended inside a quoted field: its last record is cut off, unless the slice was the last. */
  endedInQuote: boolean;
  /** For the first slice: whether it held the header (one of blank lines only does not). */
  headerFound: boolean;
  /** A record outgrew the parser's limit: nothing after it was read, and reading must stop. */
  gaveUp: boolean;
}

/** Parses a slice (the header record of the first one dropped) and checks every record in it. */
export async function checkSlice(slice: TextSlice, context: SliceContext): Promise<CheckedSlice> {
  const parser = new RecordParser({ delimiter: context.delimiter, firstLine: slice.firstLine, header: context.header });
  const checked: CheckedSlice = { count: 0, lines: [], crmIds: [], phones: [], invalid: [], fields: context.keepFields ? [] : undefined, endedInQuote: false, headerFound: false, gaveUp: false };
  // 'data' events rather than for await: an async iterator costs a promise per record (~4% of a worker's time).
  parser.on('data', (record: InputRecord) => {
    if (slice.first && !checked.headerFound) {
      checked.headerFound = true;
      return;
    }
    const result = checkRecord(record, context.mapping, context.headerLength, context.checkOptions);
    if (result.issues.length > 0) checked.invalid.push({ index: checked.count, issues: result.issues });
    checked.lines.push(record.line);
    checked.crmIds.push(result.crmId);
    checked.phones.push(result.phone);
    checked.fields?.push(record.fields);
    checked.count++;
  });
  parser.end(slice.text);
  await finished(parser);
  checked.endedInQuote = parser.endedInQuote;
  checked.gaveUp = parser.gaveUp;
  return checked;
}
