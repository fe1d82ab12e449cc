import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { Io } from '../../src/run/io.js';
import { parseCommandLine } from '../../src/cli/args.js';
import { sandboxCommand } from '../../src/cli/sandbox.js';
import { SANDBOX_FLAGS, sandboxConfig } from '../../src/config/index.js';
import { parseRateSchedule, SandboxError, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import { resolveOptions } from '../../src/sandbox/options.js';
import { runCliCaught } from '../support/run-cli-caught.js';
import { client, manualClock, start, T0 } from './helpers.js';

describe('--rate-limit schedules', () => {
  it.each([
    ['200', [{ fromMs: 0, limit: 200 }]],
    ['200,100@8s,300@16s', [{ fromMs: 0, limit: 200 }, { fromMs: 8000, limit: 100 }, { fromMs: 16_000, limit: 300 }]],
    ['50@0s, 10@500ms, 20@1.5s, 5@2m', [{ fromMs: 0, limit: 50 }, { fromMs: 500, limit: 10 }, { fromMs: 1500, limit: 20 }, { fromMs: 120_000, limit: 5 }]],
  ])('%s reads as %j', (text, schedule) => {
    expect(parseRateSchedule(text)).toEqual({ ok: true, schedule });
  });

  it.each([
    ['200,x@3s', /'x@3s' is not N@TIME/],
    ['200,100', /'100' needs a time: N@TIME, e.g. 100@8s/],
    ['200,100@8', /'100@8' is not N@TIME/],
    ['200,100@8h', /'100@8h' is not N@TIME/],
    ['100@2s,50@4s', /the first limit must apply from the start/],
    ['200,100@8s,300@4s', /times must increase: 4s comes after 8s/],
    ['200,0@8s', /limits must be integers >= 1, got 0/],
    ['', /'' is not N or N@TIME/],
  ])('%j is refused: %s', (text, message) => {
    const parsed = parseRateSchedule(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).toMatch(message);
  });
});

/** The sandbox's flags as its run gets them: parsed, then checked in config/. */
const parseSandboxFlags = (argv: string[]) => sandboxConfig(parseCommandLine('sandbox', argv, SANDBOX_FLAGS));

describe('sandbox flags for the limiter', () => {
  it.each<[string[], Partial<SandboxOptions>]>([
    [['--rate-limit', '200'], { rateLimit: 200 }],
    [['--rate-limit', '200,100@8s'], { rateLimit: [{ fromMs: 0, limit: 200 }, { fromMs: 8000, limit: 100 }] }],
    [['--rate-limit', '10', '--limiter', 'sliding'], { rateLimit: 10, limiter: 'sliding' }],
    [['--rate-limit', '10', '--limiter', 'token-bucket', '--burst', '1'], { rateLimit: 10, limiter: 'token-bucket', burst: 1 }],
    [['--rate-limit', '8', '--limiter', 'concurrency', '--retry-after', 'none'], { rateLimit: 8, limiter: 'concurrency', retryAfter: 'none' }],
    [['--rate-limit', '8', '--retry-after', 'date'], { rateLimit: 8, retryAfter: 'date' }],
    [['--rate-limit', '8', '--rate-limit-headers', 'ietf'], { rateLimit: 8, rateLimitHeaders: 'ietf' }],
    [['--rate-limit', '8', '--limiter', 'sliding', '--rate-limit-headers', 'x'], { rateLimit: 8, limiter: 'sliding', rateLimitHeaders: 'x' }],
    [['--rate-limit', '8', '--rate-limit-headers', 'none'], { rateLimit: 8, rateLimitHeaders: 'none' }],
    [['--rate-limit', '8', '--rate-limit-status', '503'], { rateLimit: 8, rateLimitStatus: 503 }],
    [['--rate-limit', '8', '--rate-limit-status', '429'], { rateLimit: 8, rateLimitStatus: 429 }],
  ])('%j', async (argv, expected) => {
    const parsed = await parseSandboxFlags(['--port', '0', ...argv]);
    expect(parsed).toEqual({ quiet: false, options: { port: 0, ...expected } });
  });

  it.each([
    [['--rate-limit', '10', '--limiter', 'foo'], "--limiter must be one of fixed, sliding, token-bucket, concurrency, got 'foo'"],
    [['--rate-limit', '10', '--limiter', 'token-bucket', '--burst', '0'], "--burst must be an integer >= 1 (1: no burst, requests evenly spaced), got '0'"],
    [['--rate-limit', '10', '--limiter', 'token-bucket', '--burst', '2.5'], "--burst must be an integer >= 1 (1: no burst, requests evenly spaced), got '2.5'"],
    [['--rate-limit', '10', '--burst', '5'], '--burst applies only to --limiter token-bucket, not fixed (the default)'],
    [['--rate-limit', '10', '--limiter', 'sliding', '--burst', '5'], '--burst applies only to --limiter token-bucket, not sliding'],
    [['--limiter', 'sliding'], '--limiter needs --rate-limit N'],
    [['--retry-after', 'date'], '--retry-after needs --rate-limit N'],
    [['--rate-limit-headers', 'ietf'], '--rate-limit-headers needs --rate-limit N'],
    [['--rate-limit-headers', 'none'], '--rate-limit-headers needs --rate-limit N'],
    [['--rate-limit', '10', '--rate-limit-headers', 'github'], "--rate-limit-headers must be one of ietf, legacy, x, none, got 'github'"],
    [['--rate-limit', '10', '--retry-after', 'soon'], "--retry-after must be one of seconds, date, none, got 'soon'"],
    [['--rate-limit-status', '503'], '--rate-limit-status needs --rate-limit N'],
    [['--rate-limit', '10', '--rate-limit-status', '500'], "--rate-limit-status must be 429 or 503, got '500'"],
    [['--rate-limit', '200,x@3s'], "--rate-limit must be N or a schedule like 200,100@8s,300@16s, got '200,x@3s': 'x@3s' is not N@TIME"],
    [['--rate-limit', '200,100@8s,50@4s'], '--rate-limit must be N or a schedule like 200,100@8s,300@16s, got \'200,100@8s,50@4s\': times must increase: 4s comes after 8s'],
    [['--rate-limit', '0'], "--rate-limit must be an integer >= 1 (requests a second), got '0'"],
  ])('saleschat-bulk sandbox %j exits 2: %s', async (argv, message) => {
    const run = await runCliCaught(['sandbox', '--port', '0', ...argv]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });

  it('--help documents each', () => {
    for (const flag of ['--limiter', '--burst', '--retry-after', '200,100@8s,300@16s', 'token-bucket', 'concurrency', '--rate-limit-headers', 'ietf', 'legacy', 'X-RateLimit-*', '--rate-limit-status']) {
      expect(sandboxCommand.help).toContain(flag);
    }
  });

  it('--help fits in 100 columns', () => {
    expect(sandboxCommand.help.split('\n').filter((line) => line.length >= 100)).toEqual([]);
  });
});

describe('startSandbox options for the limiter', () => {
  it.each<[SandboxOptions, RegExp]>([
    [{ rateLimit: 10, limiter: 'foo' as never }, /limiter must be one of fixed, sliding, token-bucket, concurrency, got foo/],
    [{ rateLimit: 10, limiter: 'token-bucket', burst: 0 }, /burst must be an integer >= 1, got 0/],
    [{ rateLimit: 10, burst: 3 }, /burst applies only to limiter token-bucket, not fixed/],
    [{ limiter: 'sliding' }, /limiter applies only with rateLimit/],
    [{ retryAfter: 'date' }, /retryAfter applies only with rateLimit/],
    [{ rateLimitHeaders: 'ietf' }, /rateLimitHeaders applies only with rateLimit/],
    [{ rateLimitStatus: 503 }, /rateLimitStatus applies only with rateLimit/],
    [{ rateLimit: 10, rateLimitStatus: 500 as never }, /rateLimitStatus must be one of 429, 503, got 500/],
    [{ rateLimit: 10, rateLimitHeaders: 'github' as never }, /rateLimitHeaders must be one of ietf, legacy, x, none, got github/],
    [{ rateLimit: 10, retryAfter: 'later' as never }, /retryAfter must be one of seconds, date, none, got later/],
    [{ rateLimit: [] }, /rateLimit schedule: needs at least one limit/],
    [{ rateLimit: [{ fromMs: 1000, limit: 5 }] }, /rateLimit schedule: the first limit must apply from the start/],
    [{ rateLimit: [{ fromMs: 0, limit: 5 }, { fromMs: 0, limit: 6 }] }, /rateLimit schedule: times must increase/],
    [{ rateLimit: [{ fromMs: 0, limit: 1.5 }] }, /rateLimit schedule: limits must be integers >= 1, got 1.5/],
    [{ rateLimit: '200' as never }, /rateLimit must be a number or an array/],
  ])('%j is refused', (options, message) => {
    expect(() => resolveOptions(options)).toThrow(SandboxError);
    expect(() => resolveOptions(options)).toThrow(message);
  });

  it('defaults: fixed windows, burst of the limit in force, Retry-After in seconds, no rate-limit headers, 429', () => {
    expect(resolveOptions({ rateLimit: 7 }).rateLimit).toEqual({
      schedule: [{ fromMs: 0, limit: 7 }],
      limiter: 'fixed',
      burst: undefined,
      retryAfter: 'seconds',
      headers: 'none',
      status: 429,
    });
    expect(resolveOptions({}).rateLimit).toBeUndefined();
  });
});

/** Starts the command and resolves once it has printed its start text. */
async function startText(argv: string[]): Promise<string> {
  const controller = new AbortController();
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const io: Io = { stdin: new PassThrough(), stdout, stderr: new PassThrough(), env: {}, signal: controller.signal };
  const done = sandboxCommand.run(['--port', '0', '--quiet', ...argv], io);
  const until = performance.now() + 5_000;
  while (!out.includes('Stop with Ctrl-C') && performance.now() < until) await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 10))]);
  controller.abort();
  await done;
  return /^ {2}faults: (.*)$/m.exec(out)?.[1] ?? `no faults line in: ${out}`;
}

