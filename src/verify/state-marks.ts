import type { SyncState } from '../state/sync-state.js';
import type { Verified } from './verify-lookup.js';

/** How often the marks are committed while the run goes on: a kill -9 loses at most this much of them. */
const COMMIT_EVERY_MS = 50;

/**
 * What verify tells the sync state, so the next import does not take a row as unchanged when SalesChat no longer
 * holds it: a contact that differs is marked drifted (its fields are sent again, by its known id); one that is
 * missing, or whose id is not the one the state recorded, is forgotten (the next import finds or creates it).
 * Only for crm_ids the state knows: an unknown one is sent by the next import anyway.
 */
export class StateMarks {
  drifted = 0;
  forgotten = 0;
  #committedAt = performance.now();

  constructor(private readonly state: SyncState) {}

  /** A finished row of a crm_id the state knows. */
  record(crmId: string, { row, differences = [] }: Verified): void {
    const staleId = differences.some((difference) => difference.field === 'contact_id' && difference.from === 'sync state');
    if (row.status === 'missing' || (row.status === 'differs' && staleId)) {
      this.state.forget(crmId);
      this.forgotten += 1;
    } else if (row.status === 'differs') {
      this.state.drift(crmId);
      this.drifted += 1;
    }
  }

  /** Commits what is pending if the last commit is COMMIT_EVERY_MS old (a no-op with nothing pending). */
  tick(): void {
    const now = performance.now();
    if (now - this.#committedAt < COMMIT_EVERY_MS) return;
    this.#committedAt = now;
    this.state.commit();
  }
}
