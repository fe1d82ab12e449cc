import { MAX_RETRY_AFTER_MS } from './retry.js';
import { policyRate, type RateLimitHint } from './rate-limit-headers.js';

/**
 * One limiter shared by every request of a run, learning the server's limit from its answers alone, whatever the
 * server's algorithm (fixed or sliding windows, a token bucket with any burst, a cap on requests in flight, a limit
 * that changes or is shared with another client). Pure: no timer, no I/O, time only from `now`, so a run can be
 * replayed in simulated time (test/support/throttle-simulation.ts). The waiting is throttle-gate.ts's.
 *
 * - Slow start (TCP's): until the server first refuses, and while no rate applies, two requests at once and one more
 *   for each answer, so twice as many each round trip: a first burst of --concurrency requests is what a limiter
 *   with a small burst refuses. Answers sent meanwhile are not read for a cap on requests in flight.
 * - Pacing: once a limit is known, requests are spaced evenly (a burst is what small-burst limiters refuse). No slot
 *   is reserved more than half a second ahead, so requests already waiting go at the rate as it grows.
 * - Decrease: a 429 sets the rate just under what the server accepted over the last second, measured over the time
 *   that actually passed. It is relative to what was accepted, not to the current rate, so the 429s of one used-up
 *   window do not compound; a 429 to a request sent before the last cut is not counted again, and slots reserved
 *   before it are void. At the first cut after the first hold, when that hold ended on its first probe and the last
 *   second read at least twice what was accepted since it began (a token bucket's burst, spent at the start of a
 *   run), the latter is the limit: what the bucket restores. One
 *   refusal just after a cut is forgiven (a window not yet freed), unless the pace is already past the limit the cut
 *   found.
 * - Growth: along a cubic curve (TCP CUBIC; the AWS SDKs' adaptive mode) that comes back to the last limit within a
 *   second, stays near it, then probes ever faster, so a raised limit is found within seconds. It grows only on time
 *   the rate was used. The first limit of a run is a guess, from which the rate doubles every half second.
 * - Hold: at the first 429 of a run, and when 429s keep coming after a cut (a window used up, a limit that fell), the
 *   run sends one probe at a time until the server accepts again, instead of pausing for a Retry-After rounded up
 *   to whole seconds. Without a Retry-After, or once a probe sent when it said was refused too, probes grow further
 *   apart as the hold lasts: a server that has refused for seconds counts over a long window (100 per 10 s, 1,000 a
 *   minute), which opens no sooner for being asked. A first hold before anything was accepted timed the refusals,
 *   not a rate: the run then resumes as it began. After a hold of a second or more, the last second measures
 *   only probes: the rate found before it stands until a second of sending can be measured.
 * - In flight: refusals that come only when many requests are on the wire, while fewer are accepted, are a cap on
 *   requests in flight; the throttle keeps to it, probing one more now and then.
 * - Headers: a quota stated in RateLimit / X-RateLimit headers sets the rate and its ceiling without probing (a window
 *   of a minute or less; a longer one is only counted, see PACED_WINDOW_MS), and a used-up one is waited out, until the server accepts what the stated count had no room for (see disproves).
 * - 503: read as a 429 among other refusals (a limit answered so, as nginx's limit_req does), as a failure alone (a
 *   backend failing now and then), see UNAVAILABLE_AMONG.
 */

export interface ThrottleOptions {
  /** Hard cap in requests a second (--rate); undefined = none. */
  maxRate?: number | undefined;
  /** Milliseconds on a monotonic clock; injectable for tests and the simulation. */
  now?: () => number;
  /** Requests at once before the server first refuses (slow start, see START_WINDOW); Infinity for none. */
  startWindow?: number;
}

/** A reserved send: when to send, and what the throttle needs to read its answer. */
export interface Ticket {
  /** Milliseconds to wait before sending (0 = now). */
  waitMs: number;
  /** The cut count when reserved: a 429 to a request sent before the last cut was already answered by it. */
  epoch: number;
  /** Requests on the wire when this one was sent, itself included; set by send(). */
  inFlight: number;
  /** Sent alone while holding: its answer says when the server accepts again, not how many it takes at once. */
  probe?: boolean;
  /** Its place in the order of sends; set by send(). */
  sendNumber?: number;
  /** When it went on the wire; set by send(). */
  sentAt?: number;
  /** Sent during slow start: how many were on the wire says how far the start had got, not what the server allows. */
  slowStart?: boolean;
  /** No slot was reserved (the next is more than SLOT_HORIZON_MS away): wait `waitMs`, then reserve again. */
  deferred?: boolean;
}

