import { describe, expect, it } from 'vitest';
import { answerRetryAfterMs, backoffMs, decideRetry, retryAfterMs, type RetryPolicy, type TryFailure } from '../../src/api/retry.js';

const POLICY: RetryPolicy = { retries: 5, maxRetryAfterMs: 120_000, baseDelayMs: 250, maxDelayMs: 15_000 };
const status = (code: number, retryAfter?: number): TryFailure => ({ kind: 'status', status: code, retryAfterMs: retryAfter });
const half = () => 0.5;

describe('decideRetry', () => {
  it.each([
    ['408', status(408), true],
    ['429', status(429), true],
    ['500', status(500), true],
    ['502', status(502), true],
    ['503', status(503), true],
    ['504', status(504), true],
    ['400', status(400), false],
    ['401', status(401), false],
    ['403', status(403), false],
    ['404', status(404), false],
    ['409', status(409), false],
    ['422', status(422), false],
    ['a timeout', { kind: 'timeout' }, true],
    ['a network error', { kind: 'network', certificate: false }, true],
    ['a certificate error', { kind: 'network', certificate: true }, false],
    ['an answer past the size cap', { kind: 'too-large', status: 200 }, false],
    ['a 503 past the size cap', { kind: 'too-large', status: 503 }, false],
  ] as [string, TryFailure, boolean][])('%s is retried: %s', (_name, failure, retried) => {
    expect(decideRetry(failure, 0, POLICY, half).retry).toBe(retried);
  });

  it('stops once --retries retries were made', () => {
    expect(decideRetry(status(500), 4, POLICY, half).retry).toBe(true);
    expect(decideRetry(status(500), 5, POLICY, half)).toEqual({ retry: false });
    expect(decideRetry(status(500), 0, { ...POLICY, retries: 0 }, half)).toEqual({ retry: false });
  });

  it.each([
    [1, 0, 125],
    [1, 1, 250],
    [2, 0.5, 375],
    [4, 1, 2_000],
    [7, 1, 15_000],
    [12, 0, 15_000],
  ])('back-off before retry %i with jitter %d: %d ms (doubling, 50-100 %%, at most 15 s)', (retry, random, ms) => {
    expect(backoffMs(retry, POLICY, () => random)).toBe(ms);
  });

  it.each([
    ['429 with Retry-After 3 s', status(429, 3_000), { retry: true, delayMs: 3_000 }],
    ['503 with Retry-After 0', status(503, 0), { retry: true, delayMs: 0 }],
    ['429 with Retry-After exactly the cap', status(429, 120_000), { retry: true, delayMs: 120_000 }],
    ['429 with Retry-After 3600 s', status(429, 3_600_000), { retry: false, waitAskedMs: 3_600_000 }],
    ['503 with Retry-After 121 s', status(503, 121_000), { retry: false, waitAskedMs: 121_000 }],
    ['500 with Retry-After 3600 s (not honoured on 500)', status(500, 3_600_000), { retry: true, delayMs: 187.5 }],
    ['429 without Retry-After', status(429), { retry: true, delayMs: 187.5 }],
  ] as [string, TryFailure, unknown][])('%s', (_name, failure, decision) => {
    expect(decideRetry(failure, 0, POLICY, half)).toEqual(decision);
  });

  it('a Retry-After past the cap is reported even with no retries left', () => {
    expect(decideRetry(status(429, 3_600_000), 5, POLICY, half)).toEqual({ retry: false, waitAskedMs: 3_600_000 });
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    ['3', 3_000],
    [' 3600 ', 3_600_000],
    ['0', 0],
    ['-5', 0],
    ['1.5', 1_500],
    ['Thu, 01 Jan 2026 00:01:00 GMT', 60_000],
    ['Wed, 31 Dec 2025 23:00:00 GMT', 0],
    [String(now / 1000 + 30), 30_000],
  ])('%j is %d ms', (header, ms) => {
    expect(retryAfterMs(header, now)).toBe(ms);
  });

  it.each([[null], [''], ['soon'], ['   '], ['0x10'], ['1e3'], ['Infinity'], ['3 s']])('%j is no Retry-After', (header) => {
    expect(retryAfterMs(header, now)).toBeUndefined();
  });
});

describe('answerRetryAfterMs: dates on the server\'s clock', () => {
  const local = Date.parse('2026-01-01T00:00:00.400Z');
  const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name] ?? null });
  const httpDate = (ms: number) => new Date(ms).toUTCString();

  it.each([
    ['10 min ahead', 600_000],
    ['10 min behind', -600_000],
    ['in step', 0],
  ])('a server %s: a date 3 s after its own Date header is a wait of 2 to 3 s', (_name, skewMs) => {
    const serverNow = Math.floor((local + skewMs) / 1000) * 1000;
    const wait = answerRetryAfterMs(headers({ date: httpDate(serverNow), 'retry-after': httpDate(serverNow + 3_000) }), local - 5, local);
    expect(wait).toBeGreaterThanOrEqual(2_000);
    expect(wait).toBeLessThanOrEqual(3_000);
  });

  it('in step, the local clock reads the date, as before (finer than the Date header\'s seconds)', () => {
    const answer = headers({ date: httpDate(Math.floor(local / 1000) * 1000), 'retry-after': httpDate(local + 1_600) });
    expect(answerRetryAfterMs(answer, local - 5, local)).toBe(retryAfterMs(httpDate(local + 1_600), local));
  });

  it('without a Date header, or with delay-seconds, nothing changes', () => {
    expect(answerRetryAfterMs(headers({ 'retry-after': httpDate(local + 600_000) }), local, local)).toBe(retryAfterMs(httpDate(local + 600_000), local));
    expect(answerRetryAfterMs(headers({ date: httpDate(local + 600_000), 'retry-after': '2' }), local, local)).toBe(2_000);
  });
});

