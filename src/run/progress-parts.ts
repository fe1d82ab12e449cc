import type { CsvSource, RecordPlace } from '../io/index.js';
import type { ApiSession } from '../api/api-session.js';

/** The pieces of a progress line that every command's line shares. */

export const count = (value: number) => Math.round(value).toLocaleString('en-US');

/** Rows a second over the last interval, smoothed. */
export class RateMeter {
  private lastCount = 0;
  private lastTime = performance.now();
  private rate = 0;

  sample(count: number): number {
    const now = performance.now();
    const seconds = (now - this.lastTime) / 1000;
    if (seconds >= 0.5) {
      const current = (count - this.lastCount) / seconds;
      this.rate = this.rate === 0 ? current : this.rate * 0.6 + current * 0.4;
      this.lastCount = count;
      this.lastTime = now;
    }
    return this.rate;
  }
}

/** The network half of a progress line, shared by import and export: requests a second, 429s and 503s, the throttle (its pace, a hold, a cap found on requests in flight), in flight. */
export function networkParts(session: ApiSession, requests: RateMeter, inFlight: number, concurrency: number): string[] {
  const parts = [`${count(requests.sample(session.stats.requests))} req/s`];
  if (session.stats.rateLimited > 0) parts.push(`${count(session.stats.rateLimited)}×429`);
  if (session.stats.unavailable > 0) parts.push(`${count(session.stats.unavailable)}×503`);
  const { throttle } = session;
  const rate = throttle.currentRate;
  // Holding: one probe at a time until SalesChat accepts again; the probe rate is no limit to report.
  if (throttle.isHolding) parts.push('holding: refused');
  else if (rate !== undefined) parts.push(`limit ${count(rate)}/s`);
  // Requests the server takes at once, not rows: beside `in flight`, which counts rows.
  if (throttle.inFlightCap !== undefined) parts.push(`cap ${throttle.inFlightCap} at once`);
  parts.push(`in flight ${inFlight}/${concurrency}`);
  return parts;
}

/** The time left if the rest goes at the pace so far; empty while too little is done to tell, and once all is. */
export function formatEta(fraction: number, elapsedSeconds: number): string {
  if (!(fraction > 0.001 && fraction < 1) || !Number.isFinite(elapsedSeconds)) return '';
  const remaining = Math.round((elapsedSeconds / fraction) * (1 - fraction));
  const minutes = Math.floor(remaining / 60);
  const seconds = String(remaining % 60).padStart(2, '0');
  return `ETA ${minutes}:${seconds}`;
}

/**
 * How far through the input and the time left at this pace, for every command alike: the share of the file up to
 * where the last row done ends, so rows read into the window ahead of it (and bytes read ahead of those) do not
 * count. `done` is that row (row 0: none yet). Nothing when the share cannot be known: standard input, a pipe, gzip.
 */
export function shareParts(source: CsvSource, done: RecordPlace | undefined, elapsedSeconds: number): string[] {
  const share = done === undefined ? undefined : source.shareThrough(done);
  if (share === undefined) return [];
  return [`${Math.floor(share * 100)}% ${formatEta(share, elapsedSeconds)}`.trim()];
}
