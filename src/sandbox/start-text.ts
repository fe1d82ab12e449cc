import { KNOWN_GROUPS, KNOWN_USERS } from './directory.js';
import { formatSchedule } from './limiters/index.js';
import type { SandboxOptions } from './options.js';

export interface StartTextInput {
  url: string;
  token: string;
  /** Contacts loaded from the state file, with its path; undefined when state is in memory only. */
  state?: { path: string; contacts: number } | undefined;
  /** Active faults in words, e.g. `latency 200 ms ±20%`; empty when none. */
  faults: readonly string[];
}

/** The rate limit in words, e.g. `rate-limit 200/s, 100/s from 8s (sliding one-second window)`. */
function describeRateLimit({ rateLimit, limiter, burst }: SandboxOptions): string | undefined {
  if (rateLimit === undefined) return undefined;
  const schedule = typeof rateLimit === 'number' ? [{ fromMs: 0, limit: rateLimit }] : rateLimit;
  const limits = formatSchedule(schedule, limiter === 'concurrency' ? ' in flight' : '/s');
  const shape = {
    fixed: limiter === undefined ? '' : ' (fixed one-second windows)',
    sliding: ' (sliding one-second window)',
    'token-bucket': ` (token bucket, burst ${burst ?? "one second's worth"})`,
    concurrency: ' (cap on requests in flight)',
  }[limiter ?? 'fixed'];
  return `rate-limit ${limits}${shape}`;
}

/** Active faults in words, for the start text; the options have already passed resolveOptions. */
export function describeFaults(options: SandboxOptions): string[] {
  const faults: string[] = [];
  if (options.latencyMs) faults.push(`latency ${options.latencyMs} ms ±20%`);
  if (options.failRate) faults.push(`fail-rate ${options.failRate}`);
  if (options.failAfterCommit) faults.push(`fail-after-commit ${options.failAfterCommit}`);
  const rateLimit = describeRateLimit(options);
  if (rateLimit !== undefined) faults.push(rateLimit);
  if (options.retryAfter !== undefined) faults.push(`retry-after ${options.retryAfter}`);
  if (options.rateLimitStatus !== undefined) faults.push(`rate-limit-status ${options.rateLimitStatus}`);
  if (options.rateLimitHeaders !== undefined) {
    const unsent = options.limiter === 'concurrency' && options.rateLimitHeaders !== 'none';
    faults.push(`rate-limit-headers ${options.rateLimitHeaders}${unsent ? ' (not sent by the concurrency limiter)' : ''}`);
  }
  if (options.seed !== undefined) faults.push(`seed ${options.seed}`);
  if (options.orgs !== undefined) faults.push(`orgs ${options.orgs.join(', ')} only (any other is 403)`);
  return faults;
}

/** Quotes a value for a POSIX shell only when it needs it. */
function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** What `saleschat-bulk sandbox` prints on start: where it is, who it knows, how to point import at it. */
export function formatStartText({ url, token, state, faults }: StartTextInput): string {
  return [
    `SalesChat sandbox listening on ${url}`,
    `  token:  ${token}`,
    `  users:  ${KNOWN_USERS.join(', ')}`,
    `  groups: ${KNOWN_GROUPS.join(', ')}`,
    `  state:  ${state ? `${state.path} (${state.contacts} contacts loaded)` : 'in memory (lost on exit; --state FILE keeps it)'}`,
    `  faults: ${faults.length > 0 ? faults.join(', ') : 'none'}`,
    `  stats:  ${url}/_sandbox/stats`,
    '',
    'Point import at it:',
    `  SALESCHAT_TOKEN=${shellQuote(token)} saleschat-bulk import contacts.csv --base-url ${url} --org demo-org`,
    '',
    'Stop with Ctrl-C.',
    '',
  ].join('\n');
}
