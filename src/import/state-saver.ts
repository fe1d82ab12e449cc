import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Settlement, SyncState } from '../state/sync-state.js';
import type { ImportedRow } from './import-steps.js';
import type { ChangedSteps } from './sync-plan.js';

/** How often what the API confirmed is committed: a kill -9 loses at most this much, and those rows are sent again. */
const COMMIT_EVERY_MS = 50;

/**
 * Records each row's confirmations in the sync state as the row finishes, beside its journal line, and commits
 * them at least every COMMIT_EVERY_MS while the run goes on (tick, as each row is written): one commit a row would
 * cost a WAL write each, and a batch left open through a long wait (a 429 hold) would be lost to a kill -9.
 */
export class StateSaver {
  private committedAt = performance.now();
  /** The commit that rows waiting to send share (see beforeSending), until it is done. */
  private sendingCommit: Promise<void> | undefined;

  constructor(private readonly state: SyncState) {}

  /** A finished row: what SalesChat confirmed, and (when it ended ok) its settlement, which holds only if it still matches. */
  save(crmId: string, imported: Pick<ImportedRow, 'confirmation' | 'staleId'>, settlement?: Settlement): void {
    if (imported.staleId) this.state.forget(crmId);
    if (imported.confirmation) this.state.confirm(crmId, imported.confirmation);
    if (settlement) this.state.settle(crmId, settlement);
    this.tick();
  }

  /** A row found unchanged by its check whose key the state did not have (a first night, or its cells were reworded). */
  settle(crmId: string, settlement: Settlement): void {
    this.state.settle(crmId, settlement);
  }

  /**
   * A row an earlier run confirmed whole (--resume found it `ok` with this content): every step it asks for is what
   * SalesChat holds. The state may never have got it (a kill -9 between its journal line and the next commit).
   */
  confirmSettled(crmId: string, settlement: Settlement): void {
    const { contactId, phone, contact, disposition, assign } = settlement;
    this.state.confirm(crmId, { contactId, phone, contact, ...(disposition === undefined ? {} : { disposition }), ...(assign === undefined ? {} : { assign }) });
    this.state.settle(crmId, settlement);
    this.tick();
  }

  /**
   * Before a request that changes some steps of a crm_id the state knows: they are no longer taken as confirmed, and
   * the request waits until that is committed (a kill -9 between its sending and its confirmation must not leave the
   * earlier fingerprints, see SyncState.unsure). Rows that get here in the same turn of the event loop share one
   * commit: one a row would cost a WAL write each.
   */
  beforeSending(crmId: string, steps: ChangedSteps): Promise<void> {
    this.state.unsure(crmId, steps);
    this.sendingCommit ??= nextTurn().then(() => {
      this.sendingCommit = undefined;
      this.state.commit();
      this.committedAt = performance.now();
    });
    return this.sendingCommit;
  }

  /** Commits what is pending if the last commit is COMMIT_EVERY_MS old (a no-op with nothing pending). */
  tick(): void {
    const now = performance.now();
    if (now - this.committedAt < COMMIT_EVERY_MS) return;
    this.committedAt = now;
    this.state.commit();
  }
}
