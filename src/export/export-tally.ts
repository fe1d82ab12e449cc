import type { ExportRow, ExportStatus } from './export-row.js';
import { Tally } from '../run/tally.js';

/**
 * The run's figures in export's own words. finishRun's summary and --summary-json list whatever keys byStatus
 * holds, so byStatus carries found / not_found / invalid / failed instead of import's statuses.
 * `rows` counts rows written; `records` counts input records read.
 */
export class ExportTally extends Tally {
  readonly exportStatus: Record<ExportStatus, number> = { found: 0, not_found: 0, invalid: 0, failed: 0 };
  override readonly byStatus = this.exportStatus as unknown as Tally['byStatus'];
  records = 0;
  /** Distinct valid phone numbers met so far, each looked up once. */
  phones = 0;

  count(row: ExportRow): void {
    this.rows += 1;
    this.exportStatus[row.status] += 1;
  }

  /** Every row found or not_found: exit 0. */
  override allOk(): boolean {
    return this.exportStatus.invalid + this.exportStatus.failed === 0;
  }
}
