import { describe, expect, it } from 'vitest';
import type { ProbeAnswer } from '../../src/api/probe.js';
import { doctorChecks, doctorExitCode, type DoctorContext } from '../../src/doctor/checks.js';
import { describeRateLimit } from '../../src/doctor/rate-limit-words.js';
import { summaryLine } from '../../src/doctor/report.js';
import { tokenExpiry } from '../../src/doctor/token-expiry.js';

/** doctor's checks from one answer, its words for rate-limit headers, a JWT's expiry: pure, one table each. */

const jwt = (payload: unknown) => `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2ln`;
const NOW = Date.parse('2025-03-01T12:00:00Z');

describe('tokenExpiry', () => {
  it.each([
    ['a JWT with exp', jwt({ exp: 1_700_000_000 }), 1_700_000_000_000],
    ['a JWT without exp', jwt({ sub: 'x' }), undefined],
    ['a JWT whose exp is not a number', jwt({ exp: '1700000000' }), undefined],
    ['an opaque token', 'sandbox-token', undefined],
    ['three parts that are not JSON', 'a.b.c', undefined],
    ['four parts', 'a.b.c.d', undefined],
  ])('%s', (_name, token, expiry) => {
    expect(tokenExpiry(token)).toBe(expiry);
  });
});

describe('describeRateLimit', () => {
  it.each([
    ['none', {}, 'none sent: import learns the limit from 429s (or cap it with --rate N)'],
    ['the current draft', { 'ratelimit-policy': '"sandbox";q=200;w=1', ratelimit: '"sandbox";r=199;t=1' }, '200 requests per 1 s, 199 left, reset in 1 s (from RateLimit-Policy)'],
    ['the older drafts', { 'ratelimit-limit': '100', 'ratelimit-remaining': '5', 'ratelimit-reset': '30' }, '100 requests per window (its length not stated), 5 left, reset in 30 s (from RateLimit-Limit)'],
    ['X-RateLimit-*', { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '59' }, '60 requests per window (its length not stated), 59 left (from X-RateLimit-Limit)'],
  ])('%s', (_name, headers, words) => {
    expect(describeRateLimit(new Headers(headers), NOW)).toBe(words);
  });
});

const answer = (status: number, body: string, headers: Record<string, string> = {}): ProbeAnswer => ({
  kind: 'answer', status, body, headers: new Headers({ date: new Date(NOW).toUTCString(), ...headers }), sentAt: NOW - 50, receivedAt: NOW + 50,
});
const context = (token = 'opaque'): DoctorContext => ({ baseUrl: 'https://api.example.com', orgId: 'acme', token, sandbox: false, now: NOW });
const levels = (probe: ProbeAnswer, token?: string) => Object.fromEntries(doctorChecks(probe, context(token)).map((check) => [check.name, check.level]));

describe('doctorChecks', () => {
  it.each([
    ['healthy', answer(200, '[]'), undefined, { URL: 'ok', token: 'ok', org: 'ok', clock: 'ok', 'rate limit': 'ok' }, 0],
    ['a refused token', answer(401, ''), undefined, { URL: 'ok', token: 'FAIL', org: 'skip', clock: 'ok', 'rate limit': 'ok' }, 3],
    ['a refused org', answer(403, ''), undefined, { URL: 'ok', token: 'ok', org: 'FAIL', clock: 'ok', 'rate limit': 'ok' }, 3],
    ['an API failing', answer(503, ''), undefined, { URL: 'ok', API: 'FAIL', token: 'skip', org: 'skip', clock: 'ok', 'rate limit': 'ok' }, 3],
    ['not the API', answer(404, '<html></html>'), undefined, { URL: 'FAIL', token: 'skip', org: 'skip', clock: 'ok', 'rate limit': 'ok' }, 2],
    ['unreachable', { kind: 'network', code: 'ENOTFOUND', certificate: false, reason: 'ENOTFOUND' } as const, undefined, { URL: 'FAIL', token: 'skip', org: 'skip', clock: 'skip', 'rate limit': 'skip' }, 2],
    ['a clock 2 min off', answer(200, '[]', { date: new Date(NOW + 120_000).toUTCString() }), undefined, { URL: 'ok', token: 'ok', org: 'ok', clock: 'warn', 'rate limit': 'ok' }, 0],
    ['a clock 10 min off', answer(200, '[]', { date: new Date(NOW - 600_000).toUTCString() }), undefined, { URL: 'ok', token: 'ok', org: 'ok', clock: 'FAIL', 'rate limit': 'ok' }, 2],
    ['an expired JWT the API still took', answer(200, '[]'), jwt({ exp: NOW / 1000 - 60 }), { URL: 'ok', token: 'FAIL', org: 'ok', clock: 'ok', 'rate limit': 'ok' }, 2],
    ['an expired JWT refused: the configuration first', answer(401, ''), jwt({ exp: NOW / 1000 - 60 }), { URL: 'ok', token: 'FAIL', org: 'skip', clock: 'ok', 'rate limit': 'ok' }, 2],
    ['a refusal and a skewed clock: the clock first', answer(401, '', { date: new Date(NOW + 600_000).toUTCString() }), undefined, { URL: 'ok', token: 'FAIL', org: 'skip', clock: 'FAIL', 'rate limit': 'ok' }, 2],
  ])('%s', (_name, probe, token, expected, exitCode) => {
    expect(levels(probe, token)).toEqual(expected);
    expect(doctorExitCode(doctorChecks(probe, context(token)))).toBe(exitCode);
  });

  it('a current JWT says when it expires; no check shows the token', () => {
    const token = jwt({ exp: NOW / 1000 + 3600, secret: 'x' });
    const checks = doctorChecks(answer(200, '[]'), context(token));
    expect(checks.find((check) => check.name === 'token')?.text).toBe('accepted (expires at 2025-03-01T13:00:00.000Z)');
    expect(JSON.stringify(checks)).not.toContain(token);
  });

  it('a missing Date header passes, saying it was not checked', () => {
    const probe: ProbeAnswer = { kind: 'answer', status: 200, body: '[]', headers: new Headers(), sentAt: 0, receivedAt: 1 };
    expect(doctorChecks(probe, context()).find((check) => check.name === 'clock')).toEqual({ name: 'clock', level: 'ok', text: 'not checked: the API sent no Date header' });
  });
});

describe('summaryLine', () => {
  it('says what passed, warned and failed', () => {
    expect(summaryLine(doctorChecks(answer(200, '[]'), context()), 0)).toBe('doctor: all 5 checks passed: ready to import and export.');
    expect(summaryLine(doctorChecks(answer(401, ''), context()), 3)).toBe('doctor: 1 of 5 checks failed, 1 not checked: fix what the FAIL line says and run doctor again (exit 3).');
  });
});
