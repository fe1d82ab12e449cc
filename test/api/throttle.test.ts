import { describe, expect, it } from 'vitest';
import { AssignSpacing } from '../../src/api/assign-spacing.js';
import { MAX_RETRY_AFTER_MS } from '../../src/api/retry.js';
import { Throttle, type Outcome, type Ticket } from '../../src/api/throttle.js';

function clock(start = 0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms), set: (ms: number) => (now = ms) };
}

/** No slow start: the tests that send many requests at once from the first. */
const AT_ONCE = { startWindow: Number.POSITIVE_INFINITY };

/** Reserves and sends one request; throws when the throttle has no place for it. */
function sendOne(throttle: Throttle): Ticket {
  const ticket = throttle.reserve();
  if (ticket === undefined) throw new Error('no place');
  expect(throttle.send(ticket)).toBe(true);
  return ticket;
}

/**
 * The probe of a hold, as the gate takes it: a probe due beyond the horizon comes back deferred, to be asked for again
 * later. Leaves the clock when it is sent; `waitedMs` is how long that was from the first ask.
 */
function takeProbe(throttle: Throttle, time: ReturnType<typeof clock>): { probe: Ticket; waitedMs: number } {
  const from = time.now();
  for (;;) {
    const ticket = throttle.reserve()!;
    time.advance(ticket.waitMs);
    if (!ticket.deferred) return { probe: ticket, waitedMs: time.now() - from };
  }
}

/** `count` requests accepted, evenly over `ms` from now, one at a time. */
function acceptEvenly(throttle: Throttle, time: ReturnType<typeof clock>, count: number, ms: number): void {
  for (let i = 0; i < count; i += 1) {
    const ticket = sendOne(throttle);
    time.advance(ms / count);
    throttle.settle(ticket, { kind: 'accepted' });
  }
}

/** A run that has learnt a limit: `perSecond` accepted over 1.5 s, then one 429. */
function afterCut(perSecond: number, time = clock(10_000)) {
  const throttle = new Throttle({ now: time.now });
  acceptEvenly(throttle, time, 1.5 * perSecond, 1_500);
  const first = sendOne(throttle);
  throttle.settle(first, { kind: 'rate-limited', retryAfterMs: 1000 });
  // The first 429 of a run holds until a probe is accepted; the probe resumes at what was accepted so far.
  const probe = sendOne(throttle);
  time.advance(1);
  throttle.settle(probe, { kind: 'accepted' });
  acceptEvenly(throttle, time, perSecond, 1_000);
  const refused = sendOne(throttle);
  throttle.settle(refused, { kind: 'rate-limited', retryAfterMs: 1000 });
  return { throttle, time };
}

/**
 * A run refused from 10 s to 20 s (a quota an earlier run used up, an outage), `acceptedFirst` requests accepted
 * before the first refusal; the probe at 20 s is accepted.
 */
function afterLongRefusal(acceptedFirst: number) {
  const time = clock(10_000);
  const throttle = new Throttle({ now: time.now });
  for (let i = 0; i < acceptedFirst; i += 1) throttle.settle(sendOne(throttle), { kind: 'accepted' });
  throttle.settle(sendOne(throttle), { kind: 'rate-limited' });
  const probe = throttle.reserve()!;
  time.set(20_000);
  throttle.send(probe);
  throttle.settle(probe, { kind: 'accepted' });
  return { throttle, time };
}

/** When the used-up window of probesOfLongWindow opens again. */
const WINDOW_OPENS_AT = 20_000;

/**
 * 100 requests per 10 s (HubSpot's shape), all used in the 0.5 s from 10 s on, then 429s carrying `retryAfterMs` (or
 * none) until WINDOW_OPENS_AT: when each probe of the hold was sent, the last being the one accepted.
 */
function probesOfLongWindow(retryAfterMs: number | undefined): number[] {
  const time = clock(10_000);
  const throttle = new Throttle({ now: time.now });
  acceptEvenly(throttle, time, 100, 500);
  throttle.settle(sendOne(throttle), { kind: 'rate-limited', retryAfterMs });
  expect(throttle.isHolding).toBe(true);
  const probes: number[] = [];
  while (throttle.isHolding) {
    const { probe } = takeProbe(throttle, time);
    throttle.send(probe);
    probes.push(time.now());
    throttle.settle(probe, time.now() >= WINDOW_OPENS_AT ? { kind: 'accepted' } : { kind: 'rate-limited', retryAfterMs });
  }
  return probes;
}