describe('the start text lists the limit', () => {
  it.each([
    [['--rate-limit', '200'], 'rate-limit 200/s'],
    [['--rate-limit', '200,100@8s,300@16s'], 'rate-limit 200/s, 100/s from 8s, 300/s from 16s'],
    [['--rate-limit', '200', '--limiter', 'fixed'], 'rate-limit 200/s (fixed one-second windows)'],
    [['--rate-limit', '200', '--limiter', 'sliding', '--retry-after', 'date'], 'rate-limit 200/s (sliding one-second window), retry-after date'],
    [['--rate-limit', '200', '--rate-limit-status', '503', '--retry-after', 'none'], 'rate-limit 200/s, retry-after none, rate-limit-status 503'],
    [['--rate-limit', '200', '--limiter', 'token-bucket'], "rate-limit 200/s (token bucket, burst one second's worth)"],
    [['--rate-limit', '200,50@1500ms', '--limiter', 'token-bucket', '--burst', '1'], 'rate-limit 200/s, 50/s from 1500ms (token bucket, burst 1)'],
    [['--rate-limit', '32', '--limiter', 'concurrency', '--retry-after', 'none'], 'rate-limit 32 in flight (cap on requests in flight), retry-after none'],
    [['--rate-limit', '200', '--rate-limit-headers', 'ietf'], 'rate-limit 200/s, rate-limit-headers ietf'],
    [['--rate-limit', '200', '--limiter', 'token-bucket', '--rate-limit-headers', 'x'], "rate-limit 200/s (token bucket, burst one second's worth), rate-limit-headers x"],
    [
      ['--rate-limit', '32', '--limiter', 'concurrency', '--rate-limit-headers', 'legacy'],
      'rate-limit 32 in flight (cap on requests in flight), rate-limit-headers legacy (not sent by the concurrency limiter)',
    ],
  ])('%j: %s', async (argv, faults) => {
    expect(await startText(argv)).toBe(faults);
  });
});

