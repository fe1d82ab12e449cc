import type { ResultRow, RowAction, RowStatus } from '../io/result-row.js';

/** Running figures of one run: rows by status and action, requests. Cheap to update per row. */
export class Tally {
  readonly startedAt = performance.now();
  rows = 0;
  readonly byStatus: Record<RowStatus, number> = { ok: 0, invalid: 0, duplicate: 0, failed: 0, skipped: 0 };
  readonly byAction: Record<RowAction, number> = { created: 0, updated: 0, exists: 0, none: 0 };
  requests = 0;
  retries = 0;
  rateLimited = 0;

  add(row: ResultRow): void {
    this.rows += 1;
    this.byStatus[row.status] += 1;
    this.byAction[row.action] += 1;
  }

  elapsedSeconds(): number {
    return (performance.now() - this.startedAt) / 1000;
  }

  allOk(): boolean {
    return this.byStatus.ok === this.rows;
  }
}
