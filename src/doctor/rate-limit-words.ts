import type { HeaderReader } from '../api/http-exchange.js';
import { readRateLimitHeaders } from '../api/rate-limit-headers.js';

/** The rate-limit headers of an answer in words, as doctor prints them. Pure. */

/** The header a hint was most likely read from, by the order readRateLimitHeaders tries the forms. */
const SOURCES: readonly [string, string][] = [
  ['ratelimit-policy', 'RateLimit-Policy'],
  ['ratelimit-limit', 'RateLimit-Limit'],
  ['ratelimit', 'RateLimit'],
  ['x-ratelimit-limit', 'X-RateLimit-Limit'],
  ['x-ratelimit-remaining', 'X-RateLimit-Remaining'],
];

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/** "200 requests per 1 s, 199 left (from RateLimit-Policy)", or what to expect when the API states none. */
export function describeRateLimit(headers: HeaderReader, now: number = Date.now()): string {
  const hint = readRateLimitHeaders(headers, now);
  if (hint === undefined) return 'none sent: import learns the limit from 429s (or cap it with --rate N)';
  const source = SOURCES.find(([name]) => headers.get(name) !== null)?.[1] ?? 'rate-limit headers';
  const parts: string[] = [];
  if (hint.limit !== undefined) parts.push(`${hint.limit} requests per ${hint.windowMs === undefined ? 'window (its length not stated)' : seconds(hint.windowMs)}`);
  if (hint.remaining !== undefined) parts.push(`${hint.remaining} left`);
  if (hint.resetMs !== undefined) parts.push(`reset in ${seconds(hint.resetMs)}`);
  return `${parts.join(', ')} (from ${source})`;
}
