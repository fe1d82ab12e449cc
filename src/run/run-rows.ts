import type { FailureStreak } from './failure-streak.js';
import { mapInOrder } from './ordered-window.js';

/** How many finished rows may wait behind a slow one before reading pauses: bounds memory whatever the input. */
const REORDER_ROWS_PER_SLOT = 64;

/** How one outcome counts for the abort rule, and how a failure is named in the reason. */
export interface Judged {
  outcome: 'failed' | 'succeeded' | 'neither';
  failure?: string;
}

/** What a command gives the loop: its per-row step, and what to do with each outcome in input order. */
export interface RowsLoop<Verdict, Out> {
  verdicts: AsyncIterable<Verdict>;
  /** The command's per-row step: its outcome now, or once its requests are answered. */
  step(verdict: Verdict): Out | Promise<Out>;
  /** Takes each outcome in input order, as soon as it and every one before it are done: writes it, counts it. */
  take(outcome: Out): void | Promise<void>;
  judge(outcome: Out): Judged;
  /** --max-errors: failures in a row that stop the run. */
  streak: FailureStreak;
  /** Stops sending: rows not yet sent end skipped (ABORTED). */
  abort(reason: string): void;
  /** Rows in flight at once (--concurrency). */
  concurrency: number;
  /** The first SIGINT/SIGTERM: no new row is read; rows in flight finish and are taken. */
  signal: AbortSignal;
}

/**
 * The one loop over an input's rows: up to `concurrency` rows in flight, their outcomes taken in input order, and
 * the run aborted after --max-errors failures in a row. Memory stays bounded: reading pauses while the window is
 * full, or while finished rows wait behind a slow one.
 */
export async function runRows<Verdict, Out>(loop: RowsLoop<Verdict, Out>): Promise<void> {
  const outcomes = mapInOrder(loop.verdicts, (verdict) => loop.step(verdict), {
    concurrency: loop.concurrency,
    maxBuffered: Math.max(256, loop.concurrency * REORDER_ROWS_PER_SLOT),
    stopReading: () => loop.signal.aborted,
  });
  for await (const outcome of outcomes) {
    await loop.take(outcome);
    const { outcome: counted, failure } = loop.judge(outcome);
    const reason = loop.streak.record(counted, failure);
    if (reason !== undefined) loop.abort(reason);
  }
}
