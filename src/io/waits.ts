/**
 * Waits on a library that never gives up by itself (exceljs reading an archive whose input stopped), ended from
 * outside: by close() (the source closed, an interrupt) or by fail() (the input could not be read).
 */

/** A wait ended by close(). */
export const CLOSED = Symbol('closed');

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/**
 * One wait at a time (a source reads in order), and nothing left attached to a long-lived promise per wait (as
 * Promise.race against one would), so memory stays flat over a million rows.
 */
export class Waits {
  #closed = false;
  #failure: Error | undefined;
  #pending: { close(): void; fail(error: Error): void } | undefined;

  run<T>(work: Promise<T>): Promise<T | typeof CLOSED> {
    if (this.#closed || this.#failure !== undefined) {
      work.catch(() => undefined);
      return this.#failure === undefined ? Promise.resolve(CLOSED) : Promise.reject(this.#failure);
    }
    return new Promise<T | typeof CLOSED>((resolve, reject) => {
      const pending = { close: () => resolve(CLOSED), fail: reject };
      this.#pending = pending;
      const done = () => {
        if (this.#pending === pending) this.#pending = undefined;
      };
      work.then(
        (value) => {
          done();
          resolve(value);
        },
        (error: unknown) => {
          done();
          reject(asError(error));
        },
      );
    });
  }

  close(): void {
    this.#closed = true;
    this.#pending?.close();
  }

  fail(error: unknown): void {
    this.#failure ??= asError(error);
    this.#pending?.fail(this.#failure);
  }
}
