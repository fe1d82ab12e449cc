import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { chooseProgressMode, fitToWidth, MIN_SPINNER_COLUMNS, printable, startProgress } from '../../src/run/progress.js';

/** The spinner only where it can be drawn: a TTY with a real width and a TERM that moves the cursor; plain lines elsewhere. */

/** A stand-in for a terminal's stderr: keeps what is written; a runaway redraw throws instead of filling memory. */
class FakeTerminal extends Writable {
  readonly isTTY: boolean;
  columns: number | undefined;
  readonly rows = 24;
  /** Every write, as written: ora writes a frame and its text in one. */
  readonly chunks: string[] = [];
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

  /** As a terminal's stderr does on SIGWINCH: the new width, then 'resize'. */
  resize(columns: number | undefined): void {
    this.columns = columns;
    this.emit('resize');
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

/** What a write shows on screen: escape sequences (colour, cursor moves) take no column. */
// eslint-disable-next-line no-control-regex -- escape sequences are what it takes out
const visible = (chunk: string) => chunk.replace(/\x1b\[[?0-9;:]*[A-Za-z]/g, '');
/** Columns of what the tests write: CJK takes two, everything else here one. */
const columnsOf = (text: string) => [...text].reduce((sum, char) => sum + (/\p{Script=Han}|\p{Script=Katakana}|\p{Script=Hiragana}/u.test(char) ? 2 : 1), 0);
/** The frames the spinner drew: the writes with something to see. */
const frames = (chunks: readonly string[]) => chunks.map(visible).filter((text) => text.trim() !== '');

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
      expect(visible(text)).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] rows: 1/);
      expect(text).toContain('\x1b[2K');
      expect(text).not.toMatch(PLAIN_LINE);
    } finally {
      if (saved === undefined) delete process.env['TERM'];
      else process.env['TERM'] = saved;
    }
  });
});

/** Import's line with a session (~115 columns): it wrapped on an 80-column terminal. */
const IMPORT_LINE = 'importing contacts.csv: 12,345 rows done · 12,000 ok · 300 failed · 250 rows/s · 260 req/s · in flight 8/8 · 42% ETA 3:12';

describe('fitToWidth and printable: a line in so many columns, and nothing in it that moves the cursor or colours', () => {
  it.each([
    ['fits: unchanged', 'rows: 12 · 42%', 20, 'rows: 12 · 42%'],
    ['exactly fits: unchanged', 'abcdef', 6, 'abcdef'],
    ['too long: cut, ending in …', 'abcdefgh', 6, 'abcde…'],
    ['wide characters count two columns', '顧客リスト.csv', 7, '顧客リ…'],
    ['a wide character that would straddle the edge is left out', '顧客リスト.csv', 6, '顧客…'],
    ['combining marks take no column', 'Zoe\u0308 Mu\u0308ller', 8, 'Zoe\u0308 Mu\u0308l…'],
    ['no room at all', 'abc', 0, ''],
  ])('%s', (_name, text, columns, expected) => {
    expect(fitToWidth(text, columns)).toBe(expected);
  });

  it('shows control characters (an escape, a line break in a file name) as ?', () => {
    expect(printable('importing \x1b[31mred\nfile.csv: 3 rows')).toBe('importing ?[31mred?file.csv: 3 rows');
  });
});

describe('the spinner line fits the terminal: never wraps, plain lines keep everything', () => {
  it.each([
    ['an 80-column terminal', 80, IMPORT_LINE],
    ['the narrowest that gets the spinner', MIN_SPINNER_COLUMNS, IMPORT_LINE],
    ['a file name in wide characters', 80, IMPORT_LINE.replace('contacts.csv', '顧客リスト_二〇二四年十二月分.csv')],
  ])('%s', async (_name, columns, line) => {
    const terminal = new FakeTerminal(true, columns);
    const progress = await startProgress({ stream: terminal, quiet: false, env: XTERM, describe: () => line });
    await sleep(300);
    progress.stop();
    const drawn = frames(terminal.chunks);
    expect(drawn.length).toBeGreaterThan(1);
    for (const frame of drawn) {
      expect(columnsOf(frame)).toBeLessThan(columns);
      expect(frame).toMatch(/^. importing .*…$/u);
    }

    const log = new FakeTerminal(false, columns);
    const plain = await startProgress({ stream: log, quiet: false, env: XTERM, describe: () => line, plainIntervalMs: 10 });
    await sleep(50);
    plain.stop();
    expect(log.text()).toContain(`Z ${line}\n`);
  });

  it('reads the width on every tick: narrower, then odd widths (0, NaN, none) that keep the last good one, then wider', async () => {
    const terminal = new FakeTerminal(true, 100);
    const progress = await startProgress({ stream: terminal, quiet: false, env: XTERM, describe: () => IMPORT_LINE });
    const widest = async (columns: number | undefined): Promise<number> => {
      terminal.resize(columns);
      const from = terminal.chunks.length;
      await sleep(250);
      return Math.max(...frames(terminal.chunks.slice(from)).map(columnsOf));
    };
    try {
      // One column stays free: a character in the last one wraps on some terminals.
      expect(await widest(100)).toBe(99);
      expect(await widest(50)).toBe(49);
      // A width that is not a count: ora would divide by it to erase (at 0, for ever); the last good width holds.
      expect(await widest(0)).toBe(49);
      expect(await widest(Number.NaN)).toBe(49);
      expect(await widest(undefined)).toBe(49);
      expect(await widest(70)).toBe(69);
    } finally {
      progress.stop();
    }
  });
});

describe('colour follows NO_COLOR (https://no-color.org) in the env given, not the process env', () => {
  // eslint-disable-next-line no-control-regex -- an SGR sequence is what it finds
  const SGR = /\x1b\[[0-9;:]*m/;
  const draw = async (env: Record<string, string>): Promise<string> => {
    const terminal = new FakeTerminal(true, 80);
    const progress = await startProgress({ stream: terminal, quiet: false, env: { ...XTERM, ...env }, describe: () => IMPORT_LINE });
    await sleep(250);
    progress.stop();
    return terminal.text();
  };

  it('set and not empty, whatever its value: no SGR sequence at all, cursor moves kept; unset or empty: a coloured spinner', async () => {
    for (const value of ['1', '0', 'false', 'yes']) {
      const text = await draw({ NO_COLOR: value });
      expect(text, `NO_COLOR=${value}`).not.toMatch(SGR);
      expect(text).toContain('\x1b[2K');
      expect(visible(text)).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] importing/);
    }
    const saved = process.env['NO_COLOR'];
    process.env['NO_COLOR'] = '1';
    try {
      for (const env of [{}, { NO_COLOR: '' }]) expect(await draw(env), JSON.stringify(env)).toMatch(SGR);
    } finally {
      if (saved === undefined) delete process.env['NO_COLOR'];
      else process.env['NO_COLOR'] = saved;
    }
  });
});