describe('Throttle: pacing', () => {
  it('starts slowly: two requests at once, then one more for each answer', () => {
    const throttle = new Throttle({ now: clock().now });
    const [first] = [sendOne(throttle), sendOne(throttle)];
    expect(throttle.reserve()).toBeUndefined();
    throttle.settle(first, { kind: 'accepted' });
    // Three at once now, one of them on the wire.
    expect(throttle.openPlaces).toBe(2);
    expect([sendOne(throttle), sendOne(throttle)].map((ticket) => ticket.waitMs)).toEqual([0, 0]);
    expect(throttle.reserve()).toBeUndefined();
    expect(throttle.currentRate).toBeUndefined();
  });

  it('lets everything through at once once the start has grown, when no limit applies', () => {
    const throttle = new Throttle({ now: clock().now });
    for (let answers = 0; answers < 40; answers += 1) throttle.settle(sendOne(throttle), { kind: 'accepted' });
    expect(Array.from({ length: 40 }, () => throttle.reserve()?.waitMs)).toEqual(Array.from({ length: 40 }, () => 0));
    expect(throttle.currentRate).toBeUndefined();
  });

  it('spaces requests evenly under --rate, reserving no slot more than half a second ahead', () => {
    const time = clock();
    const throttle = new Throttle({ maxRate: 4, now: time.now });
    expect([1, 2, 3].map(() => throttle.reserve()?.waitMs)).toEqual([0, 250, 500]);
    // The fourth slot is 750 ms away: come back in 250 ms, when it is 500 ms away, and reserve it then.
    expect(throttle.reserve()).toMatchObject({ waitMs: 250, deferred: true });
    time.advance(250);
    const fourth = throttle.reserve();
    expect(fourth?.waitMs).toBe(500);
    expect(fourth?.deferred).toBeUndefined();
  });

  it('catches up a slot a late timer missed, but does not bank idle time as a burst', () => {
    const time = clock(1_000);
    const throttle = new Throttle({ maxRate: 100, now: time.now });
    expect(throttle.reserve()?.waitMs).toBe(0);
    time.advance(15);
    // Slot 2 was due at 10 ms: it goes now, and the next keeps the schedule.
    expect(throttle.reserve()?.waitMs).toBe(0);
    expect(throttle.reserve()?.waitMs).toBe(5);
    time.advance(10_000);
    expect([1, 2, 3].map(() => throttle.reserve()?.waitMs)).toEqual([0, 10, 20]);
  });
});

