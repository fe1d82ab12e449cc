import { RunTally } from '../run/tally.js';
import type { ComparedField, Difference } from './compare-contact.js';
import type { VerifyStatus } from './verify-row.js';

/**
 * The run's figures in verify's words: byStatus holds match / missing / differs / invalid / duplicate / failed /
 * skipped (finishRun's summary and --summary-json list whatever keys it holds); verify has no actions.
 */
export class VerifyTally extends RunTally<VerifyStatus> {
  override readonly byStatus: Record<VerifyStatus, number> = { match: 0, missing: 0, differs: 0, invalid: 0, duplicate: 0, failed: 0, skipped: 0 };
  /** Rows that differ in each field. */
  readonly byField: Record<ComparedField, number> = { crm_id: 0, contact_id: 0, first_name: 0, last_name: 0, opt_in_date: 0 };
  /** Sync state: contacts marked drifted (sent again by their known id) and crm_ids forgotten (created again). */
  drifted = 0;
  forgotten = 0;

  add(status: VerifyStatus, errorCode: string, differences: readonly Difference[] = []): void {
    this.countRow(status, errorCode);
    for (const { field } of differences) this.byField[field] += 1;
  }

  protected override isFailure(status: VerifyStatus): boolean {
    return status === 'failed' || status === 'skipped';
  }

  /** Every row matches: exit 0. */
  override allOk(): boolean {
    return this.byStatus.match === this.rows;
  }
}
