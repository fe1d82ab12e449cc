import { describe, expect, it } from 'vitest';
import { policyRate, readRateLimitHeaders, type RateLimitHint } from '../../src/api/rate-limit-headers.js';

const NOW = Date.parse('2025-01-01T00:00:00Z');
const NOW_S = NOW / 1000;

/** Headers as a server sends them: a pair repeated is the header sent twice, which Headers joins with ", ". */
function read(pairs: [string, string][], now = NOW): RateLimitHint | undefined {
  const headers = new Headers();
  for (const [name, value] of pairs) headers.append(name, value);
  return readRateLimitHeaders(headers, now);
}

describe('readRateLimitHeaders: the current IETF draft (structured fields)', () => {
  it.each<[string, [string, string][], RateLimitHint | undefined]>([
    [
      'one policy and its limit',
      [['RateLimit-Policy', '"default";q=100;w=60'], ['RateLimit', '"default";r=50;t=30']],
      { limit: 100, windowMs: 60_000, remaining: 50, resetMs: 30_000 },
    ],
    ['the policy alone', [['RateLimit-Policy', '"default";q=100;w=60']], { limit: 100, windowMs: 60_000 }],
    ['the limit alone', [['RateLimit', '"default";r=50;t=30']], { remaining: 50, resetMs: 30_000 }],
    ['a limit without t (no reset stated)', [['RateLimit', '"default";r=999;pk=:dHJpYWwxMjEzMjM=:']], { remaining: 999 }],
    ['a policy without a window', [['RateLimit-Policy', '"daily";q=1000']], { limit: 1000 }],
    [
      'extra parameters (qu, pk, vendor ones) are ignored',
      [['RateLimit-Policy', '"peruser";q=65535;qu="requests";w=10;pk=:sdfjLJUOUH==:;acme-burst=5'], ['RateLimit', '"peruser";r=7;t=2;acme-x']],
      { limit: 65_535, windowMs: 10_000, remaining: 7, resetMs: 2000 },
    ],
    [
      'several policies: the strictest by q/w (1000 an hour, 0.28/s, over 50 a minute, 0.83/s)',
      [['RateLimit-Policy', '"permin";q=50;w=60, "perhr";q=1000;w=3600'], ['RateLimit', '"permin";r=10;t=20, "perhr";r=900;t=1800']],
      { limit: 1000, windowMs: 3_600_000, remaining: 900, resetMs: 1_800_000 },
    ],
    [
      'several policies split over two fields, as RFC 8941 allows',
      [['RateLimit-Policy', '"burst";q=100;w=60'], ['RateLimit-Policy', '"daily";q=1000;w=86400'], ['RateLimit', '"daily";r=5;t=600']],
      { limit: 1000, windowMs: 86_400_000, remaining: 5, resetMs: 600_000 },
    ],
    [
      'no RateLimit item named like the strictest policy: the first item',
      [['RateLimit-Policy', '"a";q=10;w=1, "b";q=1000;w=60'], ['RateLimit', '"c";r=3;t=1, "d";r=4;t=2']],
      { limit: 10, windowMs: 1000, remaining: 3, resetMs: 1000 },
    ],
    [
      'without windows, the smallest quota',
      [['RateLimit-Policy', '"big";q=500, "small";q=20'], ['RateLimit', '"small";r=1']],
      { limit: 20, remaining: 1 },
    ],
    ['a token as the name is read too', [['RateLimit-Policy', 'default;q=10;w=1'], ['RateLimit', 'default;r=9;t=1']], { limit: 10, windowMs: 1000, remaining: 9, resetMs: 1000 }],
    ['the same item sent twice is read once', [['RateLimit', '"default";r=5;t=1'], ['RateLimit', '"default";r=5;t=1']], { remaining: 5, resetMs: 1000 }],
    ['r of one name sent twice with different values: neither', [['RateLimit', '"default";r=5;t=1'], ['RateLimit', '"default";r=4;t=1']], { resetMs: 1000 }],
    [
      'one policy name with two quotas: no policy at all',
      [['RateLimit-Policy', '"default";q=100;w=60'], ['RateLimit-Policy', '"default";q=10;w=60'], ['RateLimit', '"default";r=5']],
      { remaining: 5 },
    ],
    ['q=0 is no usable limit', [['RateLimit-Policy', '"default";q=0;w=60']], undefined],
    ['w=0 is no usable window', [['RateLimit-Policy', '"default";q=5;w=0']], { limit: 5 }],
    ['decimal t reads as ms', [['RateLimit', '"default";r=1;t=0.25']], { remaining: 1, resetMs: 250 }],
  ])('%s', (_name, pairs, hint) => {
    expect(read(pairs)).toEqual(hint);
  });
});

