import type { Contact } from '../contacts/fields.js';
import type { ResultRow } from '../io/result-row.js';
import type { KnownContact } from '../state/sync-state.js';
import type { ImportMode } from '../config/index.js';
import type { StepFingerprints } from './step-fingerprints.js';

/** What the sync state says of a row's crm_id, and the row's own step fingerprints to compare with it. */
export interface SyncPlan {
  known: KnownContact | undefined;
  prints: StepFingerprints;
}

export interface ChangedSteps {
  contact: boolean;
  disposition: boolean;
  assign: boolean;
}

/**
 * The known contact, when the row may go straight to its id: the same phone (the API cannot change a contact's phone,
 * so a new one takes the create-or-find path as without a state), and no other contact_id given in the row.
 */
export function usableKnown(known: KnownContact | undefined, contact: Contact): KnownContact | undefined {
  if (known === undefined || known.phone !== contact.phone_number) return undefined;
  if (contact.contact_id !== undefined && contact.contact_id !== known.contactId) return undefined;
  return known;
}

/** Which steps differ from what the API last confirmed. `create` never updates a contact that exists. */
export function changedSteps(known: KnownContact, prints: StepFingerprints, mode: ImportMode): ChangedSteps {
  return {
    contact: mode !== 'create' && known.contact !== prints.contact,
    disposition: prints.disposition !== undefined && known.disposition !== prints.disposition,
    assign: prints.assign !== undefined && known.assign !== prints.assign,
  };
}

/**
 * The results row of a row whose every step matches what the API last confirmed: ok, action `unchanged`, its
 * contact_id, 0 attempts, and no request. Undefined when something changed (or nothing is known). Synchronous, so a
 * night of unchanged rows costs no promise a row.
 */
export function unchangedRow(contact: Contact, base: ResultRow, plan: SyncPlan, mode: ImportMode): ResultRow | undefined {
  const known = usableKnown(plan.known, contact);
  if (known === undefined) return undefined;
  const changed = changedSteps(known, plan.prints, mode);
  if (changed.contact || changed.disposition || changed.assign) return undefined;
  return {
    ...base,
    status: 'ok',
    action: mode === 'create' && known.contact !== plan.prints.contact ? 'exists' : 'unchanged',
    contact_id: known.contactId,
    disposition: plan.prints.disposition === undefined ? '' : 'ok',
    assign: plan.prints.assign === undefined ? '' : 'ok',
    attempts: 0,
  };
}