/** How a request ended, as far as the throttle cares. */
export type Outcome =
  | { kind: 'accepted'; hint?: RateLimitHint | undefined }
  | { kind: 'rate-limited'; retryAfterMs?: number | undefined; hint?: RateLimitHint | undefined }
  /** A 503: read as `rate-limited` among other refusals, else as `other` (see readUnavailable). */
  | { kind: 'unavailable'; retryAfterMs?: number | undefined; hint?: RateLimitHint | undefined }
  /** Failed otherwise (a 4xx or 5xx, a timeout, a dropped connection): it only frees its place. */
  | { kind: 'other' };

/** After a 429, the rate is this share of what the server accepted: CUBIC's β, close to 1 since the cut is measured. */
const DECREASE = 0.95;
/** CUBIC's C, scaled to the last limit: the curve is back at it K = cbrt((1 - DECREASE) / C) = 0.63 s after a cut. */
const CUBIC_C = 0.2;
/** While the limit is a guess (the first, or measured over less than MEASURE_MS), the rate doubles this often. */
const DOUBLING_S = 0.5;
/** Slots up to this many behind may be caught up: timers run late, and the schedule should not slip for it. */
const IDLE_SLOTS = 2;
/**
 * No slot is reserved further ahead than this: a request reserved at a low rate would keep its far slot however fast
 * the rate grew meanwhile (32 requests reserved at 0.5 a second were spaced over 64 s, while the rate doubled every
 * half second). Beyond it, the request waits and reserves again, at the rate in force then.
 */
const SLOT_HORIZON_MS = 500;
/** A 429 this soon after the last cut, to a request sent after it, means the cut was not enough: hold. */
const HOLD_WITHIN_MS = 1_000;
/** While holding, one probe at a time, this far apart (or as the server's Retry-After says: see probeDelay). */
const PROBE_MS = 100;
/**
 * Without a Retry-After (or after one proved wrong), probes are no closer than this share of the time held so far: a
 * one-second window is probed every 100 ms, and a used-up ten-second one about 30 times instead of 80, each found
 * open at most a tenth of the hold late. A late probe costs a long window nothing: its quota is used in the time left.
 */
const PROBE_SHARE_OF_HOLD = 0.1;
/** A Retry-After, like a quota's reset, counts whole seconds. */
const RETRY_AFTER_RESOLUTION_MS = 1_000;
/** The cap on requests in flight is probed one higher after this long without a 429 over it. */
const WINDOW_PROBE_MS = 3_000;
/** A cap on requests in flight that a refusal under it ruled out is not looked for again for this long. */
const CAP_RULED_OUT_MS = 30_000;
/** Answers by requests in flight are remembered with this half-life, to tell a cap on requests in flight. */
const IN_FLIGHT_HALF_LIFE_MS = 1_000;
/** A cap on requests in flight refuses most requests sent over it and few of those under it; a rate limit does not care. */
const OVER_CAP_REFUSED = 0.5;
const UNDER_CAP_REFUSED = 0.2;
/** Fewer answers than this under the cap tell nothing. */
const MIN_SAMPLES = 4;
/**
 * A stated quota sets the pace only when its window is this long or shorter. A longer one (an hour's, a day's) is a
 * budget, counted by what is left and waited out when used up: paced evenly over its window, 1,000 a day let one
 * request through every 86 s, though a run of 500 rows could have sent them all at once; `1;w=3600` crawled at one
 * an hour, without a word.
 */
const PACED_WINDOW_MS = 60_000;
/** How far under a stated quota (RateLimit headers) the rate stays, for clock jitter between us and the server. */
const QUOTA_SHARE = 0.98;
/**
 * A 503 is read as a 429 when another of the last this many answers was refused too. A limit refuses in runs (what
 * was in flight when a window ran out; every other request of a pace over a bucket); a backend failing one request
 * in a hundred does not, and cutting the pace for each such 503 took an unlimited import 2.2 times as long.
 */
const UNAVAILABLE_AMONG = 4;
/**
 * Slow start (TCP's): until the server first refuses, at most this many requests at once, one more for each answer,
 * so twice as many each round trip. A first burst of --concurrency requests is what a limiter with a small burst
 * refuses: 31 of 32 for nginx's limit_req without `burst`, which wants requests spaced evenly.
 */
