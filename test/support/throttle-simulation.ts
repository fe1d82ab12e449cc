import { decideRetry, DEFAULT_BACKOFF } from '../../src/api/retry.js';
import { Throttle, type Ticket } from '../../src/api/throttle.js';
import { createLimiter, type LimiterKind, type RateSchedule } from '../../src/sandbox/limiters/index.js';
import { mulberry32, type Random } from '../../src/sandbox/rng.js';

/**
 * A run of `import` against one of the sandbox's limiters, in simulated time: the throttle and the limiter are the
 * real ones, on one injected clock; the client's workers, timers, the network and the server's latency are modelled,
 * with their jitter. Minutes of traffic take milliseconds, and a seed replays a run exactly.
 */

export interface SimulatedServer {
  limiter: LimiterKind;
  schedule: RateSchedule;
  burst?: number;
  /** How a 429 says when to retry; `seconds` rounds up to whole seconds, as most servers do. */
  retryAfter?: 'seconds' | 'date' | 'none';
  /** Server latency in ms (±20 %), before the rate limiter judges the request, as in the sandbox. */
  latencyMs?: number;
  /** Another client of the same org sending this many requests a second, evenly, open loop. */
  otherClientPerSecond?: number;
}

export interface SimulationOptions {
  server: SimulatedServer;
  seconds: number;
  concurrency?: number;
  /** --rate */
  maxRate?: number;
  /** --retries */
  retries?: number;
  /** One-way network delay in ms: uniform between these. */
  networkMs?: [number, number];
  /** Lateness of a timer past its due time, in ms: uniform between 0 and this (Node's timers have 1 ms steps). */
  timerLateMs?: number;
  seed?: number;
}

export interface SimulationResult {
  /** Our requests, and those answered 429. */
  requests: number;
  rateLimited: number;
  /** Our requests the server accepted; rows done (each row is one request); rows given up after --retries. */
  accepted: number;
  rowsDone: number;
  rowsFailed: number;
  /** What the other client got accepted. */
  otherAccepted: number;
  /** Requests a second the throttle allowed at each whole second. */
  rateBySecond: (number | undefined)[];
  throttle: Throttle;
}

/** A min-heap of timed events; ties run in the order they were scheduled. */
class EventQueue {
  private readonly heap: { at: number; seq: number; run: () => void }[] = [];
  private seq = 0;

  push(at: number, run: () => void): void {
    const heap = this.heap;
    heap.push({ at, seq: this.seq++, run });
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  pop(): { at: number; run: () => void } | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && this.before(left, smallest)) smallest = left;
        if (right < heap.length && this.before(right, smallest)) smallest = right;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
        i = smallest;
      }
    }
    return top;
  }

  private before(a: number, b: number): boolean {
    const x = this.heap[a]!;
    const y = this.heap[b]!;
    return x.at < y.at || (x.at === y.at && x.seq < y.seq);
  }
}

