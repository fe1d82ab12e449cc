import {
  RATE_LIMIT_HEADER_STYLES,
  RATE_LIMIT_STATUSES,
  RETRY_AFTER_STYLES,
  type DateStyle,
  type RateLimitHeaderStyle,
  type RateLimitStatus,
  type RetryAfterStyle,
} from '../config/sandbox-vocabulary.js';
import { SandboxError } from './errors.js';
import { LIMITER_KINDS, scheduleProblem, type LimiterKind, type RateSchedule } from './limiters/index.js';
import { deriveSeed, mulberry32, type Random } from './rng.js';

// The words the CLI's flags take live in config/, which checks the flags; this file checks a library caller's options.
export { RATE_LIMIT_HEADER_STYLES, RATE_LIMIT_STATUSES, RETRY_AFTER_STYLES, type DateStyle, type RateLimitHeaderStyle, type RateLimitStatus, type RetryAfterStyle };

/** What a caller may set when starting the sandbox; every field is optional. */
export interface SandboxOptions {
  /** TCP port; 0 picks a free one. Default 0 (the CLI's default is 4010). */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1 (loopback only). */
  host?: string;
  /** The only bearer token accepted. Default `sandbox-token`. */
  token?: string;
  /** Added to every API request, with ±20% jitter. Default 0. */
  latencyMs?: number;
  /** Share of API requests (0..1) answered 500 before anything happens. Default 0. */
  failRate?: number;
  /** Share of creates (0..1) that are stored but answered 500 or with a dropped connection. Default 0. */
  failAfterCommit?: number;
  /**
   * Requests a second, all operations together, before answering 429 (for limiter `concurrency`: requests in flight).
   * A number, or a schedule over the sandbox's clock from start, e.g. `[{ fromMs: 0, limit: 200 }, { fromMs: 8000, limit: 100 }]`
   * (parseRateSchedule reads the CLI's `200,100@8s`). Default: no limit.
   */
  rateLimit?: number | RateSchedule;
  /** How rateLimit counts: fixed one-second windows, a sliding one-second window, a token bucket, or a cap on requests in flight. Default `fixed`. */
  limiter?: LimiterKind;
  /** Token bucket only: the most tokens it holds, so the longest burst. Default: the limit in force (one second's worth). */
  burst?: number;
  /** Retry-After of a rateLimit 429: `seconds` (delay-seconds, rounded up), `date` (an HTTP-date) or `none`. Default `seconds`. */
  retryAfter?: RetryAfterStyle;
  /**
   * Rate-limit headers on every answer the rate limiter judged, admitted or 429: `ietf`, `legacy`, `x` or `none`.
   * Limiter `concurrency` sends none (it has no window to state). Default `none`.
   */
  rateLimitHeaders?: RateLimitHeaderStyle;
  /** The status of an answer over rateLimit: 429, or 503 as nginx's limit_req answers unless told otherwise. Default 429. */
  rateLimitStatus?: RateLimitStatus;
  /** Seed of the fault PRNG, for reproducible runs. Default: random. */
  seed?: number;
  /** Replaces the seeded PRNG outright (tests). */
  random?: Random;
  /** Load contacts from this file on start and save them there on change and on close. */
  statePath?: string;
  /** How opt_in_date, create_date and expiry_ts are sent: RFC 3339 (default) or epoch-seconds strings. */
  dates?: DateStyle;
  /** Receives one line per request; undefined logs nothing. Never given the request's token. */
  log?: ((line: string) => void) | undefined;
  /**
   * Milliseconds since the epoch; injectable so 429 and rate-limit windows can be tested without sleeping. Also the
   * `Date` header of every answer, so a test can skew the sandbox's clock against the client's.
   */
  clock?: () => number;
  /** The only org ids the token may use; any other is 403 (error_code 4030001) once the token is accepted. Default: any org. */
  orgs?: readonly string[];
}

/** Options with every default applied, checked once. */
export interface ResolvedOptions {
  port: number;
  host: string;
  token: string;
  latencyMs: number;
  failRate: number;
  failAfterCommit: number;
  /** The rate limit as a schedule (a plain N is one step from 0), with its shape; undefined when there is no limit. */
  rateLimit:
    | { schedule: RateSchedule; limiter: LimiterKind; burst: number | undefined; retryAfter: RetryAfterStyle; headers: RateLimitHeaderStyle; status: RateLimitStatus }
    | undefined;
  statePath: string | undefined;
  dates: DateStyle;
  log: ((line: string) => void) | undefined;
  clock: () => number;
  /** The orgs allowed; undefined allows any. */
  orgs: ReadonlySet<string> | undefined;
  /** One stream per fault so enabling one does not change another's pattern. */
  random: { latency: Random; failRate: Random; afterCommit: Random };
}

