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
  /** Rows read into the window so far (ahead of rows done by up to the window's size). */
  rowsRead: number;
}

export const count = (value: number) => Math.round(value).toLocaleString('en-US');

/** The network half of a progress line, shared by import and export: requests a second, 429s, the throttle (its pace, a hold, a cap found on requests in flight), in flight. */
export function networkParts(session: ApiSession, requests: RateMeter, inFlight: number, concurrency: number): string[] {
  const parts = [`${count(requests.sample(session.stats.requests))} req/s`];
  if (session.stats.rateLimited > 0) parts.push(`${count(session.stats.rateLimited)}×429`);
  const { throttle } = session;
  const rate = throttle.currentRate;
  // Holding: one probe at a time until SalesChat accepts again; the probe rate is no limit to report.
  if (throttle.isHolding) parts.push('holding: 429s');
  else if (rate !== undefined) parts.push(`limit ${count(rate)}/s`);
  // Requests the server takes at once, not rows: beside `in flight`, which counts rows.
  if (throttle.inFlightCap !== undefined) parts.push(`cap ${throttle.inFlightCap} at once`);
  parts.push(`in flight ${inFlight}/${concurrency}`);
  return parts;
}

/**
 * How far through the input and the time left at this pace; nothing when the size is unknown. Reading runs ahead
 * of finishing by the whole window, so the share of bytes read is scaled by the share of rows read that are done.
 */
export function shareParts(source: CsvSource, elapsedSeconds: number, rowsDone: number, rowsRead: number): string[] {
  if (!source.totalBytes || rowsRead === 0) return [];
  const fraction = Math.min(1, (source.bytesRead() / source.totalBytes) * (rowsDone / rowsRead));
  return [`${Math.floor(fraction * 100)}% ${formatEta(fraction, elapsedSeconds)}`.trim()];
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
