import type { ResultRow, RowAction, RowStatus } from '../io/result-row.js';

/** Rows by error_code, one Map look-up a row. A row that lists several codes ("REQUIRED;PHONE_INVALID") counts once under each. */
export class CodeCounts {
  private readonly counts = new Map<string, number>();

  add(errorCode: string): void {
    if (errorCode === '') return;
    if (!errorCode.includes(';')) {
      this.bump(errorCode);
      return;
    }
    for (const code of new Set(errorCode.split(';'))) if (code !== '') this.bump(code);
  }

  private bump(code: string): void {
    this.counts.set(code, (this.counts.get(code) ?? 0) + 1);
  }

  get size(): number {
    return this.counts.size;
  }

  /** Most frequent first; a tie in code order, so the same run reads the same. */
  sorted(): [code: string, rows: number][] {
    return [...this.counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries(this.sorted());
  }
}

/**
 * Running figures of one run, whatever its command calls a row's status: rows by status, by action and by
 * error_code, requests, time. Cheap to update per row. The summary and --summary-json read only this.
 */
export abstract class RunTally<Status extends string = string> {
  /** Monotonic, for the run's duration: a clock set back during the run does not make it negative. */
  readonly startedAt = performance.now();
  /** The wall clock at the same moment, for --summary-json's started_at. */
  readonly startTime = new Date();
  rows = 0;
  abstract readonly byStatus: Record<Status, number>;
  /** What happened to the contact record; a command without actions (export) leaves it at zero. */
  readonly byAction: Record<RowAction, number> = { created: 0, updated: 0, exists: 0, unchanged: 0, none: 0 };
  /** Every row with an error_code, by code. */
  readonly errorCodes = new CodeCounts();
  /** Rows the run tried and could not finish, by code: what another try may or may not fix. */
  readonly failureCodes = new CodeCounts();
  requests = 0;
  retries = 0;
  rateLimited = 0;
  unavailable = 0;

  /** The API session's request counts, once the run is over. */
  countRequests(stats: { requests: number; retries: number; rateLimited: number; unavailable: number }): void {
    this.requests = stats.requests;
    this.retries = stats.retries;
    this.rateLimited = stats.rateLimited;
    this.unavailable = stats.unavailable;
  }

  /** A row whose status says it was tried and did not finish (not one its own values kept from being sent). */
  protected abstract isFailure(status: Status): boolean;

  /** Every row counts as ok or not by the command's own rule. */
  abstract allOk(): boolean;

  protected countRow(status: Status, errorCode: string): void {
    this.rows += 1;
    this.byStatus[status] += 1;
    if (errorCode === '') return;
    this.errorCodes.add(errorCode);
    if (this.isFailure(status)) this.failureCodes.add(errorCode);
  }

  elapsedSeconds(): number {
    return (performance.now() - this.startedAt) / 1000;
  }
}

/** The figures of a run that writes results rows (validate, import). */
export class Tally extends RunTally<RowStatus> {
  override readonly byStatus: Record<RowStatus, number> = { ok: 0, invalid: 0, duplicate: 0, failed: 0, skipped: 0 };

  add(row: ResultRow): void {
    this.countRow(row.status, row.error_code);
    this.byAction[row.action] += 1;
  }

  protected override isFailure(status: RowStatus): boolean {
    return status === 'failed' || status === 'skipped';
  }

  override allOk(): boolean {
    return this.byStatus.ok === this.rows;
  }
}
