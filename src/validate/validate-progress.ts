import type { CsvSource, InputRecord } from '../io/index.js';
import { count, RateMeter, shareParts } from '../run/progress-parts.js';
import type { Tally } from '../run/tally.js';

export interface ValidateProgressState {
  tally: Tally;
  source: CsvSource;
  /** The last record whose results row is written; undefined before the first. */
  lastDone: InputRecord | undefined;
}

/** A describe() for startProgress: rows checked, rows a second, invalid, duplicate, % and ETA. */
export function validateProgressLine(read: () => ValidateProgressState): () => string {
  const rows = new RateMeter();
  return () => {
    const { tally, source, lastDone } = read();
    const parts = [
      `validating ${source.name}: ${count(tally.rows)} rows`,
      // % and ETA first after the name: on an 80-column terminal the line is cut from its end. Validate reads in
      // slices, placed by line: before the first row is done, the start of the file.
      ...shareParts(source, lastDone ?? { row: 0, line: 1 }, tally.elapsedSeconds()),
      `${count(rows.sample(tally.rows))} rows/s`,
      `${count(tally.byStatus.invalid)} invalid`,
      `${count(tally.byStatus.duplicate)} duplicate`,
    ];
    return parts.join(' · ');
  };
}
