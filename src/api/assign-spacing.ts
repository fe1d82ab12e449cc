import { sleep } from '../sleep.js';

/** The API allows one assign per contact per 10 seconds. */
export const ASSIGN_INTERVAL_MS = 10_000;

/** Keeps two assign calls for the same contact at least ASSIGN_INTERVAL_MS apart within a run. */
export class AssignSpacing {
  private readonly lastAssign = new Map<string, number>();
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(intervalMs = ASSIGN_INTERVAL_MS, now: () => number = () => performance.now()) {
    this.intervalMs = intervalMs;
    this.now = now;
  }

  /** Waits until `contactId` may be assigned again, and books that moment. */
  async waitTurn(contactId: string, signal?: AbortSignal): Promise<void> {
    const now = this.now();
    const last = this.lastAssign.get(contactId);
    const at = last === undefined ? now : Math.max(now, last + this.intervalMs);
    this.lastAssign.set(contactId, at);
    this.forgetOld(now);
    if (at > now) await sleep(at - now, signal);
  }

  /** Entries older than the interval no longer matter; dropping them keeps memory flat on long runs. */
  private forgetOld(now: number): void {
    if (this.lastAssign.size < 10_000) return;
    for (const [id, at] of this.lastAssign) {
      if (now - at >= this.intervalMs) this.lastAssign.delete(id);
    }
  }
}
