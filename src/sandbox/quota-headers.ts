import type { Quota } from './limiters/index.js';
import type { RateLimitHeaderStyle } from './options.js';

/** The one policy the sandbox has, all operations together, as `ietf` headers name it. */
export const SANDBOX_POLICY = 'sandbox';

/**
 * The headers that state `quota` at `now` in `style`; none for `none`. Seconds are rounded up, as Retry-After's are:
 * a client that waits until then is never early. The window is always one second, as --rate-limit counts.
 */
export function quotaHeaders(style: RateLimitHeaderStyle, quota: Quota, now: number): Record<string, string> {
  const { limit, remaining, resetMs } = quota;
  const resetSeconds = Math.ceil(resetMs / 1000);
  switch (style) {
    case 'ietf':
      return {
        'ratelimit-policy': `"${SANDBOX_POLICY}";q=${limit};w=1`,
        ratelimit: `"${SANDBOX_POLICY}";r=${remaining};t=${resetSeconds}`,
      };
    case 'legacy':
      return { 'ratelimit-limit': String(limit), 'ratelimit-remaining': String(remaining), 'ratelimit-reset': String(resetSeconds) };
    case 'x':
      // A moment, in epoch seconds, as GitHub sends it.
      return { 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': String(Math.ceil((now + resetMs) / 1000)) };
    case 'none':
      return {};
  }
}