let sandboxes: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.map((s) => s.close()));
  sandboxes = [];
});

/** The Retry-After of the second request at `at` ms after T0, against a limit of one request a second. */
async function retryAfterAt(options: SandboxOptions, at: number): Promise<{ status: number; retryAfter: string | null }> {
  const clock = manualClock(T0 + at);
  const sandbox = await start({ rateLimit: 1, ...options, clock: clock.now });
  sandboxes.push(sandbox);
  const api = client(sandbox);
  await api.byPhone('+14155552671');
  const refused = await api.byPhone('+14155552671');
  return { status: refused.status, retryAfter: refused.headers.get('retry-after') };
}

describe('--retry-after', () => {
  it.each<[string, SandboxOptions, number, string | null]>([
    ['seconds (default), 750 ms rounded up', {}, 250, '1'],
    ['seconds, a whole second', { retryAfter: 'seconds' }, 0, '1'],
    ['seconds, a few ms still 1 (never 0)', { limiter: 'token-bucket', burst: 1, rateLimit: 1000 }, 0, '1'],
    ['date: when the next window opens', { retryAfter: 'date' }, 250, 'Wed, 01 Jan 2025 00:00:01 GMT'],
    ['date: the sliding window frees a slot 1 s after the admitted request, rounded up to the second', { retryAfter: 'date', limiter: 'sliding' }, 1250, 'Wed, 01 Jan 2025 00:00:03 GMT'],
    ['date: the token bucket refills in 500 ms', { retryAfter: 'date', limiter: 'token-bucket', rateLimit: 2, burst: 1 }, 3000, 'Wed, 01 Jan 2025 00:00:04 GMT'],
    ['none: no header at all', { retryAfter: 'none' }, 250, null],
  ])('%s', async (_name, options, at, expected) => {
    expect(await retryAfterAt(options, at)).toEqual({ status: 429, retryAfter: expected });
  });

  it('--rate-limit-status 503 answers the same refusal with 503, as nginx\'s limit_req does unless told otherwise', async () => {
    expect(await retryAfterAt({ rateLimitStatus: 503 }, 250)).toEqual({ status: 503, retryAfter: '1' });
    expect(sandboxes[0]!.stats().rateLimited).toBe(1);
  });

  it('date is an IMF-fixdate that Date.parse reads back', async () => {
    const { retryAfter } = await retryAfterAt({ retryAfter: 'date' }, 400);
    expect(retryAfter).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(Date.parse(retryAfter ?? '')).toBe(T0 + 1000);
  });

  it('leaves the assign limit (1 per 10 s per contact) in delay-seconds', async () => {
    const clock = manualClock(T0);
    const sandbox = await start({ rateLimit: 100, retryAfter: 'none', clock: clock.now });
    sandboxes.push(sandbox);
    const api = client(sandbox);
    const created = await api.create({ crm_id: 'a-1', phone_number: '+14155550123', opt_in_date: '2024-05-01T12:00:00Z' });
    const id = (created.body as { id: string }).id;
    await api.assign(id, { user_id: 'user-1' });
    clock.advance(2000);
    expect((await api.assign(id, { user_id: 'user-1' })).headers.get('retry-after')).toBe('8');
  });
});
