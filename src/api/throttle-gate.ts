import { sleep } from '../sleep.js';
import type { Outcome, Throttle, Ticket } from './throttle.js';

/** A request waiting: for a place under the throttle, or out a 429's Retry-After. */
interface Waiter {
  /** `probe`: woken early to be the probe of a hold. */
  wake: (why?: 'probe') => void;
  /** Refused requests: the last send when refused (a later one accepted means room again), and whether it may probe. */
  refusedAfter?: number;
  mayProbe?: boolean;
}

/**
 * The waiting around the throttle's pure core: requests wait here for a place (a cap on requests in flight, or the
 * one probe of a hold) and for their slot; and a request refused with 429 waits out its Retry-After here.
 *
 * A Retry-After is mostly whole seconds rounded up, and every refused request holds its row meanwhile, so a burst of
 * 429s would park every row for a second. A refused request is therefore let go early in two cases: the server has
 * accepted a request sent after the refusal (the limit has room again; the throttle paces the retry), or the run is
 * holding with no one else to send the probe (the throttle times probes by the Retry-After, less its rounding). It
 * probes early at most once per refusal, so probing never spends its retries much faster than the server asked.
 */
export class ThrottleGate {
  private readonly forPlace: Waiter[] = [];
  private readonly refused: Waiter[] = [];

  constructor(private readonly throttle: Throttle) {}

  /**
   * The ticket of a request that may go on the wire now, once it has a place and its slot: at once, without a
   * promise, when nothing holds it back (most requests); else a promise of it.
   */
  take(signal: AbortSignal | undefined): Ticket | Promise<Ticket> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    const ticket = this.throttle.reserve();
    if (ticket?.waitMs === 0 && this.throttle.send(ticket)) return ticket;
    return this.takeLater(signal, ticket);
  }

  /** take()'s slow path: `first` is the ticket take() reserved, if any (void, or due later). */
  private async takeLater(signal: AbortSignal | undefined, first: Ticket | undefined): Promise<Ticket> {
    for (let ticket = first; ; ticket = this.throttle.reserve()) {
      if (ticket === undefined) {
        await this.park(this.forPlace, {}, undefined, signal);
        continue;
      }
      try {
        if (ticket.waitMs > 0) await sleep(ticket.waitMs, signal);
        signal?.throwIfAborted();
      } catch (error) {
        if (!ticket.deferred) this.settle(ticket, { kind: 'other' });
        throw error;
      }
      // No slot was reserved yet (the next was too far ahead): reserve now, at the rate in force.
      if (ticket.deferred) continue;
      // The server refused others while this one waited: its slot is void, take a new one.
      if (this.throttle.send(ticket)) return ticket;
      this.settle(ticket, { kind: 'other' });
    }
  }

  /** How long the run has held: since when every request but one probe at a time waits, and every probe was refused. */
  get heldForMs(): number {
    return this.throttle.heldForMs;
  }

  /**
   * The request of `ticket` was answered (or failed): tell the throttle, and let go whoever can go now. Returns the
   * outcome's kind as the throttle read it (a 503 as `rate-limited` or `other`).
   */
  settle(ticket: Ticket, answer: Outcome): ReturnType<Throttle['settle']> {
    const outcome = this.throttle.settle(ticket, answer);
    for (let open = this.throttle.openPlaces; open > 0 && this.forPlace.length > 0; open -= 1) this.forPlace.shift()?.wake();
    if (outcome === 'accepted') {
      const room = this.throttle.lastAcceptedSend;
      while (this.refused.length > 0 && (this.refused[0]?.refusedAfter ?? 0) < room) this.refused.shift()?.wake();
    }
    this.wakeProbe();
    return outcome;
  }

  /**
   * After a 429 (settled): waits `ms`, or less as the class comment says. True when let go early to probe; pass it
   * back as `probedEarly` should that try be refused too.
   */
  async waitToRetry(ms: number, probedEarly: boolean, signal: AbortSignal | undefined): Promise<boolean> {
    const parked = this.park(this.refused, { refusedAfter: this.throttle.lastSend, mayProbe: !probedEarly }, ms, signal);
    this.wakeProbe();
    return (await parked) === 'probe';
  }

  /** Holding, and no one else is there to send the probe: a refused request that has not probed early goes. */
  private wakeProbe(): void {
    if (!this.throttle.isHolding || this.throttle.openPlaces === 0 || this.forPlace.length > 0) return;
    const index = this.refused.findIndex((waiter) => waiter.mayProbe);
    if (index >= 0) this.refused.splice(index, 1)[0]?.wake('probe');
  }

  /** Resolves when woken (with why) or after `ms` (if given); rejects with the signal's reason. Leaves `queue` either way. */
  private park(queue: Waiter[], waiter: Omit<Waiter, 'wake'>, ms: number | undefined, signal: AbortSignal | undefined): Promise<'probe' | undefined> {
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (error?: Error, why?: 'probe') => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const index = queue.indexOf(entry);
        if (index >= 0) queue.splice(index, 1);
        if (error) reject(error);
        else resolve(why);
      };
      const entry: Waiter = { ...waiter, wake: (why) => done(undefined, why) };
      const onAbort = () => done(signal?.reason as Error);
      if (signal?.aborted) {
        reject(signal.reason as Error);
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      if (ms !== undefined) timer = setTimeout(() => done(), ms);
      queue.push(entry);
    });
  }
}
