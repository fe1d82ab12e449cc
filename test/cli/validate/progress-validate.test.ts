import { describe, expect, it, vi } from 'vitest';
import type * as ProgressModule from '../../../src/run/progress.js';
import { csv, runCli, writeTemp } from '../../support/run-cli.js';

/** validate's progress on a stderr that is not a terminal, with the plain interval shortened through startProgress's hook (no extra flag). */

vi.mock('../../../src/run/progress.js', async (importOriginal) => {
  const actual = await importOriginal<typeof ProgressModule>();
  return { ...actual, startProgress: (options: Parameters<typeof actual.startProgress>[0]) => actual.startProgress({ plainIntervalMs: 5, ...options }) };
});

const TIMESTAMPED = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /;

describe('validate progress', () => {
  const rows = Array.from({ length: 6_000 }, (_, i) => [`C-${i}`, `+1415555${String(i % 10_000).padStart(4, '0')}`, i % 50 === 0 ? 'never' : '2024-01-01']);

  it('prints plain lines with the file, rows, rows/s and counts when stderr is not a terminal', async () => {
    const input = await writeTemp('in.csv', csv(['crm_id', 'phone_number', 'opt_in_date'], rows));
    const { stderr, code } = await runCli(['validate', input, '--workers', '0']);
    expect(code).toBe(1);
    // Every timestamped line is a progress line, but the summary's first, which carries the time too (a cron log).
    const [summary, ...lines] = stderr.split('\n').filter((line) => TIMESTAMPED.test(line)).reverse();
    expect(summary).toMatch(new RegExp(`${TIMESTAMPED.source}validate finished: 6,000 rows`));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toMatch(/Z validating .*in\.csv: [\d,]+ rows( · \d+%( ETA \d+:\d\d)?)? · [\d,]+ rows\/s · [\d,]+ invalid · [\d,]+ duplicate$/);
    }
  });

  it('prints none with --quiet, and still the summary, its first line timestamped', async () => {
    const input = await writeTemp('in.csv', csv(['crm_id', 'phone_number', 'opt_in_date'], rows));
    const { stderr } = await runCli(['validate', input, '--workers', '0', '--quiet']);
    expect(stderr.split('\n').filter((line) => TIMESTAMPED.test(line))).toHaveLength(1);
    expect(stderr).toMatch(new RegExp(`${TIMESTAMPED.source}validate finished: 6,000 rows`));
  });
});
