import type { CsvSource } from '../io/index.js';
import type { ApiSession } from '../api/api-session.js';
import type { ExportTally } from './export-tally.js';
import { count, networkParts, RateMeter, shareParts } from '../run/progress-parts.js';

export interface ExportProgressState {
  tally: ExportTally;
  source: CsvSource;
  session: ApiSession;
  inFlight: number;
  concurrency: number;
  /**
   * Input records whose rows are written (records 1 to this one, in order). `tally.records` counts records read,
   * which run ahead by the window: without this count no % or ETA is shown rather than one that runs ahead.
   */
  recordsDone?: number;
}

/** A describe() for startProgress: import's line in export's words (records read, found, not found, failed). */
export function exportProgressLine(read: () => ExportProgressState): () => string {
  const records = new RateMeter();
  const requests = new RateMeter();
  return () => {
    const { tally, source, session, inFlight, concurrency, recordsDone } = read();
    const { found, not_found: notFound, invalid, failed } = tally.byStatus;
    const done = recordsDone === undefined ? undefined : { row: recordsDone };
    // % and ETA first after the name: on an 80-column terminal the line is cut from its end.
    const parts = [`exporting ${source.name}: ${count(tally.records)} records read`, ...shareParts(source, done, tally.elapsedSeconds()), `${count(found)} found`, `${count(notFound)} not found`, `${count(failed)} failed`];
    if (invalid > 0) parts.push(`${count(invalid)} invalid`);
    parts.push(`${count(records.sample(tally.records))} records/s`);
    parts.push(...networkParts(session, requests, inFlight, concurrency));
    return parts.join(' · ');
  };
}
