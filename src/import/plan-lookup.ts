import type { ApiSession } from '../api/api-session.js';
import { lookUpByPhone } from '../api/phone-lookup.js';
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
  const looked = await lookUpByPhone(session, contact.phone_number);
  const asked: ResultRow = { ...base, status: 'skipped' };
  if (looked.kind === 'aborted' && looked.before) return { row: { ...asked, error_code: 'ABORTED', error_message: `not looked up: ${looked.reason}` }, plan: undefined };
  const done: ResultRow = { ...asked, http_status: looked.trace.lastStatus ?? '', attempts: looked.trace.requests };
  switch (looked.kind) {
    case 'found': {
      const plan = planRow({ ...facts, contact, found: looked.contacts });
      const holder = looked.contacts.find((candidate) => candidate.crm_id === contact.crm_id);
      const contactId = plan.kind === 'create' ? base.contact_id : (holder?.id ?? base.contact_id);
      return { row: { ...done, contact_id: contactId }, plan };
    }
    case 'aborted':
      return { row: { ...done, error_code: 'ABORTED', error_message: `not looked up: ${looked.reason}` }, plan: undefined };
    case 'failed':
      return { row: { ...done, status: 'failed', error_code: looked.error.code, error_message: `look-up: ${looked.error.message}` }, plan: undefined };
  }
}
