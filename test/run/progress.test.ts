import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startProgress } from '../../src/run/progress.js';
import { capture } from '../support/run-cli.js';

/** Progress on a stderr that is not a terminal (a cron log): a plain, timestamped line every interval; nothing when quiet. */

const TIMESTAMPED = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /;

describe('startProgress on a stream that is not a TTY', () => {
  it('writes a timestamped line from describe() every interval, notes at once, and nothing after stop()', async () => {
    const stream = capture();
    let ticks = 0;
    const progress = await startProgress({ stream, quiet: false, plainIntervalMs: 10, describe: () => `tick ${++ticks}` });
    progress.note('a notice');
    await sleep(80);
    progress.stop();
    const lines = stream.text().split('\n').filter(Boolean);
    expect(lines[0]).toBe('a notice');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    lines.slice(1).forEach((line, i) => expect(line).toMatch(new RegExp(`${TIMESTAMPED.source}tick ${i + 1}$`)));
    const written = stream.text();
    await sleep(40);
    expect(stream.text()).toBe(written);
  });

  it('with quiet writes nothing at all, notes included', async () => {
    const stream = capture();
    const progress = await startProgress({ stream, quiet: true, plainIntervalMs: 5, describe: () => 'tick' });
    progress.note('a notice');
    await sleep(30);
    progress.stop();
    expect(stream.text()).toBe('');
  });

  it('keeps the default interval (seconds, not milliseconds) when none is given', async () => {
    const stream = capture();
    const progress = await startProgress({ stream, quiet: false, describe: () => 'tick' });
    await sleep(50);
    progress.stop();
    expect(stream.text()).toBe('');
  });
});