const START_WINDOW = 2;
/** No rate is set below this (requests a second). */
const MIN_RATE = 0.5;
/** The accepted rate is measured over the last MEASURE_MS at most, in buckets; and never over less than one bucket. */
const MEASURE_MS = 1_000;
const MEASURE_BUCKET_MS = 50;
/** One more than MEASURE_MS holds, so the oldest bucket a measure starts in is still there. */
const MEASURE_BUCKETS = MEASURE_MS / MEASURE_BUCKET_MS + 1;
/** What was accepted since the first hold began is read as a rate only over this long at least (see refillRate). */
const MIN_REFILL_SPAN_MS = 100;
/**
 * What was accepted since the first hold began is taken for the rate only when the last second read at least this
 * many times as much: a burst spent in that second, not our own pace. A bucket with no burst, held for a probe's
 * time, reads under the last second by up to half (its refill during the hold is lost).
 */
const BURST_RATIO = 2;

export class Throttle {
  private readonly now: () => number;
  private readonly maxRate: number;
  /** When the last reserved send is due (-Infinity: none yet, or no rate applied). */
  private lastSlot = Number.NEGATIVE_INFINITY;
  /** The latest a deferred request was told to come back: time up to it was wanted, not idle. */
  private deferredUntil = Number.NEGATIVE_INFINITY;
  /** Bumped by every cut and every hold; tickets carry it, so one event is answered once. */
  private epoch = 0;
  /** The growth curve: where it starts (time and rate) and the limit it comes back to; none until a 429. */
  private curveFrom = Number.NEGATIVE_INFINITY;
  private rateAtCut = Number.POSITIVE_INFINITY;
  private limitAtCut = Number.POSITIVE_INFINITY;
  /** The last cut measured less than MEASURE_MS of answers: its limit is a guess, so growth doubles instead. */
  private provisional = false;
  /** The last cut (or the end of a long hold: see onAccepted); the first send (no rate is measured from before it); accepted answers so far. */
  private lastCutAt = Number.NEGATIVE_INFINITY;
  /** Refusals in a row of requests sent since the last cut. */
  private refusedAfterCut = 0;
  private firstSentAt: number | undefined;
  private acceptedTotal = 0;
  /**
   * The run's first hold, while it may still tell a token bucket's refill (see refillRate): when it began, the send
   * number of the last request sent before it, and how many sent after have been accepted. Gone at the first cut
   * after it, or once a probe was refused: a window that gives nothing back for a while (a sliding one, filled by
   * the run's first burst) then gives back what the run sent a window earlier, which is no rate.
   */
  private firstHold: { at: number; sends: number; accepted: number; acceptedBefore: number } | undefined;
  private held = false;
  /** Accepted answers per MEASURE_BUCKET_MS over the last MEASURE_MS, each bucket with its start. */
  private readonly acceptedCount = new Uint32Array(MEASURE_BUCKETS);
  private readonly acceptedBucket = new Float64Array(MEASURE_BUCKETS).fill(Number.NEGATIVE_INFINITY);
  /** Holding: one probe at a time, until one is accepted. */
  private holding = false;
  private heldSince = 0;
  private probing = false;
  private nextProbeAt = 0;
  /** A stated quota: requests left of it, and when it is restored. */
  private quotaLeft = Number.POSITIVE_INFINITY;
  private quotaResetAt = 0;
  /** The first accepted answer that said none of the quota was left: its send number, and its reset less rounding. */
  private usedUpBy: { send: number; until: number } | undefined;
  /** The server accepted what its stated count had no room for: what is left and the reset are not read again. */
  private quotaDisproved = false;
  /** Requests a second a stated quota allows: the ceiling of growth. */
  private quotaRate = Number.POSITIVE_INFINITY;
  /** Cap on requests in flight, once one is seen; requests reserved and not yet settled; those on the wire. */
  private window = Number.POSITIVE_INFINITY;
  private windowSetAt = 0;
  private capRuledOutUntil = Number.NEGATIVE_INFINITY;
  private reserved = 0;
  private onWire = 0;
  /** Slow start: requests reserved at once before the first refusal (see START_WINDOW); then none. */
  private startWindow: number;
  private readonly firstStartWindow: number;
  /** The last UNAVAILABLE_AMONG answers, newest in bit 0: 1 for refused (429 or 503). */
  private recentRefusals = 0;
  /** Requests sent so far, and the latest of them (by send number) that was accepted. */
  private sends = 0;
  private latestAccepted = 0;
  /** Answers accepted and refused by how many were on the wire when each was sent (decaying counts). */
  private readonly byInFlight = new AnswersByInFlight();

  constructor(options: ThrottleOptions = {}) {
    this.now = options.now ?? (() => performance.now());
    this.maxRate = options.maxRate ?? Number.POSITIVE_INFINITY;
    this.firstStartWindow = options.startWindow ?? START_WINDOW;
    this.startWindow = this.firstStartWindow;
  }

