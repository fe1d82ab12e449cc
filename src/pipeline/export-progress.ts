import type { CsvSource } from '../csv/index.js';
import type { ApiSession } from './api-session.js';
import type { ExportTally } from './export-tally.js';
import { RateMeter, formatEta } from './progress.js';

export interface ExportProgressState {
  tally: ExportTally;
  source: CsvSource;
  session: ApiSession;
  inFlight: number;
  concurrency: number;
}

const n = (value: number) => Math.round(value).toLocaleString('en-US');

/** A describe() for startProgress: import's line in export's words (records read, found, not found, failed). */
export function exportProgressLine(read: () => ExportProgressState): () => string {
  const records = new RateMeter();
  const requests = new RateMeter();
  return () => {
    const { tally, source, session, inFlight, concurrency } = read();
    const { found, not_found: notFound, invalid, failed } = tally.exportStatus;
    const parts = [`exporting ${source.name}: ${n(tally.records)} records read`, `${n(found)} found`, `${n(notFound)} not found`, `${n(failed)} failed`];
    if (invalid > 0) parts.push(`${n(invalid)} invalid`);
    parts.push(`${n(records.sample(tally.records))} records/s`, `${n(requests.sample(session.stats.requests))} req/s`);
    if (session.stats.rateLimited > 0) parts.push(`${n(session.stats.rateLimited)}×429`);
    const rate = session.throttle.currentRate;
    if (rate !== undefined) parts.push(`limit ${n(rate)}/s`);
    parts.push(`in flight ${inFlight}/${concurrency}`);
    if (source.totalBytes) {
      const fraction = source.bytesRead() / source.totalBytes;
      parts.push(`${Math.floor(fraction * 100)}% ${formatEta(fraction, tally.elapsedSeconds())}`.trim());
    }
    return parts.join(' · ');
  };
}
