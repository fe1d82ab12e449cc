import { ApiError } from '../api/api-error.js';
import type { ApiSession } from '../api/api-session.js';
import type { RowTrace } from '../api/client.js';
import type { Contact } from '../contacts/fields.js';
import type { ResultRow } from '../io/result-row.js';
import { planRow, type PlanFacts, type RowPlan } from './online-plan.js';

/** A dry run's row, looked up: still `skipped` (nothing is sent), with its plan; or `failed` when the look-up failed. */
export interface PlannedRow {
  row: ResultRow;
  plan: RowPlan | undefined;
}

/**
 * import --dry-run --online, one row: the read-only look-up at its phone (through the session's throttle, retries
 * and abort), then planRow. Never throws for an API failure: a failed look-up is a failed row, as in export.
 */
export async function lookUpPlan(contact: Contact, base: ResultRow, session: ApiSession, facts: Omit<PlanFacts, 'contact' | 'found'>): Promise<PlannedRow> {
  const abortedBefore = session.abortReason();
  if (abortedBefore !== undefined) return { row: { ...base, status: 'skipped', error_code: 'ABORTED', error_message: `not looked up: ${abortedBefore}` }, plan: undefined };
  const trace: RowTrace = { requests: 0, lastStatus: undefined };
  const asked = { ...base, status: 'skipped' as const };
  try {
    const found = await session.client.findByPhone(contact.phone_number, trace);
    const plan = planRow({ ...facts, contact, found });
    const holder = found.find((candidate) => candidate.crm_id === contact.crm_id);
    const contactId = plan.kind === 'create' ? base.contact_id : (holder?.id ?? base.contact_id);
    return { row: { ...asked, contact_id: contactId, http_status: trace.lastStatus ?? '', attempts: trace.requests }, plan };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const done: ResultRow = { ...asked, http_status: trace.lastStatus ?? '', attempts: trace.requests };
    const abortedSince = error.kind === 'aborted' ? session.abortReason() : undefined;
    if (abortedSince !== undefined) return { row: { ...done, error_code: 'ABORTED', error_message: `not looked up: ${abortedSince}` }, plan: undefined };
    return { row: { ...done, status: 'failed', error_code: error.code, error_message: `look-up: ${error.message}` }, plan: undefined };
  }
}
