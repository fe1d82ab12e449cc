import type { CsvSource } from '../io/index.js';
import type { ApiSession } from '../api/api-session.js';
import { count, networkParts, RateMeter, shareParts } from '../run/progress-parts.js';
import type { VerifyTally } from './verify-tally.js';

export interface VerifyProgressState {
  tally: VerifyTally;
  source: CsvSource;
  session: ApiSession;
  inFlight: number;
  concurrency: number;
}

/** A describe() for startProgress: import's line in verify's words (match, differs, missing, failed). */
export function verifyProgressLine(read: () => VerifyProgressState): () => string {
  const rows = new RateMeter();
  const requests = new RateMeter();
  return () => {
    const { tally, source, session, inFlight, concurrency } = read();
    const { match, differs, missing, failed, invalid, duplicate } = tally.byStatus;
    // % and ETA first after the name: on an 80-column terminal the line is cut from its end.
    const parts = [`verifying ${source.name}: ${count(tally.rows)} rows done`, ...shareParts(source, { row: tally.rows }, tally.elapsedSeconds())];
    parts.push(`${count(match)} match`, `${count(differs)} differ`, `${count(missing)} missing`, `${count(failed)} failed`);
    if (invalid + duplicate > 0) parts.push(`${count(invalid + duplicate)} invalid/duplicate`);
    parts.push(`${count(rows.sample(tally.rows))} rows/s`, ...networkParts(session, requests, inFlight, concurrency));
    return parts.join(' · ');
  };
}
