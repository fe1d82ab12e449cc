import type { CsvSource } from '../io/index.js';
import type { ApiSession } from '../api/api-session.js';
import { RateMeter } from '../run/progress.js';
import { count, networkParts, shareParts } from '../run/progress-parts.js';
import type { Tally } from '../run/tally.js';

export interface ImportProgressState {
  tally: Tally;
  source: CsvSource;
  session: ApiSession | undefined;
  inFlight: number;
  concurrency: number;
  /** Rows read into the window so far (ahead of rows done by up to the window's size). */
  rowsRead: number;
}

/** A describe() for startProgress: done, ok/failed, rows a second, the network half, % and ETA. */
export function importProgressLine(read: () => ImportProgressState): () => string {
  const rows = new RateMeter();
  const requests = new RateMeter();
  return () => {
    const { tally, source, session, inFlight, concurrency, rowsRead } = read();
    const parts = [`importing ${source.name}: ${count(tally.rows)} rows done`, `${count(tally.byStatus.ok)} ok`, `${count(tally.byStatus.failed)} failed`];
    const rejected = tally.byStatus.invalid + tally.byStatus.duplicate;
    if (rejected > 0) parts.push(`${count(rejected)} invalid/duplicate`);
    parts.push(`${count(rows.sample(tally.rows))} rows/s`);
    if (session) parts.push(...networkParts(session, requests, inFlight, concurrency));
    parts.push(...shareParts(source, tally.elapsedSeconds(), tally.rows, rowsRead));
    return parts.join(' · ');
  };
}