  /** Current limit in requests a second, or undefined when none applies. */
  get currentRate(): number | undefined {
    const rate = this.pacingRate(this.now());
    return Number.isFinite(rate) ? rate : undefined;
  }

  /** The cap on requests in flight the server showed, or undefined. */
  get inFlightCap(): number | undefined {
    return Number.isFinite(this.window) ? this.window : undefined;
  }

  /** Requests sent so far: the send number of the latest. */
  get lastSend(): number {
    return this.sends;
  }

  /** The send number of the latest request (in order of sending) the server accepted. */
  get lastAcceptedSend(): number {
    return this.latestAccepted;
  }

  /** Whether the run is holding: sending only probes until the server accepts again. */
  get isHolding(): boolean {
    return this.holding;
  }

  /** How long the run has held so far: 0 when it is not holding. */
  get heldForMs(): number {
    return this.holding ? this.now() - this.heldSince : 0;
  }

  /** How many reserve() calls would get a ticket now: after an answer, wake that many waiting callers. */
  get openPlaces(): number {
    if (this.holding) return this.probing ? 0 : 1;
    return Math.max(0, this.inFlightLimit(this.now()) - this.reserved);
  }

  /**
   * Reserves the next send: a ticket with the wait before it, or undefined when no place is open (the cap on
   * requests in flight is reached, or a probe is out): try again after an answer. Settle every ticket once.
   */
  reserve(): Ticket | undefined {
    const now = this.now();
    this.growWindow(now);
    if (now >= this.quotaResetAt) this.quotaLeft = Number.POSITIVE_INFINITY;
    // A stated quota used up is a 429 foreseen: the rate is cut as for one, and the run holds until the quota may be
    // restored (its reset counts whole seconds: so from a second before it).
    if (this.quotaLeft <= 0 && !this.holding) {
      if (now - this.lastCutAt >= HOLD_WITHIN_MS) this.cut(now, true);
      this.hold(now, Math.max(now + PROBE_MS, this.quotaResetAt - RETRY_AFTER_RESOLUTION_MS));
    }
    if (this.holding) return this.reserveProbe(now);
    if (this.reserved >= this.inFlightLimit(now)) return undefined;
    const slot = this.nextSlot(now);
    if (slot - now > SLOT_HORIZON_MS) {
      this.deferredUntil = Math.max(this.deferredUntil, slot - SLOT_HORIZON_MS);
      return { waitMs: slot - now - SLOT_HORIZON_MS, epoch: this.epoch, inFlight: 0, deferred: true };
    }
    this.reserved += 1;
    this.quotaLeft -= 1;
    this.firstSentAt ??= now;
    if (Number.isFinite(slot)) this.lastSlot = slot;
    return { waitMs: Math.max(0, slot - now), epoch: this.epoch, inFlight: 0 };
  }

  /** Requests reserved at once at most: the cap on requests in flight, and during slow start its window. */
  private inFlightLimit(now: number): number {
    return this.inSlowStart(now) ? Math.min(this.window, this.startWindow) : this.window;
  }

  /** Slow start lasts until the first refusal, and only while no rate applies: a rate spaces requests already. */
  private inSlowStart(now: number): boolean {
    return Number.isFinite(this.startWindow) && !Number.isFinite(this.pacingRate(now));
  }

  /**
   * When the next send is due: a gap after the last at the rate in force now (-Infinity: no rate applies). A slot
   * missed by a late timer is used now and the schedule kept. One missed by more than IDLE_SLOTS is used now too, and
   * unless a deferred request was waiting for it, no one was: the rate was not used, so the curve does not grow on
   * that time.
   */
  private nextSlot(now: number): number {
    const rate = this.pacingRate(now);
    if (!Number.isFinite(rate)) return Number.NEGATIVE_INFINITY;
    const gap = 1000 / rate;
    const slot = this.lastSlot + gap;
    if (!Number.isFinite(slot)) return now;
    if (now - slot <= IDLE_SLOTS * gap) return slot;
    const unused = now - Math.max(slot, this.deferredUntil);
    if (unused > 0 && Number.isFinite(this.curveFrom)) this.curveFrom += unused;
    return now;
  }

  private probeAnswered(outcome: Outcome, now: number): void {
    this.probing = false;
    if (outcome.kind === 'rate-limited') this.firstHold = undefined;
    // A probe refused when the Retry-After said shows it did not know: the next is no sooner than without one.
    this.nextProbeAt = now + (outcome.kind === 'rate-limited' ? Math.max(PROBE_MS, probeDelay(outcome.retryAfterMs, now - this.heldSince)) : PROBE_MS);
  }