describe('readRateLimitHeaders: the older IETF drafts', () => {
  it.each<[string, [string, string][], RateLimitHint | undefined]>([
    [
      'three fields',
      [['RateLimit-Limit', '100'], ['RateLimit-Remaining', '50'], ['RateLimit-Reset', '30']],
      { limit: 100, remaining: 50, resetMs: 30_000 },
    ],
    [
      'the combined dictionary with its policy (draft 07)',
      [['RateLimit', 'limit=100, remaining=50, reset=30'], ['RateLimit-Policy', '100;w=60']],
      { limit: 100, windowMs: 60_000, remaining: 50, resetMs: 30_000 },
    ],
    [
      'several policies: the window of the one whose quota is the limit',
      [['RateLimit', 'limit=10, remaining=1, reset=7'], ['RateLimit-Policy', '10;w=1, 50;w=60, 1000;w=3600']],
      { limit: 10, windowMs: 1000, remaining: 1, resetMs: 7000 },
    ],
    [
      'RateLimit-Limit followed by its policies (drafts 01 to 02)',
      [['RateLimit-Limit', '10, 10;w=1;burst=1000, 1000;w=3600'], ['RateLimit-Remaining', '3'], ['RateLimit-Reset', '1']],
      { limit: 10, windowMs: 1000, remaining: 3, resetMs: 1000 },
    ],
    ['policies alone: the strictest quota is the limit', [['RateLimit-Policy', '10;w=1, 100;w=60']], { limit: 100, windowMs: 60_000 }],
    ['a limit no policy matches has no window', [['RateLimit-Limit', '100'], ['RateLimit-Policy', '50;w=60']], { limit: 100 }],
    ['a repeated header with the same value', [['RateLimit-Limit', '100'], ['RateLimit-Limit', '100'], ['RateLimit-Remaining', '50, 50']], { limit: 100, remaining: 50 }],
    ['a repeated header with conflicting values', [['RateLimit-Limit', '100'], ['RateLimit-Limit', '50'], ['RateLimit-Remaining', '5']], { remaining: 5 }],
    [
      'a dictionary sent twice that disagrees on remaining and reset',
      [['RateLimit', 'limit=100, remaining=50, reset=30'], ['RateLimit', 'limit=100, remaining=49, reset=29']],
      { limit: 100 },
    ],
    ['a reset sent as a moment (epoch seconds) is read as one', [['RateLimit-Reset', String(NOW_S + 12)]], { resetMs: 12_000 }],
  ])('%s', (_name, pairs, hint) => {
    expect(read(pairs)).toEqual(hint);
  });
});

describe('readRateLimitHeaders: X-RateLimit-*', () => {
  it.each<[string, [string, string][], RateLimitHint | undefined]>([
    ['delta seconds', [['X-RateLimit-Limit', '60'], ['X-RateLimit-Remaining', '59'], ['X-RateLimit-Reset', '45']], { limit: 60, remaining: 59, resetMs: 45_000 }],
    ['epoch seconds (GitHub)', [['X-RateLimit-Limit', '5000'], ['X-RateLimit-Remaining', '4999'], ['X-RateLimit-Reset', String(NOW_S + 3600)]], { limit: 5000, remaining: 4999, resetMs: 3_600_000 }],
    ['epoch seconds with a fraction', [['X-RateLimit-Reset', String(NOW_S + 1.5)]], { resetMs: 1500 }],
    ['epoch ms', [['X-RateLimit-Reset', String(NOW + 2500)]], { resetMs: 2500 }],
    ['a moment already past is now', [['X-RateLimit-Reset', String(NOW_S - 10)]], { resetMs: 0 }],
    ['just under the epoch threshold is still a delay', [['X-RateLimit-Reset', '999999999']], { resetMs: 999_999_999_000 }],
    ['remaining 0 is usable', [['X-RateLimit-Remaining', '0']], { remaining: 0 }],
    ['reset 0 is usable', [['X-RateLimit-Reset', '0']], { resetMs: 0 }],
    ['decimals', [['X-RateLimit-Remaining', '2.5'], ['X-RateLimit-Reset', '0.75']], { remaining: 2.5, resetMs: 750 }],
    ['white space around the value', [['X-RateLimit-Limit', '  60 ']], { limit: 60 }],
  ])('%s', (_name, pairs, hint) => {
    expect(read(pairs)).toEqual(hint);
  });
});

describe('readRateLimitHeaders: which form wins', () => {
  it('the current draft over the older ones and X-, never mixed', () => {
    const hint = read([
      ['RateLimit-Policy', '"default";q=10;w=1'],
      ['RateLimit-Remaining', '99'],
      ['X-RateLimit-Limit', '5000'],
      ['X-RateLimit-Reset', '60'],
    ]);
    expect(hint).toEqual({ limit: 10, windowMs: 1000 });
  });

  it('the older drafts over X-', () => {
    expect(read([['RateLimit-Limit', '100'], ['X-RateLimit-Limit', '5000'], ['X-RateLimit-Remaining', '1']])).toEqual({ limit: 100 });
  });

  it('a form with nothing usable gives way to the next', () => {
    expect(read([['RateLimit-Policy', '"default";q=abc'], ['RateLimit-Limit', 'lots'], ['X-RateLimit-Remaining', '7']])).toEqual({ remaining: 7 });
  });
});

