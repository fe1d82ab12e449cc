/**
 * The one abort rule on rows: `max` failures in a row (--max-errors) mean something is wrong with every row (a
 * revoked token, a dead server), so the run stops instead of failing the rest one by one. A success ends a streak;
 * rows that are neither (invalid, duplicate, skipped) leave it as it is.
 */
export class FailureStreak {
  private count = 0;

  constructor(
    private readonly max: number,
    /** What failed, plural, for the reason: "rows", "look-ups". */
    private readonly what: string,
  ) {}

  /** Counts one outcome; returns the reason to abort when this failure completes a streak of `max`. */
  record(outcome: 'failed' | 'succeeded' | 'neither', lastFailure = ''): string | undefined {
    if (outcome === 'succeeded') this.count = 0;
    if (outcome !== 'failed') return undefined;
    this.count += 1;
    if (this.count < this.max) return undefined;
    return `${this.count} ${this.what} in a row failed (the last: ${lastFailure}); see --max-errors`;
  }
}
