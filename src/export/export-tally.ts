import type { ExportRow, ExportStatus } from './export-row.js';
import { RunTally } from '../run/tally.js';

/**
 * The run's figures in export's own words: byStatus holds found / not_found / invalid / failed, and finishRun's
 * summary and --summary-json list whatever keys it holds. Export has no actions: byAction stays at zero.
 * `rows` counts rows written; `records` counts input records read.
 */
export class ExportTally extends RunTally<ExportStatus> {
  override readonly byStatus: Record<ExportStatus, number> = { found: 0, not_found: 0, invalid: 0, failed: 0 };
  records = 0;
  /** Distinct valid phone numbers met so far, each looked up once. */
  phones = 0;

  count(row: ExportRow): void {
    this.countRow(row.status, row.error_code);
  }

  protected override isFailure(status: ExportStatus): boolean {
    return status === 'failed';
  }

  /** Every row found or not_found: exit 0. */
  override allOk(): boolean {
    return this.byStatus.invalid + this.byStatus.failed === 0;
  }
}