  private reserveProbe(now: number): Ticket | undefined {
    if (this.probing) return undefined;
    // A probe further off than the horizon is not reserved yet: when it is due may change meanwhile (a stated quota
    // found not to bind, see disproves), and a reserved probe would sleep on to the old time.
    if (this.nextProbeAt - now > SLOT_HORIZON_MS) return { waitMs: SLOT_HORIZON_MS, epoch: this.epoch, inFlight: 0, deferred: true };
    this.probing = true;
    this.reserved += 1;
    return { waitMs: Math.max(0, this.nextProbeAt - now), epoch: this.epoch, inFlight: 0, probe: true };
  }

  /**
   * The reserved request is about to go on the wire: true, and it is counted as sent; or false when the server
   * refused others while it waited (a cut or a hold since it was reserved): settle it as `other` and reserve again.
   */
  send(ticket: Ticket): boolean {
    if (ticket.epoch !== this.epoch) return false;
    this.sends += 1;
    ticket.sendNumber = this.sends;
    ticket.sentAt = this.now();
    this.onWire += 1;
    ticket.inFlight = this.onWire;
    if (this.inSlowStart(this.now())) ticket.slowStart = true;
    return true;
  }

  /**
   * The reserved request was answered, or never sent. Returns the outcome's kind as read: a 503 (`unavailable`)
   * becomes `rate-limited` or `other`.
   */
  settle(ticket: Ticket, answer: Outcome): Exclude<Outcome['kind'], 'unavailable'> {
    const now = this.now();
    this.reserved = Math.max(0, this.reserved - 1);
    if (ticket.inFlight > 0) this.onWire = Math.max(0, this.onWire - 1);
    const outcome = this.readUnavailable(answer);
    if (ticket.inFlight > 0) this.startWindow = outcome.kind === 'rate-limited' ? Number.POSITIVE_INFINITY : this.startWindow + 1;
    if (ticket.probe && this.holding) this.probeAnswered(outcome, now);
    this.settleRead(ticket, outcome, now);
    return outcome.kind;
  }

  /** Remembers whether the last answers were refusals, and reads a 503 by them (UNAVAILABLE_AMONG). */
  private readUnavailable(answer: Outcome): Exclude<Outcome, { kind: 'unavailable' }> {
    if (answer.kind === 'other') return answer;
    const refused = answer.kind !== 'accepted';
    this.recentRefusals = ((this.recentRefusals << 1) | (refused ? 1 : 0)) & ((1 << UNAVAILABLE_AMONG) - 1);
    if (answer.kind !== 'unavailable') return answer;
    // This one and at least one more.
    const among = this.recentRefusals & (this.recentRefusals - 1);
    return among !== 0 ? { ...answer, kind: 'rate-limited' } : { kind: 'other' };
  }

  private settleRead(ticket: Ticket, outcome: Exclude<Outcome, { kind: 'unavailable' }>, now: number): void {
    if (outcome.kind === 'other') return;
    if (outcome.hint) this.useHint(outcome.hint, now, outcome.kind === 'accepted' ? ticket.sendNumber : undefined);
    if (outcome.kind === 'accepted') this.onAccepted(ticket, now);
    else this.onRateLimited(ticket, outcome.retryAfterMs, now);
  }

  private onAccepted(ticket: Ticket, now: number): void {
    if (ticket.epoch === this.epoch) this.refusedAfterCut = 0;
    this.latestAccepted = Math.max(this.latestAccepted, ticket.sendNumber ?? 0);
    this.countAccepted(now);
    this.acceptedTotal += 1;
    if (this.firstHold && (ticket.sendNumber ?? 0) > this.firstHold.sends) this.firstHold.accepted += 1;
    if (!ticket.probe && !ticket.slowStart) this.byInFlight.add(ticket.inFlight, true, now);
    if (this.holding && ticket.epoch === this.epoch) {
      // A probe got through: resume at the rate of the last cut (the first time: of what was accepted so far), the
      // curve starting over from now.
      this.holding = false;
      if (!Number.isFinite(this.limitAtCut)) this.resumeFirstHold(now);
      // After a hold of a second or more the last second holds only probes: a cut measured over it would read the
      // hold (one a second after a used-up ten-second window), and the curve would crawl up from there. The rate
      // found before the hold stands, as just after a cut, until there is a second of sending to measure.
      else if (now - this.heldSince >= MEASURE_MS) this.lastCutAt = now;
      this.curveFrom = now;
      this.slotNow(now);
    }
  }

