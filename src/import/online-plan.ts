import type { FoundContact } from '../api/answers.js';
import type { Contact } from '../contacts/fields.js';
import { parseOptInDate } from '../contacts/index.js';
import type { KnownContact } from '../state/sync-state.js';
import type { ImportMode } from './import-steps.js';
import type { StepFingerprints } from './step-fingerprints.js';
import { changedSteps, usableKnown } from './sync-plan.js';

/**
 * import --dry-run --online: what the import would do to a row's contact, from a read-only look-up at its phone and
 * (when there is one) the sync state, following importContact's own paths step by step:
 *   create     no contact with this crm_id at this number: the import creates one;
 *   update     the contact is there and a field the update sends (crm_id, first_name, last_name) differs;
 *   unchanged  the contact is there and holds what the update would send, or the sync state has the row as sent
 *              (the import then sends nothing);
 *   conflict   the import cannot apply the row: the crm_id is held at another number (SalesChat cannot change a
 *              contact's phone), --mode update finds nothing to update, --mode create finds it exists and differs.
 * Disposition and assign cannot be read back: the plan names them when the import would send them.
 */

export const PLAN_KINDS = ['create', 'update', 'unchanged', 'conflict'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

export interface RowPlan {
  kind: PlanKind;
  /** For the results file's `plan` column, e.g. "update: first_name; disposition". */
  text: string;
}

export interface PlanFacts {
  contact: Contact;
  mode: ImportMode;
  /** What the look-up at the row's phone answered. */
  found: readonly FoundContact[];
  /** The sync state's view of the crm_id and the row's step fingerprints; undefined without a state. */
  state?: { known: KnownContact | undefined; prints: StepFingerprints; full: boolean } | undefined;
}

type Step = 'disposition' | 'assign';

/** How the row differs from the contact SalesChat holds: what the update would change, and what it cannot. */
interface Differences {
  sent: string[];
  kept: string[];
}

const NOT_SENT = 'add --full to send it';

export function planRow(facts: PlanFacts): RowPlan {
  const { contact, mode, found, state } = facts;
  const holder = found.find((candidate) => candidate.crm_id === contact.crm_id);
  const known = state && !state.full ? usableKnown(state.known, contact) : undefined;
  if (state && known) {
    const changed = changedSteps(known, state.prints, mode);
    const steps = askedSteps(contact).filter((step) => changed[step]);
    // Found by id, not crm_id: an update to the id sends the row's crm_id too.
    const atKnown = found.find((candidate) => candidate.id === known.contactId);
    // The import goes straight to the known id; with nothing found there a request to it answers 404 and the
    // import starts over as without a state. With no request at all, it answers from the state alone.
    if (atKnown !== undefined && (changed.contact || mode === 'create')) return fromDifferences(differences(contact, atKnown), steps, mode);
    if (atKnown !== undefined) return fromState(differences(contact, atKnown), steps);
    if (!changed.contact && steps.length === 0) {
      return { kind: 'unchanged', text: `unchanged; SalesChat has no contact with this crm_id at this number, but the sync state has the row as sent: nothing is sent (${NOT_SENT})` };
    }
  }
  return withoutState(facts, holder, askedSteps(contact));
}

/** importContact's path without a usable known contact: contactStep by mode, then every step the row asks for. */
function withoutState({ contact, mode, found, state }: PlanFacts, holder: FoundContact | undefined, steps: Step[]): RowPlan {
  if (mode === 'update') {
    if (contact.contact_id === undefined) {
      return holder ? fromDifferences(differences(contact, holder), steps, mode) : conflict('no contact with this phone number and crm_id to update (CONTACT_NOT_FOUND)');
    }
    const target = found.find((candidate) => candidate.id === contact.contact_id);
    if (target === undefined) return conflict(`contact_id ${contact.contact_id} is not a contact at this number: the update would go to another number's contact, or fail`);
    if (holder !== undefined && holder !== target) return conflict(`the crm_id is held by contact ${holder.id}, not by contact_id ${target.id}: the update would fail (409)`);
    const elsewhere = state?.known;
    if (target.crm_id !== contact.crm_id && elsewhere !== undefined && elsewhere.contactId !== target.id) return heldElsewhere(elsewhere);
    return fromDifferences(differences(contact, target), steps, mode);
  }
  if (holder) return fromDifferences(differences(contact, holder), steps, mode);
  const elsewhere = state?.known;
  if (elsewhere !== undefined && elsewhere.phone !== contact.phone_number) return heldElsewhere(elsewhere);
  return { kind: 'create', text: join(['create', ...steps]) };
}

/** The contact is there: upsert and update send the update (even one that changes nothing); create leaves it as is. */
function fromDifferences({ sent, kept }: Differences, steps: Step[], mode: ImportMode): RowPlan {
  if (mode === 'create' && sent.length > 0) return conflict(`exists, and --mode create leaves it as is: ${sent.join(', ')} differ${sent.length === 1 ? 's' : ''}`, steps, kept);
  const head = sent.length > 0 ? `update: ${sent.join(', ')}` : 'unchanged';
  return { kind: sent.length > 0 ? 'update' : 'unchanged', text: join([head, ...steps, ...kept]) };
}

/** The sync state has the contact's fields as sent: the import sends no update, whatever SalesChat holds now. */
function fromState({ sent, kept }: Differences, steps: Step[]): RowPlan {
  const drift = sent.length > 0 ? [`SalesChat differs in ${sent.join(', ')}, but the sync state has the row as sent: not sent (${NOT_SENT})`] : [];
  return { kind: 'unchanged', text: join(['unchanged', ...steps, ...drift, ...kept]) };
}

function heldElsewhere(known: KnownContact): RowPlan {
  return conflict(`the crm_id is held by contact ${known.contactId} at ${known.phone} (as the sync state last saw it), and SalesChat cannot change a contact's phone number`);
}

function conflict(why: string, steps: Step[] = [], kept: string[] = []): RowPlan {
  return { kind: 'conflict', text: join([`conflict: ${why}`, ...steps, ...kept]) };
}

function join(parts: readonly string[]): string {
  return parts.join('; ');
}

/** The optional steps the row asks for, which the API cannot read back. */
function askedSteps(contact: Contact): Step[] {
  const steps: Step[] = [];
  if (contact.stage !== undefined) steps.push('disposition');
  if (contact.user_id !== undefined || contact.group_id !== undefined) steps.push('assign');
  return steps;
}

/** What the update body (bodies.ts: crm_id, and the names the row gives) would change, and the opt-in date it cannot. */
export function differences(contact: Contact, holder: FoundContact): Differences {
  const sent: string[] = [];
  if (holder.crm_id !== contact.crm_id) sent.push('crm_id');
  for (const field of ['first_name', 'last_name'] as const) {
    if (contact[field] !== undefined && contact[field] !== holder[field]) sent.push(field);
  }
  const held = instantOf(holder.opt_in_date);
  const kept = held === Date.parse(contact.opt_in_date) ? [] : [`opt_in_date differs (SalesChat has ${shown(holder.opt_in_date)}; an update cannot change it)`];
  return { sent, kept };
}

/** An API date (RFC 3339 text, or epoch seconds or milliseconds) as milliseconds; NaN when it is none. */
function instantOf(value: string | number | undefined): number {
  if (value === undefined) return Number.NaN;
  const parsed = parseOptInDate(String(value).trim());
  return typeof parsed === 'string' ? Date.parse(parsed) : Number.NaN;
}

function shown(value: string | number | undefined): string {
  if (value === undefined) return 'none';
  const instant = instantOf(value);
  return Number.isNaN(instant) ? String(value) : new Date(instant).toISOString();
}
