import type { CsvSource } from '../io/index.js';
import type { ApiSession } from '../api/api-session.js';
import { count, networkParts, RateMeter, shareParts } from '../run/progress-parts.js';
import type { Tally } from '../run/tally.js';

export interface ImportProgressState {
  tally: Tally;
  source: CsvSource;
  session: ApiSession | undefined;
  inFlight: number;
  concurrency: number;
}

/** A describe() for startProgress: done, ok/failed, rows a second, the network half, % and ETA. */
export function importProgressLine(read: () => ImportProgressState): () => string {
  const rows = new RateMeter();
  const requests = new RateMeter();
  return () => {
    const { tally, source, session, inFlight, concurrency } = read();
    // % and ETA first after the name: on an 80-column terminal the line is cut from its end.
    const parts = [`importing ${source.name}: ${count(tally.rows)} rows done`, ...shareParts(source, { row: tally.rows }, tally.elapsedSeconds()), `${count(tally.byStatus.ok)} ok`, `${count(tally.byStatus.failed)} failed`];
    const rejected = tally.byStatus.invalid + tally.byStatus.duplicate;
    if (rejected > 0) parts.push(`${count(rejected)} invalid/duplicate`);
    parts.push(`${count(rows.sample(tally.rows))} rows/s`);
    if (session) parts.push(...networkParts(session, requests, inFlight, concurrency));
    // Every record gets one results row, in input order: the rows done are rows 1 to tally.rows.
    return parts.join(' · ');
  };
}