  /**
   * The first hold of a run ends. Its 429s came before most answers were in, so they are read again: refused only
   * above some number in flight is a cap on requests in flight, and no rate applies; else the rate starts from what
   * was accepted so far. When nothing was but the probe, the hold measured how long the server refused (a quota used
   * up before the run, an outage), not a rate: the run starts again as it began, knowing nothing, slowly. An answer accepted
   * during the hold, to a request sent before it, counts: of a first burst into a limit with no burst, one is accepted,
   * and its answer may come after the refusals.
   */
  private resumeFirstHold(now: number): void {
    const cap = now < this.capRuledOutUntil ? undefined : this.byInFlight.lowestCapped();
    if (cap !== undefined) {
      this.window = cap - 1;
      this.windowSetAt = now;
      return;
    }
    if (this.acceptedTotal === 1) {
      this.firstSentAt = now;
      this.startWindow = this.firstStartWindow;
      return;
    }
    this.cut(now, false, (this.acceptedTotal * 1000) / Math.max(MEASURE_BUCKET_MS, now - (this.firstSentAt ?? now)));
  }

  private onRateLimited(ticket: Ticket, retryAfterMs: number | undefined, now: number): void {
    if (!ticket.probe && !ticket.slowStart) this.byInFlight.add(ticket.inFlight, false, now);
    // Refused with half the cap in flight or less: not a cap after all (a rate limit whose first refusals looked
    // like one), and not to be taken for one again for a while.
    if (Number.isFinite(this.window) && ticket.inFlight <= this.window / 2) {
      this.window = Number.POSITIVE_INFINITY;
      this.capRuledOutUntil = now + CAP_RULED_OUT_MS;
    }
    const capped = now >= this.capRuledOutUntil && (ticket.inFlight > this.window || this.byInFlight.looksCapped(ticket.inFlight));
    if (capped) {
      // Refused when this many were on the wire, accepted with fewer: a cap on requests in flight, not on their rate.
      this.window = Math.max(1, Math.min(this.window, ticket.inFlight - 1));
      this.windowSetAt = now;
      return;
    }
    if (ticket.epoch < this.epoch || this.holding) return;
    // The first 429 of a run (nothing known yet), or one to a request sent after a recent cut (a window used up, or
    // the limit fell): probe until the server accepts again.
    if (!Number.isFinite(this.limitAtCut)) {
      this.hold(now, now + probeDelay(retryAfterMs));
      return;
    }
    // One refusal just after a cut may be a sliding window or a bucket not yet freed; two in a row are not. Nor is
    // one to a pace already past the limit the cut found: a bucket with no burst refuses every other request there,
    // never two in a row, and the doubling after a first cut went on for a second, half refused.
    if (now - this.lastCutAt < HOLD_WITHIN_MS && this.curveRate(now) <= this.limitAtCut) {
      this.refusedAfterCut += 1;
      if (this.refusedAfterCut >= 2) this.hold(now, now + probeDelay(retryAfterMs));
      return;
    }
    this.cut(now, true, undefined, ticket.sentAt);
  }

  /**
   * The limit is what the server accepted over the last second (or less, if less has passed; or since the first hold,
   * see refillRate), and below the pace that was refused; the rate goes just under it. `measured`: a limit found
   * otherwise; `refusedSentAt`: when the refused request was sent.
   */
  private cut(now: number, refused: boolean, measured?: number, refusedSentAt = now): void {
    const lastSecond = measured ?? this.acceptedRate(now);
    const refill = measured === undefined ? this.refillRate(refusedSentAt) : undefined;
    const fromRefill = refill !== undefined && refill < lastSecond / BURST_RATIO;
    const found = fromRefill ? refill : lastSecond;
    // A refusal at some pace says the limit is below it, whatever a burst made the measure read.
    const limit = refused ? Math.min(found, this.curveRate(now)) : found;
    // The first estimate, or one from less than MEASURE_MS of answers, is a guess: the rate doubles from it. Not one
    // measured from the first hold: that is what the server restores, not what a burst made it look like.
    this.provisional = !refused || (!fromRefill && now - (this.firstSentAt ?? now) < MEASURE_MS);
    this.limitAtCut = Math.min(this.quotaRate, Math.max(MIN_RATE, limit));
    this.rateAtCut = Math.max(MIN_RATE, Math.min(this.maxRate, this.limitAtCut * DECREASE));
    this.curveFrom = now;
    if (refused) {
      this.lastCutAt = now;
      this.firstHold = undefined;
    }
    this.refusedAfterCut = 0;
    this.epoch += 1;
    // Tickets reserved before the cut are void (send() refuses them): their slots are free again.
    this.slotNow(now);
  }

