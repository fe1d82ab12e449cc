import type { CsvSource } from '../io/index.js';
import type { ApiSession } from '../api/api-session.js';
import type { ExportTally } from './export-tally.js';
import { count, networkParts, shareParts } from '../run/progress-parts.js';
import { RateMeter } from '../run/progress.js';

export interface ExportProgressState {
  tally: ExportTally;
  source: CsvSource;
  session: ApiSession;
  inFlight: number;
  concurrency: number;
}

/** A describe() for startProgress: import's line in export's words (records read, found, not found, failed). */
export function exportProgressLine(read: () => ExportProgressState): () => string {
  const records = new RateMeter();
  const requests = new RateMeter();
  return () => {
    const { tally, source, session, inFlight, concurrency } = read();
    const { found, not_found: notFound, invalid, failed } = tally.exportStatus;
    const parts = [`exporting ${source.name}: ${count(tally.records)} records read`, `${count(found)} found`, `${count(notFound)} not found`, `${count(failed)} failed`];
    if (invalid > 0) parts.push(`${count(invalid)} invalid`);
    parts.push(`${count(records.sample(tally.records))} records/s`);
    parts.push(...networkParts(session, requests, inFlight, concurrency), ...shareParts(source, tally.elapsedSeconds(), tally.records, tally.records));
    return parts.join(' · ');
  };
}
