import type { Ora } from 'ora';
import { clearLine, cursorTo, moveCursor } from 'node:readline';
import type { Writable } from 'node:stream';

/** How often a plain progress line is written when stderr is not a terminal (cron logs). */
const PLAIN_INTERVAL_MS = 5_000;
/** How often the spinner's text is refreshed on a terminal. */
const TTY_INTERVAL_MS = 200;
/**
 * The narrowest terminal that gets the spinner. Pseudo-terminals that never set a size (script, docker run -t,
 * some CI runners) report 0 or a few columns, and a spinner redraw erases its line count (text / columns) every
 * frame: at 0 that count is infinite. 40 is a narrow split pane; below it a line cut to fit says too little, and
 * plain lines read better anyway.
 */
export const MIN_SPINNER_COLUMNS = 40;

export type ProgressMode = 'spinner' | 'plain' | 'quiet';

export type ProgressStream = Writable & { isTTY?: boolean; columns?: number | undefined; rows?: number | undefined };

export interface ProgressOptions {
  stream: ProgressStream;
  quiet: boolean;
  /** Where TERM, CI and NO_COLOR are read (default: process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Called on every tick; returns the current line (no newline). Polling keeps per-row cost at zero. */
  describe: () => string;
  /** Overrides the plain-line interval (tests). */
  plainIntervalMs?: number;
}