  /** The next send is due now, at the rate in force. */
  private slotNow(now: number): void {
    const rate = this.pacingRate(now);
    this.lastSlot = Number.isFinite(rate) ? now - 1000 / rate : Number.NEGATIVE_INFINITY;
  }

  /** Only probes go from now: the first at `firstProbeAt`. */
  private hold(now: number, firstProbeAt: number): void {
    this.holding = true;
    this.heldSince = now;
    this.probing = false;
    this.nextProbeAt = Math.max(now, firstProbeAt);
    this.epoch += 1;
    if (!this.held) this.firstHold = { at: now, sends: this.sends, accepted: 0, acceptedBefore: this.acceptedTotal };
    this.held = true;
  }

  /** The rate in force: the growth curve since the last cut, never above --rate or a stated quota. */
  private pacingRate(now: number): number {
    if (this.holding) return 1000 / PROBE_MS;
    return this.curveRate(now);
  }

  private curveRate(now: number): number {
    const ceiling = Math.min(this.maxRate, this.quotaRate);
    // No limit known yet (or only a cap on requests in flight): nothing to pace by but the ceiling.
    if (!Number.isFinite(this.curveFrom) || !Number.isFinite(this.limitAtCut)) return ceiling;
    const seconds = (now - this.curveFrom) / 1000;
    if (this.provisional) return Math.min(ceiling, this.rateAtCut * 2 ** (seconds / DOUBLING_S));
    const k = Math.cbrt((1 - this.rateAtCut / this.limitAtCut) / CUBIC_C);
    const curve = this.limitAtCut * (1 + CUBIC_C * (seconds - k) ** 3);
    return Math.min(ceiling, Math.max(this.rateAtCut, curve));
  }

  /**
   * A stated quota: its rate is the ceiling and, until a 429 says otherwise, the rate; what is left of it is counted,
   * until the server shows the count is not the one that binds (see disproves). `acceptedSend`: the send number of
   * the request whose accepted answer this is.
   */
  private useHint(hint: RateLimitHint, now: number, acceptedSend: number | undefined): void {
    const stated = policyRate(hint);
    if (stated !== undefined && (hint.windowMs ?? 0) <= PACED_WINDOW_MS) this.quotaRate = stated * QUOTA_SHARE;
    if (hint.remaining === undefined || hint.resetMs === undefined || this.quotaDisproved) return;
    if (acceptedSend !== undefined && hint.remaining === 0 && this.disproves(acceptedSend, now, hint.resetMs)) {
      this.quotaDisproved = true;
      this.quotaLeft = Number.POSITIVE_INFINITY;
      // A hold for the quota waited for a reset that means nothing: probe now.
      if (this.holding) this.nextProbeAt = Math.min(this.nextProbeAt, now);
      return;
    }
    // What is left now: what the server said, less every request still unanswered (it may not have counted them).
    this.quotaLeft = hint.remaining - this.onWire;
    this.quotaResetAt = now + Math.min(hint.resetMs, MAX_RETRY_AFTER_MS);
  }

  /**
   * An accepted answer says none is left. The first one is the quota's last request. Another before that one's reset,
   * to a request sent after it, is one the server's own count had no room for: the header counts something else (a
   * quota of another kind, one node's count behind a balancer, a bucket that refills as it goes) or nothing at all.
   * Waited out at its word, a stuck `X-RateLimit-Remaining: 0` with a reset a minute away let one request through a
   * minute while every one was accepted; the run learns from refusals instead.
   */
  private disproves(send: number, now: number, resetMs: number): boolean {
    const first = this.usedUpBy;
    if (first !== undefined && now < first.until) return send > first.send;
    this.usedUpBy = { send, until: now + resetMs - RETRY_AFTER_RESOLUTION_MS };
    return false;
  }

  /** Probes one more request in flight now and then, for a cap that was raised. */
  private growWindow(now: number): void {
    if (Number.isFinite(this.window) && now - this.windowSetAt >= WINDOW_PROBE_MS) {
      this.window += 1;
      this.windowSetAt = now;
    }
  }

  private countAccepted(now: number): void {
    const start = Math.floor(now / MEASURE_BUCKET_MS) * MEASURE_BUCKET_MS;
    const index = (start / MEASURE_BUCKET_MS) % this.acceptedCount.length;
    if (this.acceptedBucket[index] !== start) {
      this.acceptedBucket[index] = start;
      this.acceptedCount[index] = 0;
    }
    this.acceptedCount[index]! += 1;
  }

