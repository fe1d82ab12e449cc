import { describe, expect, it } from 'vitest';
import { Closer } from '../../src/run/closer.js';
import { FailureStreak } from '../../src/run/failure-streak.js';
import { endingExitCode, runEnding, type Ending } from '../../src/run/run-ending.js';
import { runRows } from '../../src/run/run-rows.js';
import type { RowVerdict } from '../../src/run/check-rows.js';

describe('Closer', () => {
  it('closes everything, last opened first, whatever fails, and returns the first failure', async () => {
    const closed: string[] = [];
    const closer = new Closer();
    closer.add('lock', (name) => closed.push(name));
    closer.add('results', (name) => {
      closed.push(name);
      throw new Error('disk full');
    });
    closer.add('session', async (name) => {
      await Promise.resolve();
      closed.push(name);
      throw new Error('second failure');
    });
    const result = await closer.closeAll();
    expect(closed).toEqual(['session', 'results', 'lock']);
    expect((result?.failure as Error).message).toBe('second failure');
    expect(await closer.closeAll()).toBeUndefined();
  });

  it('closes what was opened when opening the next thing fails, and rethrows', async () => {
    const closed: string[] = [];
    const closer = new Closer();
    const opening = closer.opening(async (c) => {
      c.add('input', (name) => closed.push(name));
      c.add('lock', (name) => closed.push(name));
      await Promise.resolve();
      throw new Error('cannot open the results file');
    });
    await expect(opening).rejects.toThrow('cannot open the results file');
    expect(closed).toEqual(['lock', 'input']);
  });
  it('run(): the body\'s failure wins over a failure to close; a failure to close is thrown when the body succeeded', async () => {
    const failing = new Closer();
    const closed: string[] = [];
    failing.add('results', () => {
      closed.push('results');
      throw new Error('flush failed');
    });
    await expect(failing.run(() => Promise.reject(new Error('the run failed')))).rejects.toThrow('the run failed');
    expect(closed).toEqual(['results']);
    const flushing = new Closer();
    flushing.add('results', () => {
      throw new Error('flush failed');
    });
    await expect(flushing.run(() => Promise.resolve(7))).rejects.toThrow('flush failed');
    expect(await new Closer().run(() => Promise.resolve(7))).toBe(7);
  });
});

describe('FailureStreak', () => {
  it.each([
    [['failed', 'failed', 'failed'], 3, 2],
    [['failed', 'succeeded', 'failed', 'failed'], 3, -1],
    [['failed', 'neither', 'failed', 'neither', 'failed'], 3, 4],
    [['failed'], 1, 0],
  ] as const)('%j with max %i aborts at index %i (-1: never)', (outcomes, max, at) => {
    const streak = new FailureStreak(max, 'rows');
    const reasons = outcomes.map((outcome) => streak.record(outcome, 'HTTP_503 unavailable'));
    expect(reasons.findIndex((reason) => reason !== undefined)).toBe(at);
    if (at >= 0) expect(reasons[at]).toBe(`${max} rows in a row failed (the last: HTTP_503 unavailable); see --max-errors`);
  });
});

describe('run ending', () => {
  const cut = { line: 10, reason: 'the gzip stream ends early' };
  it.each<[string, Parameters<typeof runEnding>[0], Ending, number]>([
    ['finished', { interrupted: false, abortReason: undefined, truncation: undefined }, 'finished', 1],
    ['input cut short', { interrupted: false, abortReason: undefined, truncation: cut }, 'stopped early', 4],
    ['aborted', { interrupted: false, abortReason: '5 rows in a row failed', truncation: cut }, 'aborted', 3],
    ['interrupted wins', { interrupted: true, abortReason: 'x', truncation: cut }, 'interrupted', 130],
  ])('%s', (_name, facts, ending, exitCode) => {
    expect(runEnding(facts)).toBe(ending);
    expect(endingExitCode(runEnding(facts), 1)).toBe(exitCode);
  });
});

describe('runRows', () => {
  async function* verdicts(count: number): AsyncGenerator<RowVerdict> {
    for (let row = 1; row <= count; row += 1) {
      await Promise.resolve(); // a file's rows come from a stream: one turn of the loop each
      yield { record: { row } } as unknown as RowVerdict;
    }
  }

  it('takes outcomes in input order whatever order they finish in, with at most `concurrency` in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const taken: number[] = [];
    await runRows({
      verdicts: verdicts(20),
      async step(verdict) {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, (21 - verdict.record.row) % 5));
        inFlight -= 1;
        return verdict.record.row;
      },
      take: (row) => void taken.push(row),
      judge: () => ({ outcome: 'succeeded' }),
      streak: new FailureStreak(3, 'rows'),
      abort: () => undefined,
      concurrency: 4,
      signal: new AbortController().signal,
    });
    expect(taken).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(most).toBe(4);
  });

  it('aborts once after --max-errors failures in a row, and stops reading on the signal', async () => {
    const reasons: string[] = [];
    const controller = new AbortController();
    const taken: number[] = [];
    await runRows({
      verdicts: verdicts(1_000),
      step: (verdict) => verdict.record.row,
      take(row) {
        taken.push(row);
        if (row === 50) controller.abort();
      },
      judge: (row) => (row >= 3 && row <= 5 ? { outcome: 'failed', failure: `row ${row}` } : { outcome: 'succeeded' }),
      streak: new FailureStreak(3, 'rows'),
      abort: (reason) => reasons.push(reason),
      concurrency: 1,
      signal: controller.signal,
    });
    expect(reasons).toEqual(['3 rows in a row failed (the last: row 5); see --max-errors']);
    expect(taken.length).toBeLessThan(60);
  });
});
