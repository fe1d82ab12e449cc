/**
 * What a run has opened (the input, the lock, the outputs, the API session, worker threads), closed in reverse
 * order of opening whatever fails: a failure to open the fourth thing closes the three before it, and a failed
 * flush does not leave the sandbox, the workers or the lock behind.
 */
export class Closer {
  private readonly closes: (() => unknown)[] = [];

  /** Registers `resource` to be closed by `close`; returns it, so opening reads `const x = closer.add(open(), ...)`. */
  add<T>(resource: T, close: (resource: T) => unknown): T {
    this.closes.push(() => close(resource));
    return resource;
  }

  /**
   * Closes everything, last opened first, each whatever the others do (a close that throws synchronously counts
   * as one that rejected). Returns the first failure, if any, for the caller to report.
   */
  async closeAll(): Promise<{ failure: unknown } | undefined> {
    let first: { failure: unknown } | undefined;
    while (this.closes.length > 0) {
      const close = this.closes.pop()!;
      try {
        await close();
      } catch (failure) {
        first ??= { failure };
      }
    }
    return first;
  }

  /**
   * Runs the body of a run, then closes everything whatever happened: the body's failure is thrown if it failed
   * (it is the cause), else the first failure to close (a results file that could not be flushed).
   */
  async run<T>(body: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await body();
    } catch (error) {
      await this.closeAll();
      throw error;
    }
    const closing = await this.closeAll();
    if (closing !== undefined) throw closing.failure;
    return result;
  }

  /** Runs `open` with this closer; if it fails, closes what it had opened and rethrows the failure. */
  async opening<T>(open: (closer: this) => Promise<T>): Promise<T> {
    try {
      return await open(this);
    } catch (error) {
      await this.closeAll();
      throw error;
    }
  }
}