  /**
   * What the server accepted, a second, of the requests sent from the first hold until `until` (when the request it
   * refused now was sent: those sent after it are mostly unanswered yet); undefined when that span is a second or
   * more, or less than MIN_REFILL_SPAN_MS. A token bucket's burst, spent at the start of a run, made the last second
   * read 10 to 20 times its rate, and the run went on holding and resuming at that pace for a second; once it
   * refuses, a bucket gives only what it restores.
   */
  private refillRate(until: number): number | undefined {
    const hold = this.firstHold;
    if (hold === undefined) return undefined;
    const span = until - hold.at;
    if (span < MIN_REFILL_SPAN_MS || span >= MEASURE_MS) return undefined;
    // Only after a burst: at least twice as many accepted before the hold as since. A bucket with little or none
    // (1 request) refused the run's slow start as it began, and restores no more than that while the run holds:
    // what it gave since read under its rate, and the run crawled up from there.
    return hold.acceptedBefore >= 2 * hold.accepted ? (hold.accepted * 1000) / span : undefined;
  }

  /** Accepted a second since firstSentAt, over the last MEASURE_MS at most: over the time that actually passed. */
  private acceptedRate(now: number): number {
    const from = Math.max(this.firstSentAt ?? now, now - MEASURE_MS);
    const firstBucket = Math.floor(from / MEASURE_BUCKET_MS) * MEASURE_BUCKET_MS;
    let count = 0;
    for (const [index, start] of this.acceptedBucket.entries()) if (start >= firstBucket) count += this.acceptedCount[index]!;
    return (count * 1000) / Math.max(MEASURE_BUCKET_MS, now - firstBucket);
  }
}

/** Answers counted by requests on the wire at send, halving every IN_FLIGHT_HALF_LIFE_MS. */
class AnswersByInFlight {
  private readonly accepted: number[] = [];
  private readonly refused: number[] = [];
  private decayedAt = 0;

  add(inFlight: number, accepted: boolean, now: number): void {
    if (inFlight < 1) return;
    this.decay(now);
    const counts = accepted ? this.accepted : this.refused;
    while (counts.length <= inFlight) counts.push(0);
    counts[inFlight]! += 1;
  }

  /** Most requests sent with `inFlight` or more on the wire were refused, and few of those sent with fewer. */
  looksCapped(inFlight: number): boolean {
    if (inFlight < 2) return false;
    const over = this.count(inFlight, Math.max(this.accepted.length, this.refused.length));
    const under = this.count(1, inFlight - 1);
    return (
      over.refused >= OVER_CAP_REFUSED * over.all &&
      under.all >= MIN_SAMPLES &&
      under.refused < UNDER_CAP_REFUSED * under.all
    );
  }

  /** The fewest in flight that looks capped, if any. */
  lowestCapped(): number | undefined {
    for (let k = 2; k < this.refused.length; k += 1) if ((this.refused[k] ?? 0) > 0 && this.looksCapped(k)) return k;
    return undefined;
  }

  private count(from: number, to: number): { refused: number; all: number } {
    let refused = 0;
    let all = 0;
    for (let k = from; k <= to; k += 1) {
      refused += this.refused[k] ?? 0;
      all += (this.refused[k] ?? 0) + (this.accepted[k] ?? 0);
    }
    return { refused, all };
  }

  private decay(now: number): void {
    const halvings = Math.floor((now - this.decayedAt) / IN_FLIGHT_HALF_LIFE_MS);
    if (halvings <= 0) return;
    this.decayedAt += halvings * IN_FLIGHT_HALF_LIFE_MS;
    const factor = 0.5 ** Math.min(halvings, 64);
    for (const counts of [this.accepted, this.refused]) for (let k = 0; k < counts.length; k += 1) counts[k]! *= factor;
  }
}

/**
 * How long until the next probe, given the Retry-After of the last 429 and how long the run has held. A Retry-After
 * counts whole seconds (delay or date), mostly rounded up from a wait of a few milliseconds: the wait it means may be
 * up to a second shorter. Without one, see PROBE_SHARE_OF_HOLD; and with one, once the hold has lasted: a probe sent
 * when the last Retry-After said, and refused again, shows the server did not know (`Retry-After: 0` on a window
 * used up for seconds would otherwise be probed every millisecond, each probe spending a row's retries, until rows
 * failed and --max-errors ended the run).
 */
function probeDelay(retryAfterMs: number | undefined, heldMs = 0): number {
  const byHold = PROBE_SHARE_OF_HOLD * heldMs;
  if (retryAfterMs === undefined) return Math.min(MAX_RETRY_AFTER_MS, Math.max(PROBE_MS, byHold));
  const asked = Math.max(Math.min(PROBE_MS, Math.max(1, retryAfterMs)), retryAfterMs - RETRY_AFTER_RESOLUTION_MS);
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(asked, byHold));
}