describe('Throttle: learning a rate limit', () => {
  it('holds at the first 429, one probe at a time, then resumes just under what was accepted', () => {
    const time = clock(10_000);
    const throttle = new Throttle({ now: time.now, ...AT_ONCE });
    // 20 accepted, then a second round refused whatever was in flight: a rate limit.
    const first = Array.from({ length: 20 }, () => sendOne(throttle));
    time.advance(2);
    for (const ticket of first) throttle.settle(ticket, { kind: 'accepted' });
    const second = Array.from({ length: 12 }, () => sendOne(throttle));
    time.advance(3);
    for (const ticket of second) throttle.settle(ticket, { kind: 'rate-limited', retryAfterMs: 1000 });
    expect(throttle.isHolding).toBe(true);
    const probe = throttle.reserve();
    // The probe waits at most 100 ms, not the Retry-After rounded up to a second; no second probe meanwhile.
    expect(probe?.waitMs).toBeGreaterThan(0);
    expect(probe?.waitMs).toBeLessThanOrEqual(100);
    expect(throttle.reserve()).toBeUndefined();
    time.advance(200);
    expect(throttle.send(probe!)).toBe(true);
    throttle.settle(probe!, { kind: 'accepted' });
    expect(throttle.isHolding).toBe(false);
    // 21 accepted over 205 ms: about 100 a second; the rate resumes under it.
    expect(throttle.currentRate).toBeGreaterThan(90);
    expect(throttle.currentRate).toBeLessThan(103);
  });

  it('without a Retry-After, probes a long used-up window ever further apart, and finds it open within a tenth of the hold', () => {
    const probes = probesOfLongWindow(undefined);
    const gaps = probes.slice(1).map((at, i) => at - probes[i]!);
    // The first second as before: a probe every 100 ms, so a one-second window loses nothing.
    expect(gaps.slice(0, 9).every((gap) => gap === 100)).toBe(true);
    // Every 100 ms for the 9.5 s would be 95 probes; at most a tenth of the hold apart, about 30.
    expect(probes.length).toBeLessThanOrEqual(35);
    // Found open no later than a tenth of the hold (9.5 s) after it opened.
    expect(probes.at(-1)! - WINDOW_OPENS_AT).toBeLessThanOrEqual(950);
  });

  it('a Retry-After of 0 that keeps being refused is no reason to probe every millisecond', () => {
    const probes = probesOfLongWindow(0);
    // Taken at its word: 9,500 probes in the 9.5 s. Once refused, as without a Retry-After: about 30.
    expect(probes.length).toBeLessThanOrEqual(35);
    expect(probes.at(-1)! - WINDOW_OPENS_AT).toBeLessThanOrEqual(950);
  });

  it('cuts to just under the rate accepted over the last second, measured over the time that passed', () => {
    const { throttle } = afterCut(200);
    expect(throttle.currentRate).toBeGreaterThan(180);
    expect(throttle.currentRate).toBeLessThan(200);
  });

  it('answers one 429 once: requests sent before the cut neither cut again nor hold', () => {
    const time = clock(10_000);
    const throttle = new Throttle({ now: time.now });
    acceptEvenly(throttle, time, 300, 1_500);
    const first = sendOne(throttle);
    throttle.settle(first, { kind: 'rate-limited' });
    const probe = sendOne(throttle);
    throttle.settle(probe, { kind: 'accepted' });
    acceptEvenly(throttle, time, 200, 1_000);
    const before = Array.from({ length: 10 }, () => sendOne(throttle));
    throttle.settle(before[0]!, { kind: 'rate-limited' });
    const rate = throttle.currentRate;
    for (const ticket of before.slice(1)) throttle.settle(ticket, { kind: 'rate-limited' });
    expect(throttle.currentRate).toBe(rate);
    expect(throttle.isHolding).toBe(false);
  });

  it('voids the slots reserved before a cut, so they are not sent into the limit', () => {
    const { throttle, time } = afterCut(200);
    acceptEvenly(throttle, time, 200, 1_100);
    const waiting = throttle.reserve()!;
    const refused = sendOne(throttle);
    throttle.settle(refused, { kind: 'rate-limited' });
    expect(throttle.send(waiting)).toBe(false);
    throttle.settle(waiting, { kind: 'other' });
  });

  it('holds when a request sent after a recent cut is refused too, probing no slower than Retry-After', () => {
    const { throttle, time } = afterCut(200);
    time.advance(50);
    // One refusal just after a cut may be a window not yet freed; the second in a row holds.
    throttle.settle(sendOne(throttle), { kind: 'rate-limited', retryAfterMs: 30 });
    expect(throttle.isHolding).toBe(false);
    throttle.settle(sendOne(throttle), { kind: 'rate-limited', retryAfterMs: 30 });
    expect(throttle.isHolding).toBe(true);
    const probe = throttle.reserve()!;
    expect(probe.waitMs).toBe(30);
    expect(throttle.reserve()).toBeUndefined();
    expect(throttle.openPlaces).toBe(0);
    time.advance(30);
    throttle.send(probe);
    throttle.settle(probe, { kind: 'rate-limited', retryAfterMs: 30 });
    expect(throttle.openPlaces).toBe(1);
    const second = throttle.reserve()!;
    time.advance(30);
    throttle.send(second);
    throttle.settle(second, { kind: 'accepted' });
    expect(throttle.isHolding).toBe(false);
    expect(throttle.currentRate).toBeGreaterThan(180);
  });

  it('takes a Retry-After as whole seconds: a long one is kept to, less the second it may have been rounded up by', () => {
    const time = clock(10_000);
    const throttle = new Throttle({ now: time.now });
    throttle.settle(sendOne(throttle), { kind: 'rate-limited', retryAfterMs: 100_000 });
    expect(takeProbe(throttle, time).waitedMs).toBe(99_000);
  });

  it('comes back to the limit within a second, and finds a limit raised threefold within three seconds', () => {
    const { throttle, time } = afterCut(100);
    const rateAt = (ms: number) => {
      time.advance(ms);
      // Keep the schedule busy, so the time counts as used.
      while (throttle.reserve()?.waitMs === 0);
      return throttle.currentRate ?? 0;
    };
    expect(rateAt(0)).toBeLessThan(100);
    const rates: number[] = [];
    for (let ms = 0; ms < 3_000; ms += 10) rates.push(rateAt(10));
    expect(rates[100]).toBeGreaterThan(95);
    expect(Math.max(...rates.slice(0, 100))).toBeLessThan(105);
    expect(rates.at(-1)).toBeGreaterThan(300);
  });

  it('after a hold of seconds, keeps the rate found before it until a second of sending can measure another', () => {
    const { throttle, time } = afterCut(200);
    const found = throttle.currentRate!;
    // A long window used up: the next two requests are refused, then every probe until 16 s.
    for (let i = 0; i < 2; i += 1) throttle.settle(sendOne(throttle), { kind: 'rate-limited', retryAfterMs: 1000 });
    expect(throttle.isHolding).toBe(true);
    while (throttle.isHolding) {
      const { probe } = takeProbe(throttle, time);
      throttle.send(probe);
      throttle.settle(probe, time.now() >= 16_000 ? { kind: 'accepted' } : { kind: 'rate-limited', retryAfterMs: 1000 });
    }
    // A 429 just after: the last second held only probes, one accepted. Cutting by it would set 1 a second.
    throttle.settle(sendOne(throttle), { kind: 'rate-limited', retryAfterMs: 1000 });
    expect(throttle.isHolding).toBe(false);
    expect(throttle.currentRate).toBeCloseTo(found, 0);
    // A second of sending later, a 429 cuts to what that second accepted.
    time.advance(1_000);
    acceptEvenly(throttle, time, 100, 1_000);
    throttle.settle(sendOne(throttle), { kind: 'rate-limited', retryAfterMs: 1000 });
    expect(throttle.currentRate).toBeCloseTo(95, -1);
  });

  it('resumes knowing nothing when nothing was accepted before the first hold', () => {
    // Refused from the first request: the hold timed the refusals, not a rate. Taken for one (nothing accepted in
    // 10 s), the run went on at its floor of 0.5 a second.
    const { throttle, time } = afterLongRefusal(0);
    expect(throttle.isHolding).toBe(false);
    expect(throttle.currentRate).toBeUndefined();
    // Slowly, too: two at once, not the whole --concurrency into a limit that may have no burst.
    expect(throttle.openPlaces).toBe(2);
    // What comes next is learnt as at the start of a run, over the time since it resumed.
    acceptEvenly(throttle, time, 150, 750);
    throttle.settle(sendOne(throttle), { kind: 'rate-limited' });
    const next = throttle.reserve()!;
    time.advance(250);
    throttle.send(next);
    throttle.settle(next, { kind: 'accepted' });
    expect(throttle.currentRate).toBeGreaterThan(130);
  });

  it('resumes at a rate when a request sent before the first hold was accepted during it', () => {
    // nginx's limit_req without burst: of a first burst, one is accepted; its answer may come after the refusals.
    const time = clock(10_000);
    const throttle = new Throttle({ now: time.now, ...AT_ONCE });
    const burst = Array.from({ length: 8 }, () => sendOne(throttle));
    time.advance(1);
    throttle.settle(burst[7]!, { kind: 'rate-limited', retryAfterMs: 1000 });
    throttle.settle(burst[0]!, { kind: 'accepted' });
    for (const ticket of burst.slice(1, 7)) throttle.settle(ticket, { kind: 'rate-limited', retryAfterMs: 1000 });
    const { probe } = takeProbe(throttle, time);
    throttle.send(probe);
    throttle.settle(probe, { kind: 'accepted' });
    // Taken for an outage (nothing accepted), the run started over with the whole burst again.
    expect(throttle.isHolding).toBe(false);
    expect(throttle.currentRate).toBeGreaterThan(0);
    expect(throttle.currentRate).toBeLessThan(50);
  });

  it('cuts at once when a pace above the limit found is refused, even just after the last cut', () => {
    // Requests spaced evenly (a bucket with no burst): past the limit every other one is refused, so refusals never
    // come two in a row; the doubling after a first cut went on for a second, half refused.
    const time = clock(10_000);
    const throttle = new Throttle({ now: time.now, ...AT_ONCE });
    acceptEvenly(throttle, time, 4, 200);
    throttle.settle(sendOne(throttle), { kind: 'rate-limited' });
    const { probe } = takeProbe(throttle, time);
    throttle.send(probe);
    throttle.settle(probe, { kind: 'accepted' });
    throttle.settle(sendOne(throttle), { kind: 'rate-limited' });
    const found = throttle.currentRate!;
    // Sending on at the rate as it doubles, it is soon well past what was found.
    acceptEvenly(throttle, time, 30, 600);
    const before = throttle.currentRate!;
    expect(before).toBeGreaterThan(1.5 * found);
    // Every other one refused: never two in a row, and each a pace over the limit, not a window not yet freed.
    throttle.settle(sendOne(throttle), { kind: 'accepted' });
    throttle.settle(sendOne(throttle), { kind: 'rate-limited' });
    expect(throttle.isHolding).toBe(false);
    expect(throttle.currentRate).toBeLessThan(0.96 * before);
  });

  it('reads a 503 as a 429 among other refusals, and a lone one as a failure', () => {
    const time = clock(10_000);
    const throttle = new Throttle({ now: time.now, ...AT_ONCE });
    /** Four requests on the wire at once, answered in turn as `answers` says (accepted for the rest); the kinds as read. */
    const fourAtOnce = (...answers: Outcome[]) => {
      const tickets = [sendOne(throttle), sendOne(throttle), sendOne(throttle), sendOne(throttle)];
      time.advance(10);
      return tickets.map((ticket, i) => throttle.settle(ticket, answers[i] ?? { kind: 'accepted' }));
    };
    // A backend failing now and then: a 503 between accepted answers is retried, and the pace is left alone.
    for (let round = 0; round < 20; round += 1) {
      fourAtOnce();
      fourAtOnce();
      expect(fourAtOnce({ kind: 'accepted' }, { kind: 'unavailable' })).toEqual(['accepted', 'other', 'accepted', 'accepted']);
    }
    expect(throttle.isHolding).toBe(false);
    expect(throttle.currentRate).toBeUndefined();
    // A limit refuses what was in flight when it ran out: the second 503 in a row is a refusal, and the run holds.
    fourAtOnce();
    expect(fourAtOnce({ kind: 'accepted' }, { kind: 'unavailable' }, { kind: 'unavailable' })).toEqual(['accepted', 'other', 'rate-limited', 'accepted']);
    expect(throttle.isHolding).toBe(true);
  });

  it('reaches requests already waiting as a low rate grows', () => {
    // One accepted, then refused for 10 s: the run resumes at the floor (0.5 a second), doubling.
    const { throttle, time } = afterLongRefusal(1);
    expect(throttle.currentRate).toBeLessThan(1);
    // 32 requests waiting (--concurrency 32), each accepted at once: reserved at 0.5 a second, the last was due after
    // 64 s, however fast the rate grew meanwhile.
    const callers: { at: number; ticket?: Ticket | undefined }[] = Array.from({ length: 32 }, () => ({ at: time.now() }));
    const sentAt: number[] = [];
    while (sentAt.length < 32) {
      const caller = callers.reduce((soonest, candidate) => (candidate.at < soonest.at ? candidate : soonest));
      time.set(caller.at);
      const ticket = caller.ticket ?? throttle.reserve()!;
      caller.ticket = undefined;
      if (ticket.deferred || ticket.waitMs > 0) {
        caller.at += ticket.waitMs;
        if (!ticket.deferred) caller.ticket = { ...ticket, waitMs: 0 };
        continue;
      }
      throttle.send(ticket);
      throttle.settle(ticket, { kind: 'accepted' });
      sentAt.push(time.now());
      caller.at = Number.POSITIVE_INFINITY;
    }
    expect(Math.max(...sentAt) - 20_000).toBeLessThan(5_000);
  });

  it('does not grow on time no request wanted to go', () => {
    const { throttle, time } = afterCut(100);
    const rate = throttle.currentRate ?? 0;
    time.advance(10_000);
    throttle.reserve();
    expect(throttle.currentRate).toBeLessThan(rate * 1.05);
  });

  it('never goes above --rate', () => {
    const time = clock(10_000);
    const throttle = new Throttle({ maxRate: 120, now: time.now });
    acceptEvenly(throttle, time, 100, 1_000);
    throttle.settle(sendOne(throttle), { kind: 'rate-limited' });
    const probe = throttle.reserve()!;
    time.advance(probe.waitMs);
    throttle.send(probe);
    throttle.settle(probe, { kind: 'accepted' });
    for (let i = 0; i < 600; i += 1) {
      time.advance(10);
      throttle.reserve();
      expect(throttle.currentRate ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(120);
    }
  });
});

describe('Throttle: a cap on requests in flight', () => {
  it('keeps to the cap when refusals come only above it, and probes one more after a second', () => {
    const time = clock(10_000);
    const throttle = new Throttle({ now: time.now, ...AT_ONCE });
    for (let round = 0; round < 3; round += 1) {
      const tickets = Array.from({ length: 16 }, () => sendOne(throttle));
      time.advance(20);
      for (const ticket of tickets) throttle.settle(ticket, ticket.inFlight <= 8 ? { kind: 'accepted' } : { kind: 'rate-limited', retryAfterMs: 1000 });
      if (throttle.inFlightCap !== undefined) break;
    }
    expect(throttle.inFlightCap).toBe(8);
    expect(throttle.currentRate).toBeUndefined();
    const eight = Array.from({ length: 8 }, () => throttle.reserve());
    expect(eight.every((ticket) => ticket !== undefined)).toBe(true);
    expect(throttle.reserve()).toBeUndefined();
    for (const ticket of eight) throttle.settle(ticket!, { kind: 'other' });
    time.advance(3_000);
    throttle.reserve();
    expect(throttle.inFlightCap).toBe(9);
  });

  it('does not take the refusal that ends slow start for a cap: how many were on the wire was set by the start', () => {
    // A bucket of 10 at 20 ms: the start doubles each round trip, and the bucket runs dry as it reaches 16 at once.
    const time = clock(10_000);
    const throttle = new Throttle({ now: time.now });
    for (let round = 1; round <= 4; round += 1) {
      const tickets: Ticket[] = [];
      for (let ticket = throttle.reserve(); ticket !== undefined && tickets.length < 32; ticket = throttle.reserve()) {
        throttle.send(ticket);
        tickets.push(ticket);
      }
      time.advance(20);
      for (const ticket of tickets) throttle.settle(ticket, round < 4 || ticket.inFlight <= 10 ? { kind: 'accepted' } : { kind: 'rate-limited', retryAfterMs: 1000 });
    }
    const { probe } = takeProbe(throttle, time);
    throttle.send(probe);
    throttle.settle(probe, { kind: 'accepted' });
    expect(throttle.inFlightCap).toBeUndefined();
    expect(throttle.currentRate).toBeGreaterThan(0);
  });

  it('does not take a rate limit, which refuses whatever is in flight, for a cap', () => {
    const time = clock(10_000);
    const throttle = new Throttle({ now: time.now });
    for (let round = 0; round < 20; round += 1) {
      const tickets: Ticket[] = [];
      for (let ticket = throttle.reserve(); ticket !== undefined && tickets.length < 16; ticket = throttle.reserve()) {
        if (throttle.send(ticket)) tickets.push(ticket);
        else throttle.settle(ticket, { kind: 'other' });
      }
      time.advance(300);
      // A used-up window refuses whatever is in flight, few or many; the next one accepts them all.
      for (const ticket of tickets) throttle.settle(ticket, round % 2 === 0 ? { kind: 'accepted' } : { kind: 'rate-limited' });
      expect(throttle.inFlightCap).toBeUndefined();
    }
  });
});

describe('Throttle: a quota the server states', () => {
  it('paces just under RateLimit-Policy before any 429', () => {
    const time = clock(10_000);
    const throttle = new Throttle({ now: time.now });
    throttle.settle(sendOne(throttle), { kind: 'accepted', hint: { limit: 600, windowMs: 60_000, remaining: 599, resetMs: 60_000 } });
    expect(throttle.currentRate).toBeCloseTo(9.8);
  });

  it('does not pace by a quota over a longer window than a minute: it is counted, and waited out when used up', () => {
    const time = clock(10_000);
    const throttle = new Throttle({ now: time.now });
    // 1,000 a day (the IETF draft's own example policy): paced evenly, one request every 86 s.
    throttle.settle(sendOne(throttle), { kind: 'accepted', hint: { limit: 1_000, windowMs: 86_400_000, remaining: 999, resetMs: 3_600_000 } });
    expect(throttle.currentRate).toBeUndefined();
    throttle.settle(sendOne(throttle), { kind: 'accepted', hint: { limit: 1_000, windowMs: 86_400_000, remaining: 0, resetMs: 3_600_000 } });
    expect(throttle.reserve()).toMatchObject({ deferred: true });
    expect(throttle.isHolding).toBe(true);
  });

  it('holds when none is left, probing from a second before the reset (which counts whole seconds)', () => {
    const time = clock(10_000);
    const throttle = new Throttle({ now: time.now });
    throttle.settle(sendOne(throttle), { kind: 'accepted', hint: { remaining: 0, resetMs: 2_500 } });
    expect(takeProbe(throttle, time).waitedMs).toBe(1_500);
    expect(throttle.isHolding).toBe(true);
  });

  it('stops waiting for a stated reset once the server accepts what its count had no room for', () => {
    const time = clock(10_000);
    const stuck = { remaining: 0, resetMs: 60_000 };
    const throttle = new Throttle({ now: time.now, ...AT_ONCE });
    const [first, second, third] = [sendOne(throttle), sendOne(throttle), sendOne(throttle)];
    // The first says it took the last of the quota: the run holds to a second before the reset.
    throttle.settle(first, { kind: 'accepted', hint: stuck });
    expect(throttle.reserve()).toMatchObject({ deferred: true });
    expect(throttle.isHolding).toBe(true);
    // A request sent after it is accepted too, and says so again: the count is not the one that binds.
    throttle.settle(second, { kind: 'accepted', hint: stuck });
    throttle.settle(third, { kind: 'accepted', hint: stuck });
    const { probe, waitedMs } = takeProbe(throttle, time);
    expect(waitedMs).toBe(0);
    throttle.send(probe);
    throttle.settle(probe, { kind: 'accepted', hint: stuck });
    // From then on what is left is not read: nothing holds the run but refusals.
    expect(throttle.isHolding).toBe(false);
    for (let i = 0; i < 5; i += 1) throttle.settle(sendOne(throttle), { kind: 'accepted', hint: stuck });
    expect(throttle.isHolding).toBe(false);
  });

  it('keeps to a stated quota that a refusal confirms', () => {
    const time = clock(10_000);
    const usedUp = { remaining: 0, resetMs: 5_000 };
    const throttle = new Throttle({ now: time.now });
    const [first, second] = [sendOne(throttle), sendOne(throttle)];
    throttle.settle(first, { kind: 'accepted', hint: usedUp });
    throttle.settle(second, { kind: 'rate-limited', retryAfterMs: 5_000, hint: usedUp });
    expect(takeProbe(throttle, time).waitedMs).toBe(4_000);
  });

  it('never waits past the cap for a reset, however far it is', () => {
    const time = clock(10_000);
    const throttle = new Throttle({ now: time.now });
    throttle.settle(sendOne(throttle), { kind: 'accepted', hint: { remaining: 0, resetMs: 3_600_000 } });
    expect(takeProbe(throttle, time).waitedMs).toBe(MAX_RETRY_AFTER_MS - 1_000);
  });
});

describe('AssignSpacing', () => {
  it('keeps two assigns of one contact 10 s apart, others free', async () => {
    const time = clock(0);
    const spacing = new AssignSpacing(10_000, time.now);
    await spacing.waitTurn('a');
    await spacing.waitTurn('b');
    const controller = new AbortController();
    const second = spacing.waitTurn('a', controller.signal);
    controller.abort(new Error('stop'));
    await expect(second).rejects.toThrow('stop');
    time.advance(30_000);
    await expect(spacing.waitTurn('a')).resolves.toBeUndefined();
  });
});
