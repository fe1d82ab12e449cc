/**
 * How far this machine's clock is from the API's, from one answer's `Date` header. Pure.
 *
 * The header has whole seconds (the server's time was somewhere in [Date, Date + 1 s)) and was stamped at some
 * moment between the request leaving and the answer coming back; the local clock is read at both ends. So the
 * skew lies in an interval, and the check judges its end nearest to zero: only a skew the measurement cannot
 * explain fails, whatever the network's delay.
 */

/** Skews up to this pass. */
export const SKEW_OK_MS = 30_000;
/** Skews past this fail: tokens' exp and nbf and Retry-After dates go wrong by that much. */
export const SKEW_FAIL_MS = 5 * 60_000;

export interface ClockSkew {
  /** Server time minus local time, ms: positive when the server is ahead. The interval's middle. */
  readonly estimateMs: number;
  /** The smallest skew the measurement allows, in absolute value (0 when the interval holds 0). */
  readonly leastMs: number;
}

export type SkewVerdict = 'ok' | 'warn' | 'fail';

/** The skew from the Date header and the local times around the request; undefined without a readable Date. */
export function clockSkew(dateHeader: string | null, sentAt: number, receivedAt: number): ClockSkew | undefined {
  if (dateHeader === null) return undefined;
  const stamped = Date.parse(dateHeader);
  if (Number.isNaN(stamped)) return undefined;
  const low = stamped - receivedAt;
  const high = stamped + 1000 - sentAt;
  const leastMs = low <= 0 && high >= 0 ? 0 : Math.min(Math.abs(low), Math.abs(high));
  return { estimateMs: Math.round((low + high) / 2), leastMs };
}

export function judgeSkew(skew: ClockSkew): SkewVerdict {
  if (skew.leastMs <= SKEW_OK_MS) return 'ok';
  return skew.leastMs <= SKEW_FAIL_MS ? 'warn' : 'fail';
}

/** "2 min 5 s behind the API's", "12 s ahead of the API's": the local clock, as the user would fix it. */
export function describeSkew(skew: ClockSkew): string {
  const seconds = Math.round(Math.abs(skew.estimateMs) / 1000);
  const amount = seconds >= 60 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${seconds} s`;
  // A server ahead means this machine is behind.
  return `${amount} ${skew.estimateMs > 0 ? 'behind' : 'ahead of'} the API's`;
}