describe('readRateLimitHeaders: malformed values make their field undefined, never an exception', () => {
  const field = (name: string, value: string): [string, [string, string][]] => [`${name}: ${JSON.stringify(value)}`, [[name, value]]];
  it.each<[string, [string, string][]]>([
    ...['text', '', '-5', '-0.5', 'NaN', 'Infinity', '1e3', '0x10', '1,5', '100, 50', '12abc', '1'.repeat(16), '9'.repeat(400), '1.2.3', '½'].map((value) =>
      field('X-RateLimit-Remaining', value),
    ),
    ...['0', '-1', 'none', '10;w=1;', '10,'].map((value) => field('RateLimit-Limit', value)),
    ...['soon', '-30', '30s', 'Wed, 01 Jan 2025 00:00:30 GMT'].map((value) => field('RateLimit-Reset', value)),
    ...[
      '"default";r=-1',
      '"default";r=abc;t=x',
      '"default";r=1.5e3',
      '"default";r="5"',
      '"default";R=5',
      '"unterminated;r=5',
      '"default";r=5,',
      '("inner" "list");r=5',
      `"default";r=${'9'.repeat(16)}`,
      '"default";r=1.2345',
      'limit=',
      'limit=-1, remaining=-1, reset=-1',
      'limit=abc, remaining=?1, reset=:AAAA:',
      ',,,',
      '"default";r=5;;t=1',
      '"\u00e9";r=1',
    ].map((value) => field('RateLimit', value)),
    ...['"default";q=-100;w=60', '"default";q=-1.5;w=60', '"default";w=60', '0;w=60', '=;', '"a";q=1e9'].map((value) =>
      field('RateLimit-Policy', value),
    ),
  ])('%s', (_name, pairs) => {
    expect(read(pairs)).toBeUndefined();
  });

  it.each<[string, [string, string][], RateLimitHint]>([
    ['X- limit and reset', [['X-RateLimit-Limit', 'sixty'], ['X-RateLimit-Remaining', '59'], ['X-RateLimit-Reset', '-1']], { remaining: 59 }],
    ['a window that is no number', [['RateLimit-Policy', '"default";q=100;w']], { limit: 100 }],
    ['a negative window', [['RateLimit-Policy', '"default";q=100;w=-60']], { limit: 100 }],
    ['an older policy with window 0', [['RateLimit-Policy', '100;w=0']], { limit: 100 }],
    ['t that is text', [['RateLimit', '"default";r=3;t=soon']], { remaining: 3 }],
  ])('the usable fields of a partly malformed answer are kept: %s', (_name, pairs, hint) => {
    expect(read(pairs)).toEqual(hint);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('an epoch reset against now = %s is no reset', (now) => {
    expect(read([['X-RateLimit-Remaining', '1'], ['X-RateLimit-Reset', String(NOW_S + 5)]], now)).toEqual({ remaining: 1 });
  });

  it('empty headers: undefined', () => {
    expect(readRateLimitHeaders(new Headers())).toBeUndefined();
    expect(read([['Content-Type', 'application/json'], ['Retry-After', '5']])).toBeUndefined();
  });

  it('something that is not Headers at all: undefined', () => {
    for (const junk of [undefined, null, 42, {}, { get: () => 5 }, { get: () => { throw new Error('boom'); } }]) {
      expect(readRateLimitHeaders(junk as unknown as Headers, NOW)).toBeUndefined();
    }
  });

  it('random bytes never throw', () => {
    const alphabet = '0123456789 ,;=:"?*-.\\()abcqrtwlimRL\t\u00e9';
    let seed = 7;
    const next = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i += 1) {
      const value = Array.from({ length: Math.floor(next() * 30) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      const headers = new Headers({ RateLimit: value, 'RateLimit-Policy': value, 'RateLimit-Limit': value, 'X-RateLimit-Reset': value });
      const hint = readRateLimitHeaders(headers, NOW);
      for (const n of Object.values(hint ?? {})) expect(Number.isFinite(n) && n >= 0).toBe(true);
    }
  });
});

describe('policyRate', () => {
  it.each<[RateLimitHint, number | undefined]>([
    [{ limit: 100, windowMs: 60_000 }, 100 / 60],
    [{ limit: 10, windowMs: 1000, remaining: 0, resetMs: 500 }, 10],
    [{ limit: 5, windowMs: 500 }, 10],
    [{ limit: 100 }, undefined],
    [{ windowMs: 1000 }, undefined],
    [{}, undefined],
    [{ limit: 0, windowMs: 1000 }, undefined],
    [{ limit: 10, windowMs: 0 }, undefined],
    [{ limit: Number.NaN, windowMs: 1000 }, undefined],
    [{ limit: 10, windowMs: Number.POSITIVE_INFINITY }, undefined],
  ])('%j: %s', (hint, rate) => {
    expect(policyRate(hint)).toBe(rate);
  });

  it('reads the rate of what the headers said', () => {
    const hint = read([['RateLimit-Policy', '"permin";q=50;w=60, "persec";q=2;w=1']]);
    expect(hint && policyRate(hint)).toBeCloseTo(50 / 60);
  });
});
