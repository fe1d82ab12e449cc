import { describe, expect, it } from 'vitest';
import { Faults } from '../../src/sandbox/faults.js';
import { formatLogLine } from '../../src/sandbox/log-line.js';
import { publishedDocument } from '../../src/sandbox/openapi.js';
import { resolveOptions } from '../../src/sandbox/options.js';
import { maskPhone, toE164 } from '../../src/sandbox/phone.js';
import { mulberry32 } from '../../src/sandbox/rng.js';
import { createRouter } from '../../src/sandbox/routes.js';
import { ContactStore } from '../../src/sandbox/store.js';
import { formatStartText } from '../../src/sandbox/start-text.js';
import { SandboxError } from '../../src/sandbox/index.js';

describe('mulberry32', () => {
  it('repeats for a seed, differs across seeds, stays in [0, 1)', () => {
    const take = (seed: number) => Array.from({ length: 5 }, mulberry32(seed));
    expect(take(1)).toEqual(take(1));
    expect(take(1)).not.toEqual(take(2));
    expect(Array.from({ length: 1000 }, mulberry32(9)).every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('toE164', () => {
  it.each([
    ['+14155552671', '+14155552671'],
    [{ countryCode: 1, nationalNumber: 4155552671 }, '+14155552671'],
    [{ countryCode: 39, nationalNumber: 612345678, italianLeadingZero: true }, '+390612345678'],
    [{ countryCode: 39, nationalNumber: 12345678, italianLeadingZero: true, numberOfLeadingZeros: 2 }, '+390012345678'],
    [{ countryCode: 1 }, undefined],
    [{ nationalNumber: 4155552671 }, undefined],
    [{ countryCode: 0, nationalNumber: 4155552671 }, undefined],
    [{ countryCode: 1, nationalNumber: 12 }, undefined],
    [{ countryCode: 1, nationalNumber: 1234567890123456 }, undefined],
    ['14155552671', undefined],
    [null, undefined],
  ])('%j -> %s', (input, expected) => {
    expect(toE164(input)).toBe(expected);
  });

  it('masks all but the ends of a number', () => {
    expect(maskPhone('+14155552671')).toBe('+141******71');
    expect(maskPhone('+12')).toBe('***');
  });
});

describe('router', () => {
  const route = createRouter(publishedDocument());
  it.each([
    ['POST', '/v2/org/o%201/contact', { kind: 'operation', operationId: 'registerContactV2', params: { orgId: 'o 1' } }],
    ['PUT', '/v1/orgs/o/contact/c_1', { kind: 'operation', operationId: 'updateContact', params: { orgId: 'o', contactId: 'c_1' } }],
    ['GET', '/v2/org/o/contact/pn/%2B1415', { kind: 'operation', operationId: 'getContactByPhoneV2', params: { orgId: 'o', phoneNumber: '+1415' } }],
    ['PATCH', '/v3/orgs/o/contacts/c/assign', { kind: 'method-not-allowed', allow: 'POST' }],
    ['GET', '/v3/orgs/o/contacts/c/assign/x', { kind: 'not-found' }],
  ])('%s %s', (method, path, expected) => {
    expect(route(method, path)).toEqual(expected);
  });
});

describe('Faults', () => {
  it('rate-limits in fixed one-second windows of the injected clock', () => {
    let now = 10_000;
    const faults = new Faults(resolveOptions({ rateLimit: 2, clock: () => now }));
    const wait = (): number | undefined => faults.judgeRate()?.retryAfterMs;
    expect([wait(), wait(), wait()]).toEqual([undefined, undefined, 1000]);
    now = 10_900;
    expect(wait()).toBe(100);
    now = 11_000;
    expect(wait()).toBeUndefined();
  });

  it('states the quota that decided, in the --rate-limit-headers style, read at the instant it decided', () => {
    // A clock that moves on every read: the last admission of a window must not be described by the next window.
    let now = 10_998;
    const faults = new Faults(resolveOptions({ rateLimit: 2, rateLimitHeaders: 'legacy', clock: () => now++ }));
    expect([faults.judgeRate(), faults.judgeRate(), faults.judgeRate()]).toEqual([
      { retryAfterMs: undefined, headers: { 'ratelimit-limit': '2', 'ratelimit-remaining': '1', 'ratelimit-reset': '1' } },
      { retryAfterMs: undefined, headers: { 'ratelimit-limit': '2', 'ratelimit-remaining': '1', 'ratelimit-reset': '1' } },
      { retryAfterMs: undefined, headers: { 'ratelimit-limit': '2', 'ratelimit-remaining': '0', 'ratelimit-reset': '1' } },
    ]);
    expect(new Faults(resolveOptions({ rateLimit: 2, clock: () => now })).judgeRate()).toEqual({ retryAfterMs: undefined, headers: {} });
    expect(new Faults(resolveOptions({ rateLimit: 2, limiter: 'concurrency', rateLimitHeaders: 'ietf' })).judgeRate()).toBeUndefined();
  });

  it('takes its randomness from the injected source; after-commit faults alternate 500 and drop', () => {
    const faults = new Faults(resolveOptions({ failRate: 0.5, failAfterCommit: 0.5, latencyMs: 100, random: () => 0.25 }));
    expect(faults.failNow()).toBe(true);
    expect(faults.latency()).toBe(90);
    expect([faults.afterCommit(), faults.afterCommit(), faults.afterCommit()]).toEqual(['error', 'drop', 'error']);
    const calm = new Faults(resolveOptions({ failRate: 0.5, failAfterCommit: 0.5, random: () => 0.75 }));
    expect([calm.failNow(), calm.afterCommit()]).toEqual([false, undefined]);
  });

  it.each([{ failRate: 2 }, { failAfterCommit: -0.1 }, { rateLimit: 0 }, { port: 70000 }, { latencyMs: -1 }, { token: 'a b' }])(
    'rejects %j',
    (options) => {
      expect(() => resolveOptions(options)).toThrow(SandboxError);
    },
  );
});

describe('ContactStore', () => {
  const contact = (id: string, crmId: string, phone = '+14155552671', orgId = 'o') => ({ id, orgId, crmId, phone, optInDate: 0, createDate: 0 });

  it('finds by id, (org, crm_id) and (org, phone), and re-indexes a renamed crm_id', () => {
    const store = new ContactStore();
    let changes = 0;
    store.onChange = () => void (changes += 1);
    const a = contact('c_1', 'A');
    store.insert(a);
    store.insert(contact('c_2', 'B'));
    store.insert(contact('c_3', 'A', '+14155552671', 'p'));
    expect(store.findByPhone('o', '+14155552671').map((c) => c.id)).toEqual(['c_1', 'c_2']);
    expect(store.findByCrmId('p', 'A')?.id).toBe('c_3');
    store.update(a, { crmId: 'Z' });
    expect(store.findByCrmId('o', 'A')).toBeUndefined();
    expect(store.findByCrmId('o', 'Z')).toBe(a);
    expect(changes).toBe(4);
    store.clear();
    expect([store.count(), store.findByPhone('o', '+14155552671'), store.listByOrg('o')]).toEqual([0, [], []]);
  });
});

describe('log and start text', () => {
  it('a log line has method, masked path, status and time', () => {
    expect(formatLogLine('GET', '/v2/org/o/contact/pn/%2B14155552671', 200, 1.234)).toBe('sandbox GET /v2/org/o/contact/pn/+141******71 200 1.2ms');
  });

  it('quotes a token the shell would split', () => {
    const text = formatStartText({ url: 'http://127.0.0.1:1', token: "it's", faults: [] });
    expect(text).toContain(`SALESCHAT_TOKEN='it'\\''s' saleschat-bulk import`);
  });
});
