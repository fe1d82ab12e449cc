import type { CsvSource } from '../csv/index.js';
import type { ApiSession } from './api-session.js';
import { RateMeter, formatEta } from './progress.js';
import type { Tally } from './tally.js';

export interface ImportProgressState {
  tally: Tally;
  source: CsvSource;
  session: ApiSession | undefined;
  inFlight: number;
  concurrency: number;
}

const n = (value: number) => Math.round(value).toLocaleString('en-US');

/** A describe() for startProgress: done, ok/failed, requests a second, 429s, the throttle's rate, rows in flight, % and ETA. */
export function importProgressLine(read: () => ImportProgressState): () => string {
  const rows = new RateMeter();
  const requests = new RateMeter();
  return () => describe(read(), rows, requests);
}

function describe(state: ImportProgressState, rows: RateMeter, requests: RateMeter): string {
  const { tally, source, session } = state;
  const parts = [`importing ${source.name}: ${n(tally.rows)} rows done`, `${n(tally.byStatus.ok)} ok`, `${n(tally.byStatus.failed)} failed`];
  if (tally.byStatus.invalid + tally.byStatus.duplicate > 0) parts.push(`${n(tally.byStatus.invalid + tally.byStatus.duplicate)} invalid/duplicate`);
  parts.push(`${n(rows.sample(tally.rows))} rows/s`);
  if (session) {
    parts.push(`${n(requests.sample(session.stats.requests))} req/s`);
    if (session.stats.rateLimited > 0) parts.push(`${n(session.stats.rateLimited)}×429`);
    const rate = session.throttle.currentRate;
    if (rate !== undefined) parts.push(`limit ${n(rate)}/s`);
    parts.push(`in flight ${state.inFlight}/${state.concurrency}`);
  }
  if (source.totalBytes) {
    const fraction = source.bytesRead() / source.totalBytes;
    parts.push(`${Math.floor(fraction * 100)}% ${formatEta(fraction, tally.elapsedSeconds())}`.trim());
  }
  return parts.join(' · ');
}
