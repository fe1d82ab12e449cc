import { writeStateFile, writeStateFileSync, type StateSnapshot } from './state-file.js';

/** At most one save in this many milliseconds while contacts change. */
export const SAVE_DELAY_MS = 200;

/**
 * Saves the state after changes (debounced), on close, and on process exit; never two writes at once.
 * Save errors go to `onError` and the state stays dirty, so the next save tries again.
 */
export class StateSaver {
  private dirty = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private readonly onExit = (): void => {
    if (this.dirty) writeStateFileSync(this.path, this.snapshot());
  };

  constructor(
    private readonly path: string,
    private readonly snapshot: () => StateSnapshot,
    private readonly onError: (error: unknown) => void,
    private readonly delayMs: number = SAVE_DELAY_MS,
  ) {
    process.on('exit', this.onExit);
  }

  /** Marks the state changed and makes sure a save is coming. */
  changed(): void {
    this.dirty = true;
    if (this.closed || this.timer || this.writing) return;
    // unref: a pending save must not keep the process alive; close() and 'exit' flush it.
    this.timer = setTimeout(() => void this.save(), this.delayMs).unref();
  }

  /** Writes now if anything changed; resolves when the file on disk is current. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.dirty) await this.write(true);
  }

  /** Final flush; afterwards the saver is inert. */
  async close(): Promise<void> {
    this.closed = true;
    try {
      await this.flush();
    } finally {
      process.off('exit', this.onExit);
    }
  }

  private async save(): Promise<void> {
    this.timer = undefined;
    await this.write(false);
    if (this.dirty) this.changed();
  }

  private async write(rethrow: boolean): Promise<void> {
    this.dirty = false;
    const done = writeStateFile(this.path, this.snapshot());
    this.writing = done;
    try {
      await done;
    } catch (error) {
      this.dirty = true;
      if (rethrow) throw error;
      this.onError(error);
    } finally {
      this.writing = undefined;
    }
  }
}
