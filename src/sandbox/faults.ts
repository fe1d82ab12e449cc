import type { ResolvedOptions } from './options.js';

/** What a committed create answers instead of 200 under --fail-after-commit. */
export type AfterCommitFault = 'error' | 'drop';

/** Decides, from the seeded streams and the clock, which requests meet which fault. Pure apart from its counters. */
export class Faults {
  private windowStart = Number.NEGATIVE_INFINITY;
  private windowCount = 0;
  private afterCommitCount = 0;

  constructor(private readonly options: ResolvedOptions) {}

  /** Milliseconds to hold this request: the latency with ±20% jitter, or 0. */
  latency(): number {
    const { latencyMs, random } = this.options;
    return latencyMs > 0 ? latencyMs * (0.8 + 0.4 * random.latency()) : 0;
  }

  /** Fixed one-second windows over the clock: the wait in ms when this request is over the limit, else undefined. */
  overRateLimit(): number | undefined {
    const { rateLimit, clock } = this.options;
    if (rateLimit === undefined) return undefined;
    const now = clock();
    const start = Math.floor(now / 1000) * 1000;
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.windowCount = 0;
    }
    this.windowCount += 1;
    return this.windowCount > rateLimit ? start + 1000 - now : undefined;
  }

  /** True for the share --fail-rate of requests. */
  failNow(): boolean {
    const { failRate, random } = this.options;
    return failRate > 0 && random.failRate() < failRate;
  }

  /** For the share --fail-after-commit of stored creates: a 500 and a dropped connection, in turn. */
  afterCommit(): AfterCommitFault | undefined {
    const { failAfterCommit, random } = this.options;
    if (failAfterCommit === 0 || random.afterCommit() >= failAfterCommit) return undefined;
    this.afterCommitCount += 1;
    return this.afterCommitCount % 2 === 1 ? 'error' : 'drop';
  }
}
