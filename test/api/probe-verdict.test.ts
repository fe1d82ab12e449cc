import { describe, expect, it } from 'vitest';
import { clockSkew, judgeSkew } from '../../src/api/clock-skew.js';
import type { ProbeAnswer } from '../../src/api/probe.js';
import { describeProblem, probeProblem, problemCheck, problemExitCode } from '../../src/api/probe-verdict.js';
import { registerSecret } from '../../src/secrets.js';

/** What the probe's one answer says, and the exit status it asks for: every outcome, pure. */

const answer = (status: number, body: string, headers: Record<string, string> = {}): ProbeAnswer => ({
  kind: 'answer', status, body, headers: new Headers(headers), sentAt: 0, receivedAt: 10,
});
const ERROR_BODY = JSON.stringify({ error_code: 4220001, error_message: 'phoneNumber: bad', error_description: 'x' });

describe('probeProblem', () => {
  it.each([
    ['a 200 list', answer(200, '[]'), undefined, undefined, undefined],
    ['a 200 list of contacts', answer(200, '[{"id":"1"}]'), undefined, undefined, undefined],
    ['a 200 HTML page', answer(200, '<html>hi</html>', { 'content-type': 'text/html' }), 'not-api', 'URL', 2],
    ['a 200 JSON object', answer(200, '{"ok":true}'), 'not-api', 'URL', 2],
    ['a 200 that is not JSON', answer(200, 'hello'), 'not-api', 'URL', 2],
    ['a 404 HTML page', answer(404, '<html>Not Found</html>'), 'not-api', 'URL', 2],
    ['a 404 in the error shape', answer(404, ERROR_BODY), 'not-api', 'URL', 2],
    ['a 405', answer(405, ''), 'not-api', 'URL', 2],
    ['a redirect', answer(301, '', { location: 'https://example.com/' }), 'not-api', 'URL', 2],
    ['a 401', answer(401, ERROR_BODY), 'token', 'token', 3],
    ['a 401 from a proxy, as HTML', answer(401, '<html>no</html>'), 'token', 'token', 3],
    ['a 403', answer(403, ERROR_BODY), 'org', 'org', 3],
    ['a 429', answer(429, ERROR_BODY), 'failing', 'API', 3],
    ['a 503', answer(503, ''), 'failing', 'API', 3],
    ['a 422 in the error shape', answer(422, ERROR_BODY), 'refused', 'API', 3],
    ['a 400 as HTML', answer(400, '<html>bad</html>'), 'not-api', 'URL', 2],
    ['no answer in time', { kind: 'timeout', timeoutMs: 5000 } as const, 'timeout', 'URL', 2],
    ['an answer past the size cap', { kind: 'too-large', status: 200, limit: '8 MB' } as const, 'not-api', 'URL', 2],
    ['a refused connection', { kind: 'network', code: 'ECONNREFUSED', certificate: false, reason: 'ECONNREFUSED' } as const, 'unreachable', 'URL', 2],
    ['an untrusted certificate', { kind: 'network', code: 'SELF_SIGNED_CERT_IN_CHAIN', certificate: true, reason: 'SELF_SIGNED_CERT_IN_CHAIN' } as const, 'tls', 'URL', 2],
  ])('%s', (_name, probe, kind, check, exitCode) => {
    const problem = probeProblem(probe);
    expect(problem?.kind).toBe(kind);
    if (problem === undefined) return;
    expect(problemCheck(problem)).toBe(check);
    expect(problemExitCode(problem)).toBe(exitCode);
  });
});

describe('the server\'s words in a problem never carry the token', () => {
  const TOKEN = 'tok-probe-verdict-secret';
  registerSecret(TOKEN);
  const where = { baseUrl: 'http://127.0.0.1:1', orgId: 'o' };
  it.each([
    ['an error_message quoting the Authorization header', answer(422, JSON.stringify({ error_code: 4220001, error_message: `bad header Bearer ${TOKEN}` })), 'HTTP 422: bad header Bearer [redacted]'],
    ['a Location quoting it', answer(302, '', { location: `https://login.example/?t=${TOKEN}` }), 'a redirect (HTTP 302) to https://login.example/?t=[redacted]'],
  ])('%s', (_name, probe, words) => {
    const text = describeProblem(probeProblem(probe)!, where);
    expect(text).not.toContain(TOKEN);
    expect(text).toContain(words);
  });
});

describe('clockSkew', () => {
  const at = (ms: number) => new Date(ms).toUTCString();
  const T = Date.parse('2025-03-01T12:00:00Z');
  it.each([
    ['in step, a fast answer', at(T), T + 200, T + 300, 0, 'ok'],
    ['in step, the header a second coarse', at(T), T + 900, T + 950, 0, 'ok'],
    ['in step, a slow answer (the round trip hides 3 s)', at(T), T - 3000, T + 3000, 0, 'ok'],
    ['the server 2 min ahead', at(T + 120_000), T, T + 100, 119_900, 'warn'],
    ['the server 2 min behind', at(T - 120_000), T, T + 100, 119_000, 'warn'],
    ['the server 10 min ahead', at(T + 600_000), T, T + 100, 599_900, 'fail'],
  ])('%s', (_name, date, sentAt, receivedAt, leastMs, verdict) => {
    const skew = clockSkew(date, sentAt, receivedAt)!;
    expect(skew.leastMs).toBe(leastMs);
    expect(judgeSkew(skew)).toBe(verdict);
  });

  it.each([[null], ['not a date']])('no usable Date header (%j): not measured', (date) => {
    expect(clockSkew(date, 0, 1)).toBeUndefined();
  });
});
