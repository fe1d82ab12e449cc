import type { CsvSource } from '../io/index.js';
import type { ApiSession } from '../api/api-session.js';
import { formatEta, type RateMeter } from './progress.js';

/** The pieces of a progress line that every command's line shares. */

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