export interface Progress {
  /** Print a line above the spinner (warnings, notices). */
  note(line: string): void;
  stop(): void;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The spinner only on a terminal that can draw it: a TTY with a real width and a TERM that moves the cursor
 * (not unset, not "dumb"), outside CI (whose logs keep every frame). Plain timestamped lines otherwise.
 */
export function chooseProgressMode(stream: { isTTY?: boolean; columns?: number | undefined }, env: Env, quiet: boolean): ProgressMode {
  if (quiet) return 'quiet';
  const columns = usableColumns(stream.columns);
  const wide = columns !== undefined && columns >= MIN_SPINNER_COLUMNS;
  const term = env['TERM'];
  const capable = term !== undefined && term !== '' && term !== 'dumb';
  return stream.isTTY === true && wide && capable && env['CI'] === undefined ? 'spinner' : 'plain';
}

/** https://no-color.org: NO_COLOR present and not empty, whatever its value, means no colour. */
export function colourAllowed(env: Env): boolean {
  const noColor = env['NO_COLOR'];
  return noColor === undefined || noColor === '';
}

/**
 * A spinner on a terminal that can draw one, a plain line every few seconds otherwise, nothing with --quiet. The
 * spinner's library is loaded only for a terminal: a cron run or a pipe does not pay its ~0.1 s of start-up.
 */
export async function startProgress(options: ProgressOptions): Promise<Progress> {
  const { stream, quiet, describe } = options;
  const env = options.env ?? process.env;
  const mode = chooseProgressMode(stream, env, quiet);
  if (mode === 'quiet') {
    return { note: () => undefined, stop: () => undefined };
  }
  if (mode === 'spinner') return startSpinner(stream, colourAllowed(env), describe);
  // Not cut: a log keeps the whole line.
  const timer = setInterval(() => stream.write(`${new Date().toISOString()} ${printable(describe())}\n`), options.plainIntervalMs ?? PLAIN_INTERVAL_MS);
  timer.unref();
  return {
    note: (line) => stream.write(`${line}\n`),
    stop: () => clearInterval(timer),
  };
}

/** Select Graphic Rendition: the escape sequences that colour and style text, and only those (not cursor moves). */
// eslint-disable-next-line no-control-regex -- the escape character is what it matches
const SGR = /\x1b\[[0-9;:]*m/g;
const cyan = (text: string) => `\x1b[36m${text}\x1b[39m`;

async function startSpinner(stream: ProgressStream, colour: boolean, describe: () => string): Promise<Progress> {
  const { default: ora } = await import('ora');
  // Read on every use: a window resized narrower must not wrap. A width that is not a count keeps the last good one.
  let columns = usableColumns(stream.columns) ?? MIN_SPINNER_COLUMNS;
  const width = () => (columns = usableColumns(stream.columns) ?? columns);
  // isEnabled: the decision is ours, made above; ora's own test reads process.env, not the env we were given.
  // color: ora's colour comes from chalk, which judges process.stdout and process.env; ours is painted in below.
  const spinner: Ora = ora({ stream: terminalView(stream, width, colour), discardStdin: false, hideCursor: true, isEnabled: true, color: false });
  const { frames, interval } = spinner.spinner; // ora's pick: dots where Unicode shows, - \ | / where it may not
  if (colour) spinner.spinner = { ...(interval === undefined ? {} : { interval }), frames: frames.map(cyan) };
  // ora draws "<frame> <text>"; one column stays free, as a character in the last one wraps on some terminals.
  const prefix = Math.max(...frames.map(textWidth)) + 1;
  const room = () => width() - prefix - 1;
  let line = printable(describe());
  const fit = () => {
    spinner.text = fitToWidth(line, room());
  };
  fit();
  spinner.start();
  const timer = setInterval(() => {
    line = printable(describe());
    fit();
  }, TTY_INTERVAL_MS);
  timer.unref();
  // A terminal says when it is resized: cut the line at once rather than at the next tick.
  stream.on('resize', fit);
  return {
    note(text) {
      spinner.clear();
      stream.write(`${text}\n`);
      spinner.render();
    },
    stop() {
      clearInterval(timer);
      stream.off('resize', fit);
      spinner.stop();
    },
  };
}

/**
 * The terminal as ora sees it: the same stream, with a width that is always a usable count (ora divides by it to
 * count the rows to erase, and at 0 erases for ever) and, without colour, every SGR sequence taken out of what ora
 * writes, so none of its own colours (frames, symbols) gets through whatever chalk decides. Cursor moves stay.
 */
function terminalView(stream: ProgressStream, columns: () => number, colour: boolean): NodeJS.WriteStream {
  const tty = stream as ProgressStream & Partial<Pick<NodeJS.WriteStream, 'cursorTo' | 'moveCursor' | 'clearLine'>>;
  const view = {
    isTTY: true,
    get columns() {
      return columns();
    },
    get rows() {
      return stream.rows;
    },
    write(chunk: string | Uint8Array, encoding?: BufferEncoding | (() => void), callback?: () => void): boolean {
      const text = colour || typeof chunk !== 'string' ? chunk : chunk.replace(SGR, '');
      if (typeof encoding === 'function') return stream.write(text, encoding);
      return encoding === undefined ? stream.write(text, callback) : stream.write(text, encoding, callback);
    },
    cursorTo: (x: number, y?: number) => (tty.cursorTo && y === undefined ? tty.cursorTo(x) : cursorTo(stream, x, y)),
    moveCursor: (dx: number, dy: number) => (tty.moveCursor ? tty.moveCursor(dx, dy) : moveCursor(stream, dx, dy)),
    clearLine: (dir: -1 | 0 | 1) => (tty.clearLine ? tty.clearLine(dir) : clearLine(stream, dir)),
    once(event: string, listener: (...args: unknown[]) => void) {
      stream.once(event, listener);
      return view;
    },
    removeListener(event: string, listener: (...args: unknown[]) => void) {
      stream.removeListener(event, listener);
      return view;
    },
  };
  return view as unknown as NodeJS.WriteStream;
}

/** A terminal width that can be divided by: a whole count of at least one column. */
function usableColumns(value: number | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 ? Math.floor(value) : undefined;
}

/** Control characters (a line break or an escape in a file name) would break the line or colour it: shown as '?'. */
export function printable(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029]/gu, '?');
}

/** Columns a character takes. Unsure means wide: a line counted too wide is cut a little early, never wrapped. */
function charWidth(char: string): number {
  const code = char.codePointAt(0)!;
  if (code < 0x300) return 1;
  if (/\p{Mn}|\p{Me}/u.test(char)) return 0;
  if (code < 0x1100) return 1;
  // Latin and Greek extended, punctuation, currency (…, €), box drawing, braille (the spinner's dots).
  const narrow = (code >= 0x1e00 && code <= 0x20cf) || (code >= 0x2500 && code <= 0x257f) || (code >= 0x2800 && code <= 0x28ff);
  return narrow ? 1 : 2;
}

export function textWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

/** `text` as it fits in `max` columns: whole, or cut and ending in '…'. */
export function fitToWidth(text: string, max: number): string {
  if (textWidth(text) <= max) return text;
  if (max < 1) return '';
  let kept = '';
  let used = 0;
  for (const char of text) {
    const width = charWidth(char);
    if (used + width > max - 1) break;
    kept += char;
    used += width;
  }
  return `${kept}…`;
}