export const DEFAULT_SANDBOX_TOKEN = 'sandbox-token';
export const DEFAULT_SANDBOX_HOST = '127.0.0.1';

function check(ok: boolean, message: string): void {
  if (!ok) throw new SandboxError('BAD_OPTION', message);
}

const isShare = (p: number): boolean => Number.isFinite(p) && p >= 0 && p <= 1;

function resolveRateLimit(options: SandboxOptions): ResolvedOptions['rateLimit'] {
  const { rateLimit, limiter, burst, retryAfter, rateLimitHeaders, rateLimitStatus } = options;
  if (rateLimit === undefined) {
    const orphan = (['limiter', 'burst', 'retryAfter', 'rateLimitHeaders', 'rateLimitStatus'] as const).find((key) => options[key] !== undefined);
    check(orphan === undefined, `${orphan} applies only with rateLimit, which is not set`);
    return undefined;
  }
  if (typeof rateLimit === 'number') {
    check(Number.isInteger(rateLimit) && rateLimit >= 1, `rateLimit must be an integer >= 1, got ${rateLimit}`);
  } else {
    check(Array.isArray(rateLimit), `rateLimit must be a number or an array of { fromMs, limit }, got ${typeof rateLimit}`);
    const problem = scheduleProblem(rateLimit);
    check(problem === undefined, `rateLimit schedule: ${problem}`);
  }
  check(limiter === undefined || LIMITER_KINDS.includes(limiter), `limiter must be one of ${LIMITER_KINDS.join(', ')}, got ${String(limiter)}`);
  check(burst === undefined || (Number.isInteger(burst) && burst >= 1), `burst must be an integer >= 1, got ${burst}`);
  check(burst === undefined || limiter === 'token-bucket', `burst applies only to limiter token-bucket, not ${limiter ?? 'fixed'}`);
  check(retryAfter === undefined || RETRY_AFTER_STYLES.includes(retryAfter), `retryAfter must be one of ${RETRY_AFTER_STYLES.join(', ')}, got ${String(retryAfter)}`);
  check(
    rateLimitHeaders === undefined || RATE_LIMIT_HEADER_STYLES.includes(rateLimitHeaders),
    `rateLimitHeaders must be one of ${RATE_LIMIT_HEADER_STYLES.join(', ')}, got ${String(rateLimitHeaders)}`,
  );
  check(
    rateLimitStatus === undefined || RATE_LIMIT_STATUSES.includes(rateLimitStatus),
    `rateLimitStatus must be one of ${RATE_LIMIT_STATUSES.join(', ')}, got ${String(rateLimitStatus)}`,
  );
  return {
    schedule: typeof rateLimit === 'number' ? [{ fromMs: 0, limit: rateLimit }] : rateLimit.map((step) => ({ ...step })),
    limiter: limiter ?? 'fixed',
    burst,
    retryAfter: retryAfter ?? 'seconds',
    headers: rateLimitHeaders ?? 'none',
    status: rateLimitStatus ?? 429,
  };
}

export function resolveOptions(options: SandboxOptions = {}): ResolvedOptions {
  const { port = 0, latencyMs = 0, failRate = 0, failAfterCommit = 0, seed } = options;
  check(Number.isInteger(port) && port >= 0 && port <= 65535, `port must be an integer from 0 to 65535, got ${port}`);
  check(Number.isFinite(latencyMs) && latencyMs >= 0, `latencyMs must be a number >= 0, got ${latencyMs}`);
  check(isShare(failRate), `failRate must be between 0 and 1, got ${failRate}`);
  check(isShare(failAfterCommit), `failAfterCommit must be between 0 and 1, got ${failAfterCommit}`);
  const rateLimit = resolveRateLimit(options);
  check(seed === undefined || Number.isInteger(seed), `seed must be an integer, got ${seed}`);
  const token = options.token ?? DEFAULT_SANDBOX_TOKEN;
  check(token.length > 0 && !/\s/.test(token), 'token must be non-empty and contain no white space');
  const { orgs } = options;
  check(orgs === undefined || (Array.isArray(orgs) && orgs.every((org) => typeof org === 'string' && org !== '')), 'orgs must be a list of non-empty org ids');
  const base = seed ?? Math.floor(Math.random() * 2 ** 32);
  const stream = (n: number): Random => options.random ?? mulberry32(deriveSeed(base, n));
  return {
    port,
    host: options.host ?? DEFAULT_SANDBOX_HOST,
    token,
    latencyMs,
    failRate,
    failAfterCommit,
    rateLimit,
    statePath: options.statePath,
    dates: options.dates ?? 'iso',
    log: options.log,
    clock: options.clock ?? Date.now,
    orgs: orgs === undefined ? undefined : new Set(orgs),
    random: { latency: stream(0), failRate: stream(1), afterCommit: stream(2) },
  };
}
