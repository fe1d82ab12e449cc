/**
 * What to do about a row that failed, read from its error_code alone. `retry`: the cause passes (the network, a
 * timeout, the API's rate limit, a server error, a redirect, a run stopped midway), so the same row sent again can
 * succeed.
 * `fix-config`: SalesChat refused the token or the organisation. `fix-data`: SalesChat refused what the row holds
 * (a value it does not take, an id it does not know, a contact it cannot find), or a cause this list does not
 * know: sending the same row again gets the same answer.
 */
export type Remedy = 'retry' | 'fix-config' | 'fix-data';

const PASSING = new Set(['NETWORK_ERROR', 'TIMEOUT', 'RATE_LIMITED', 'ABORTED', 'UNEXPECTED_RESPONSE']);

/**
 * The HTTP status a code stands for: HTTP_503 is a 503, and the API's own codes begin with theirs (4090001 is a
 * 409, 5000001 a 500).
 */
function statusOf(code: string): number | undefined {
  const match = /^HTTP_(\d{3})$/.exec(code) ?? /^([1-5]\d\d)\d{4}$/.exec(code);
  return match ? Number(match[1]) : undefined;
}

export function remedyFor(code: string): Remedy {
  if (PASSING.has(code)) return 'retry';
  if (code === 'AUTH_FAILED') return 'fix-config';
  const status = statusOf(code);
  if (status === undefined) return 'fix-data';
  // 408 Request Timeout and 429 Too Many Requests pass like a 5xx does; so does a redirect after the run's check
  // found the API at --base-url (a maintenance page, a load balancer): the row itself is not at fault.
  if (status === 408 || status === 429 || status >= 500 || (status >= 300 && status < 400)) return 'retry';
  return status === 401 || status === 403 ? 'fix-config' : 'fix-data';
}

export function isRetryable(code: string): boolean {
  return remedyFor(code) === 'retry';
}