export function simulateImport(options: SimulationOptions): SimulationResult {
  const { server, seconds } = options;
  const endAt = seconds * 1000;
  const random: Random = mulberry32(options.seed ?? 1);
  const [netMin, netMax] = options.networkMs ?? [0.1, 0.5];
  const timerLate = options.timerLateMs ?? 1;
  let now = 0;
  const clock = () => now;
  const events = new EventQueue();
  const at = (time: number, run: () => void) => events.push(time, run);
  const limiter = createLimiter({ kind: server.limiter, schedule: server.schedule, burst: server.burst, startedAt: 0 });
  const throttle = new Throttle({ maxRate: options.maxRate, now: clock });
  const policy = { ...DEFAULT_BACKOFF, retries: options.retries ?? 5 };
  const result: SimulationResult = { requests: 0, rateLimited: 0, accepted: 0, rowsDone: 0, rowsFailed: 0, otherAccepted: 0, rateBySecond: [], throttle };

  const network = () => netMin + random() * (netMax - netMin);
  const latency = () => (server.latencyMs ? server.latencyMs * (0.8 + 0.4 * random()) : 0);
  /** A setTimeout(ms): never early, up to timerLate late. */
  const timer = (ms: number) => (ms > 0 ? Math.ceil(ms) + random() * timerLate : 0);

  /** The server's answer to a request arriving now: accepted, or the Retry-After in ms (undefined: none sent). */
  type Answer = { ok: true } | { ok: false; retryAfterMs: number | undefined };
  function retryAfter(waitMs: number): number | undefined {
    switch (server.retryAfter ?? 'seconds') {
      case 'seconds':
        return Math.max(1, Math.ceil(waitMs / 1000)) * 1000;
      case 'date':
        return Math.ceil((now + waitMs) / 1000) * 1000 - now;
      case 'none':
        return undefined;
    }
  }

  /** Sends one request from now; `answered` runs when its answer is back. */
  function send(answered: (answer: Answer) => void): void {
    at(now + network(), () => {
      if (limiter.kind === 'concurrency') {
        const admission = limiter.admit(now);
        if (!admission.ok) {
          const answer: Answer = { ok: false, retryAfterMs: retryAfter(admission.retryAfterMs) };
          at(now + network(), () => answered(answer));
          return;
        }
        at(now + latency(), () => {
          limiter.release();
          at(now + network(), () => answered({ ok: true }));
        });
        return;
      }
      at(now + latency(), () => {
        const admission = limiter.admit(now);
        const answer: Answer = admission.ok ? { ok: true } : { ok: false, retryAfterMs: retryAfter(admission.retryAfterMs) };
        at(now + network(), () => answered(answer));
      });
    });
  }

  // The gate (src/api/throttle-gate.ts), modelled: requests waiting for a place, and refused ones waiting to retry.
  const waitingForPlace: (() => void)[] = [];
  const refused: { refusedAfter: number; mayProbe: boolean; go: (probe: boolean) => void }[] = [];

  function tryRow(retriesDone: number, probedEarly = false): void {
    if (now >= endAt) return;
    const ticket = throttle.reserve();
    if (ticket === undefined) {
      waitingForPlace.push(() => tryRow(retriesDone, probedEarly));
      return;
    }
    at(now + timer(ticket.waitMs), () => {
      if (ticket.deferred) {
        tryRow(retriesDone, probedEarly);
        return;
      }
      if (!throttle.send(ticket)) {
        throttle.settle(ticket, { kind: 'other' });
        wakeWaiting();
        tryRow(retriesDone, probedEarly);
        return;
      }
      result.requests += 1;
      send((answer) => settle(ticket, answer, retriesDone, probedEarly));
    });
  }

  function settle(ticket: Ticket, answer: Answer, retriesDone: number, probedEarly: boolean): void {
    if (answer.ok) {
      throttle.settle(ticket, { kind: 'accepted' });
      if (now <= endAt) {
        result.accepted += 1;
        result.rowsDone += 1;
      }
      at(now, () => tryRow(0));
      while (refused.length > 0 && refused[0]!.refusedAfter < throttle.lastAcceptedSend) refused.shift()!.go(false);
    } else {
      throttle.settle(ticket, { kind: 'rate-limited', retryAfterMs: answer.retryAfterMs });
      result.rateLimited += 1;
      const decision = decideRetry({ kind: 'status', status: 429, retryAfterMs: answer.retryAfterMs }, retriesDone, policy, random);
      if (decision.retry) park(decision.delayMs, retriesDone + 1, probedEarly);
      else {
        result.rowsFailed += 1;
        at(now, () => tryRow(0));
      }
    }
    wakeWaiting();
  }

  function park(ms: number, retriesDone: number, probedEarly: boolean): void {
    let gone = false;
    const entry = {
      refusedAfter: throttle.lastSend,
      mayProbe: !probedEarly,
      go: (probe: boolean) => {
        if (gone) return;
        gone = true;
        const index = refused.indexOf(entry);
        if (index >= 0) refused.splice(index, 1);
        at(now, () => tryRow(retriesDone, probe));
      },
    };
    refused.push(entry);
    at(now + timer(ms), () => entry.go(false));
  }

  function wakeWaiting(): void {
    for (let open = throttle.openPlaces; open > 0 && waitingForPlace.length > 0; open -= 1) waitingForPlace.shift()?.();
    if (!throttle.isHolding || throttle.openPlaces === 0 || waitingForPlace.length > 0) return;
    refused.find((entry) => entry.mayProbe)?.go(true);
  }

  for (let worker = 0; worker < (options.concurrency ?? 32); worker += 1) at(0, () => tryRow(0));
  if (server.otherClientPerSecond) {
    const gap = 1000 / server.otherClientPerSecond;
    const other = (time: number) => {
      if (time >= endAt) return;
      at(time, () => {
        send((answer) => {
          if (answer.ok && now <= endAt) result.otherAccepted += 1;
        });
        other(time + gap);
      });
    };
    other(gap / 2);
  }
  for (let second = 0; second <= seconds; second += 1) at(second * 1000, () => result.rateBySecond.push(throttle.currentRate));

  for (let event = events.pop(); event && event.at <= endAt + 5_000; event = events.pop()) {
    now = event.at;
    event.run();
  }
  return result;
}

/** Requests a schedule allows over [0, endMs), plus a token bucket's burst. */
export function capacityOf(server: SimulatedServer, seconds: number): number {
  let total = 0;
  for (const [i, step] of server.schedule.entries()) {
    const end = Math.min(server.schedule[i + 1]?.fromMs ?? Number.POSITIVE_INFINITY, seconds * 1000);
    if (end > step.fromMs) total += (step.limit * (end - step.fromMs)) / 1000;
  }
  return total + (server.limiter === 'token-bucket' ? (server.burst ?? server.schedule[0]!.limit) : 0);
}
