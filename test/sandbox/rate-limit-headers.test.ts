import { describe, expect, it } from 'vitest';
import { readRateLimitHeaders } from '../../src/api/rate-limit-headers.js';
import type { LimiterKind, RateLimitHeaderStyle, SandboxOptions } from '../../src/sandbox/index.js';
import { client, contactBody, manualClock, PHONE, T0, useSandboxes, type Reply } from './helpers.js';

const open = useSandboxes();

const NAMES = [
  'ratelimit-policy',
  'ratelimit',
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
] as const;

/** The rate-limit headers of a reply, by name; {} when it has none. */
function rateLimitHeaders(reply: Reply): Record<string, string> {
  return Object.fromEntries(NAMES.flatMap((name) => (reply.headers.has(name) ? [[name, reply.headers.get(name) ?? '']] : [])));
}

/** A sandbox on a manual clock set to `at` ms after T0, and `count` look-ups sent one after another. */
async function lookUps(options: SandboxOptions, at: number, count: number): Promise<Reply[]> {
  const clock = manualClock(T0);
  const sandbox = await open({ ...options, clock: clock.now });
  clock.set(T0 + at);
  const api = client(sandbox);
  const replies: Reply[] = [];
  for (let i = 0; i < count; i += 1) replies.push(await api.byPhone(PHONE));
  return replies;
}

const T0_SECONDS = T0 / 1000;

describe('--rate-limit-headers: what each style sends, over HTTP', () => {
  it.each<[RateLimitHeaderStyle, Record<string, string>[]]>([
    [
      'ietf',
      [2, 1, 0, 0].map((r) => ({ 'ratelimit-policy': '"sandbox";q=3;w=1', ratelimit: `"sandbox";r=${r};t=1` })),
    ],
    [
      'legacy',
      [2, 1, 0, 0].map((r) => ({ 'ratelimit-limit': '3', 'ratelimit-remaining': String(r), 'ratelimit-reset': '1' })),
    ],
    [
      'x',
      [2, 1, 0, 0].map((r) => ({ 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': String(r), 'x-ratelimit-reset': String(T0_SECONDS + 1) })),
    ],
    ['none', [{}, {}, {}, {}]],
  ])('%s, on the admitted answers and the 429', async (style, expected) => {
    const replies = await lookUps({ rateLimit: 3, rateLimitHeaders: style }, 250, 4);
    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200, 429]);
    expect(replies.map(rateLimitHeaders)).toEqual(expected);
  });

  it('sends none by default, as before', async () => {
    for (const options of [{ rateLimit: 1 }, {}]) {
      const replies = await lookUps(options, 250, 2);
      expect(replies.map(rateLimitHeaders)).toEqual([{}, {}]);
    }
  });

  it('sends none for the concurrency limiter, which has no window to state', async () => {
    const replies = await lookUps({ rateLimit: 1, limiter: 'concurrency', rateLimitHeaders: 'ietf' }, 0, 2);
    expect(replies.map((reply) => [reply.status, rateLimitHeaders(reply)])).toEqual([
      [200, {}],
      [200, {}],
    ]);
  });

  it("states the limit in force now: the schedule's, not the first", async () => {
    const replies = await lookUps({ rateLimit: [{ fromMs: 0, limit: 3 }, { fromMs: 2000, limit: 5 }], rateLimitHeaders: 'legacy' }, 2500, 1);
    expect(replies.map(rateLimitHeaders)).toEqual([{ 'ratelimit-limit': '5', 'ratelimit-remaining': '4', 'ratelimit-reset': '1' }]);
  });
});

describe('--rate-limit-headers on every answer the rate limiter judged, other headers intact', () => {
  it('404, 401, 405, 422, 200 and 429 all count down; Allow, Retry-After and Content-Type stay', async () => {
    const clock = manualClock(T0);
    const sandbox = await open({ rateLimit: 7, rateLimitHeaders: 'ietf', clock: clock.now });
    const api = client(sandbox);
    const replies = [
      await api.request('GET', '/no/such/path'),
      await client(sandbox, 'wrong-token').byPhone(PHONE),
      await api.request('PATCH', '/v3/orgs/demo-org/contacts/c_1/assign'),
      await api.create({ crm_id: 'only-a-crm-id' }),
      await api.create(contactBody()),
      await api.byPhone(PHONE),
      await api.byPhone(PHONE),
      await api.byPhone(PHONE),
    ];
    expect(replies.map((reply) => reply.status)).toEqual([404, 401, 405, 422, 200, 200, 200, 429]);
    expect(replies.map((reply) => reply.headers.get('ratelimit'))).toEqual([6, 5, 4, 3, 2, 1, 0, 0].map((r) => `"sandbox";r=${r};t=1`));
    expect(replies[2]?.headers.get('allow')).toBe('POST');
    expect(replies[7]?.headers.get('retry-after')).toBe('1');
    for (const reply of replies) expect(reply.headers.get('content-type')).toBe('application/json');
  });

  it('the sandbox endpoints, which the limiter does not judge, send none', async () => {
    const sandbox = await open({ rateLimit: 1, rateLimitHeaders: 'ietf' });
    const stats = await client(sandbox).request('GET', '/_sandbox/stats');
    expect(stats.status).toBe(200);
    expect(rateLimitHeaders(stats)).toEqual({});
  });
});

describe('readRateLimitHeaders reads back what the sandbox sent', () => {
  const cases: [RateLimitHeaderStyle, LimiterKind][] = [];
  for (const style of ['ietf', 'legacy', 'x'] as const) for (const limiter of ['fixed', 'sliding', 'token-bucket'] as const) cases.push([style, limiter]);

  it.each(cases)('%s headers of the %s limiter: the limit, remaining counting down, the reset', async (style, limiter) => {
    const at = 250;
    const replies = await lookUps({ rateLimit: 3, limiter, rateLimitHeaders: style }, at, 4);
    const hints = replies.map((reply) => readRateLimitHeaders(reply.headers, T0 + at));
    expect(hints.map((hint) => [hint?.limit, hint?.windowMs, hint?.remaining])).toEqual(
      [2, 1, 0, 0].map((remaining) => [3, style === 'ietf' ? 1000 : undefined, remaining]),
    );
    // Whole seconds, rounded up: never before the limiter gives requests back, at most a second after.
    for (const hint of hints) {
      expect(hint?.resetMs).toBeGreaterThan(0);
      expect(hint?.resetMs).toBeLessThanOrEqual(2000);
    }
  });

  it.each<[RateLimitHeaderStyle, number]>([
    ['ietf', 1000],
    ['legacy', 1000],
    ['x', 750],
  ])('%s: the reset of a fixed window 250 ms in reads as %i ms', async (style, resetMs) => {
    const [reply] = await lookUps({ rateLimit: 3, rateLimitHeaders: style }, 250, 1);
    expect(reply && readRateLimitHeaders(reply.headers, T0 + 250)?.resetMs).toBe(resetMs);
  });

  it('on the real clock too', async () => {
    const sandbox = await open({ rateLimit: 50, limiter: 'sliding', rateLimitHeaders: 'ietf' });
    const api = client(sandbox);
    const remaining: (number | undefined)[] = [];
    for (let i = 0; i < 5; i += 1) {
      const hint = readRateLimitHeaders((await api.byPhone(PHONE)).headers);
      remaining.push(hint?.remaining);
      expect(hint).toMatchObject({ limit: 50, windowMs: 1000 });
    }
    expect(remaining).toEqual([49, 48, 47, 46, 45]);
  });
});
