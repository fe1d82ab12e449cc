import ora, { type Ora } from 'ora';
import type { Writable } from 'node:stream';

/** How often a plain progress line is written when stderr is not a terminal (cron logs). */
const PLAIN_INTERVAL_MS = 5_000;
/** How often the spinner's text is refreshed on a terminal. */
const TTY_INTERVAL_MS = 200;

export interface ProgressOptions {
  stream: Writable & { isTTY?: boolean };
  quiet: boolean;
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

/** A spinner on a TTY, a plain line every few seconds otherwise, nothing with --quiet. */
export function startProgress(options: ProgressOptions): Progress {
  const { stream, quiet, describe } = options;
  if (quiet) {
    return { note: () => undefined, stop: () => undefined };
  }
  if (stream.isTTY) {
    const spinner: Ora = ora({ stream: stream as NodeJS.WriteStream, text: describe(), discardStdin: false, hideCursor: true }).start();
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
