import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { chooseProgressMode, MIN_SPINNER_COLUMNS, startProgress } from '../../src/run/progress.js';

/** The spinner only where it can be drawn: a TTY with a real width and a TERM that moves the cursor; plain lines elsewhere. */

/** A stand-in for a terminal's stderr: keeps what is written; a runaway redraw throws instead of filling memory. */
class FakeTerminal extends Writable {
  readonly isTTY: boolean;
  readonly columns: number | undefined;
  readonly rows = 24;
  private readonly chunks: string[] = [];
  private cursorMoves = 0;

  constructor(isTTY: boolean, columns: number | undefined) {
    super({
      write: (chunk: Buffer, _encoding, done) => {
        this.chunks.push(chunk.toString('utf8'));
        done();
      },
    });
    this.isTTY = isTTY;
    this.columns = columns;
  }

  text(): string {
    return this.chunks.join('');
  }

  cursorTo(x: number, callback?: () => void): boolean {
    return this.write(`\x1b[${x + 1}G`, callback);
  }

  moveCursor(dx: number, dy: number, callback?: () => void): boolean {
    if (++this.cursorMoves > 10_000) throw new Error('runaway redraw: over 10,000 cursor moves');
    return this.write(`\x1b[${Math.abs(dy)}${dy < 0 ? 'A' : 'B'}`, callback);
  }

  clearLine(_dir: number, callback?: () => void): boolean {
    if (++this.cursorMoves > 10_000) throw new Error('runaway redraw: over 10,000 line clears');
    return this.write('\x1b[2K', callback);
  }
}

const XTERM = { TERM: 'xterm-256color' };

describe('chooseProgressMode', () => {
  it.each([
    ['a real terminal', true, 80, XTERM, 'spinner'],
    ['the narrowest width that gets the spinner', true, MIN_SPINNER_COLUMNS, XTERM, 'spinner'],
    ['a TTY reporting 0 columns (script, docker run -t)', true, 0, XTERM, 'plain'],
    ['a TTY reporting no width', true, undefined, XTERM, 'plain'],
    ['a TTY narrower than a progress line can use', true, MIN_SPINNER_COLUMNS - 1, XTERM, 'plain'],
    ['a TTY reporting a width that is not a number', true, Number.NaN, XTERM, 'plain'],
    ['TERM=dumb', true, 80, { TERM: 'dumb' }, 'plain'],
    ['TERM unset', true, 80, {}, 'plain'],
    ['TERM empty', true, 80, { TERM: '' }, 'plain'],
    ['a CI runner with a TTY', true, 80, { ...XTERM, CI: 'true' }, 'plain'],
    ['not a TTY (a pipe, a log file)', false, 80, XTERM, 'plain'],
  ])('%s: %s', (_name, isTTY, columns, env, mode) => {
    expect(chooseProgressMode({ isTTY, columns }, env, false)).toBe(mode);
  });

  it('--quiet wins, even on a perfect terminal', () => {
    expect(chooseProgressMode({ isTTY: true, columns: 120 }, XTERM, true)).toBe('quiet');
  });
});

const PLAIN_LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z rows: \d+$/m;

describe('startProgress on a terminal that cannot draw a spinner writes plain timestamped lines', () => {
  it.each([
    ['0 columns', 0, XTERM],
    ['no width', undefined, XTERM],
    ['TERM=dumb', 80, { TERM: 'dumb' }],
    ['TERM unset', 80, {}],
  ])('%s', async (_name, columns, env) => {
    const terminal = new FakeTerminal(true, columns);
    let rows = 0;
    const progress = await startProgress({ stream: terminal, quiet: false, env, describe: () => `rows: ${++rows}`, plainIntervalMs: 10 });
    progress.note('a notice');
    await sleep(100);
    progress.stop();
    const text = terminal.text();
    expect(text).toMatch(PLAIN_LINE);
    expect(text).toContain('a notice\n');
    // No spinner frames and no cursor codes: only whole lines.
    expect(text).not.toContain('\x1b');
    expect(text.split('\n').length).toBeGreaterThan(3);
  });
});

describe('startProgress on a real terminal draws the spinner', () => {
  it('80 columns and TERM=xterm in the env it is given, whatever the process env says', async () => {
    const saved = process.env['TERM'];
    process.env['TERM'] = 'dumb';
    try {
      const terminal = new FakeTerminal(true, 80);
      const progress = await startProgress({ stream: terminal, quiet: false, env: XTERM, describe: () => 'rows: 1', plainIntervalMs: 10 });
      await sleep(250);
      progress.stop();
      const text = terminal.text();
      expect(text).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] rows: 1/);
      expect(text).toContain('\x1b[2K');
      expect(text).not.toMatch(PLAIN_LINE);
    } finally {
      if (saved === undefined) delete process.env['TERM'];
      else process.env['TERM'] = saved;
    }
  });
});
