import type { Ora } from 'ora';
import type { Writable } from 'node:stream';

/** How often a plain progress line is written when stderr is not a terminal (cron logs). */
const PLAIN_INTERVAL_MS = 5_000;
/** How often the spinner's text is refreshed on a terminal. */
const TTY_INTERVAL_MS = 200;
/**
 * The narrowest terminal that gets the spinner. Pseudo-terminals that never set a size (script, docker run -t,
 * some CI runners) report 0 or a few columns, and a spinner redraw erases its line count (text / columns) every
 * frame: at 0 that count is infinite. 40 is a narrow split pane; below it the ~110-character line would wrap onto
 * 3 or more rows a frame, and plain lines read better anyway.
 */
export const MIN_SPINNER_COLUMNS = 40;

export type ProgressMode = 'spinner' | 'plain' | 'quiet';

export interface ProgressOptions {
  stream: Writable & { isTTY?: boolean; columns?: number | undefined };
  quiet: boolean;
  /** Where TERM and CI are read (default: process.env). */
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

/**
 * The spinner only on a terminal that can draw it: a TTY with a real width and a TERM that moves the cursor
 * (not unset, not "dumb"), outside CI (whose logs keep every frame). Plain timestamped lines otherwise.
 */
export function chooseProgressMode(
  stream: { isTTY?: boolean; columns?: number | undefined },
  env: Readonly<Record<string, string | undefined>>,
  quiet: boolean,
): ProgressMode {
  if (quiet) return 'quiet';
  const { columns } = stream;
  const wide = typeof columns === 'number' && Number.isFinite(columns) && columns >= MIN_SPINNER_COLUMNS;
  const term = env['TERM'];
  const capable = term !== undefined && term !== '' && term !== 'dumb';
  return stream.isTTY === true && wide && capable && env['CI'] === undefined ? 'spinner' : 'plain';
}

/**
 * A spinner on a terminal that can draw one, a plain line every few seconds otherwise, nothing with --quiet. The
 * spinner's library is loaded only for a terminal: a cron run or a pipe does not pay its ~0.1 s of start-up.
 */
export async function startProgress(options: ProgressOptions): Promise<Progress> {
  const { stream, quiet, describe } = options;
  const mode = chooseProgressMode(stream, options.env ?? process.env, quiet);
  if (mode === 'quiet') {
    return { note: () => undefined, stop: () => undefined };
  }
  if (mode === 'spinner') {
    const { default: ora } = await import('ora');
    // isEnabled: the decision is ours, made above; ora's own test reads process.env, not the env we were given.
    const spinner: Ora = ora({ stream: stream as NodeJS.WriteStream, text: describe(), discardStdin: false, hideCursor: true, isEnabled: true }).start();
    const timer = setInterval(() => {
      spinner.text = describe();
    }, TTY_INTERVAL_MS);
    timer.unref();
    return {
      note(line) {
        spinner.clear();
        stream.write(`${line}\n`);
        spinner.render();
      },
      stop() {
        clearInterval(timer);
        spinner.stop();
      },
    };
  }
  const timer = setInterval(() => stream.write(`${new Date().toISOString()} ${describe()}\n`), options.plainIntervalMs ?? PLAIN_INTERVAL_MS);
  timer.unref();
  return {
    note: (line) => stream.write(`${line}\n`),
    stop: () => clearInterval(timer),
  };
}

/** Rows a second over the last interval, smoothed; and an ETA from bytes read when the size is known. */
export class RateMeter {
  private lastCount = 0;
  private lastTime = performance.now();
  private rate = 0;

  sample(count: number): number {
    const now = performance.now();
    const seconds = (now - this.lastTime) / 1000;
    if (seconds >= 0.5) {
      const current = (count - this.lastCount) / seconds;
      this.rate = this.rate === 0 ? current : this.rate * 0.6 + current * 0.4;
      this.lastCount = count;
      this.lastTime = now;
    }
    return this.rate;
  }
}

export function formatEta(fraction: number, elapsedSeconds: number): string {
  if (fraction <= 0.001 || fraction >= 1) return '';
  const remaining = Math.round((elapsedSeconds / fraction) * (1 - fraction));
  const minutes = Math.floor(remaining / 60);
  const seconds = String(remaining % 60).padStart(2, '0');
  return `ETA ${minutes}:${seconds}`;
}
