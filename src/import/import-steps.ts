import { ApiError } from '../api/api-error.js';
import type { AssignSpacing } from '../api/assign-spacing.js';
import { assignBody, createBody, dispositionBody, updateBody } from '../api/bodies.js';
import type { ApiClient, RowTrace } from '../api/client.js';
import type { PhoneFormat } from '../api/types.js';
import type { Contact } from '../contacts/fields.js';
import type { ResultRow, RowAction } from '../io/result-row.js';
import type { Confirmation, KnownContact } from '../state/sync-state.js';
import { changedSteps, usableKnown, type ChangedSteps, type SyncPlan } from './sync-plan.js';

export type ImportMode = 'upsert' | 'create' | 'update';

export interface ImportContext {
  api: ApiClient;
  mode: ImportMode;
  phoneFormat: PhoneFormat;
  spacing: AssignSpacing;
  signal?: AbortSignal;
  /**
   * Called before the first request of a row the sync state has an entry for (`stored`), with the steps it may
   * change; the requests wait for it. Undefined without a state.
   */
  beforeChange?: ((crmId: string, steps: ChangedSteps, stored: boolean) => Promise<void> | undefined) | undefined;
}

/** The contact step found no contact to update: the results file says CONTACT_NOT_FOUND. */
class ContactNotFound extends Error {}

/** The contact in the org with this phone number and crm_id, if any (crm_id is unique in an org). */
async function findContactId(contact: Contact, context: ImportContext, trace: RowTrace): Promise<string | undefined> {
  const found = await context.api.findByPhone(contact.phone_number, trace);
  return found.find((candidate) => candidate.crm_id === contact.crm_id)?.id;
}

async function requireContactId(contact: Contact, context: ImportContext, trace: RowTrace, why: string): Promise<string> {
  const id = await findContactId(contact, context, trace);
  if (id === undefined) throw new ContactNotFound(why);
  return id;
}

const HELD_ELSEWHERE =
  'SalesChat already has this crm_id (409 UQ_CONSTRAINT_FAILED) but under another phone number; put its contact_id in the row and use --mode update';

/**
 * A create answered without a usable id is not sent again at once: the API may have stored the contact, and the
 * same broken answer would come back. The row fails; a later --resume meets 409 and finds the contact by phone.
 */
function unusableCreateAnswer(error: ApiError): ApiError {
  const message = `${error.message}; SalesChat may have stored the contact: --resume will find it and carry on`;
  return new ApiError('unexpected', message, { ...(error.status === undefined ? {} : { status: error.status }), cause: error });
}

/**
 * A 409 without SalesChat's error_code (empty, HTML from a proxy, JSON without the field) fails the row as HTTP_409
 * rather than being taken for UQ_CONSTRAINT_FAILED: SalesChat itself always says which conflict it is, and a guess
 * would report a contact as `exists` or update it when the create was refused for some other reason.
 */
function uncodedConflict(error: ApiError): ApiError {
  const message = `${error.message} - the answer has no SalesChat error_code, so it is not known to be UQ_CONSTRAINT_FAILED (4090001, the crm_id exists): the contact was not looked up or changed`;
  return new ApiError('http', message, { status: 409, cause: error });
}

/** Create, update or find the contact as the mode says; returns its id and what happened to it. */
async function contactStep(contact: Contact, context: ImportContext, trace: RowTrace): Promise<{ id: string; action: RowAction }> {
  const { api, mode } = context;
  if (mode === 'update') {
    const id =
      contact.contact_id ??
      (await requireContactId(contact, context, trace, 'no contact with this phone number and crm_id to update (give contact_id, or import with --mode upsert)'));
    await api.updateContact(id, updateBody(contact), trace);
    return { id, action: 'updated' };
  }
  try {
    const created = await api.createContact(createBody(contact, context.phoneFormat), trace);
    return { id: created.id, action: 'created' };
  } catch (error) {
    if (error instanceof ApiError && error.kind === 'unexpected') throw unusableCreateAnswer(error);
    if (error instanceof ApiError && error.status === 409 && error.apiCode === undefined) throw uncodedConflict(error);
    // 409 UQ_CONSTRAINT_FAILED: the contact exists, made by an earlier run or by our own create whose answer was lost
    // and retried. Any other 409 fails the row with the API's own code and words.
    if (!(error instanceof ApiError && error.isConflict)) throw error;
    const id = await requireContactId(contact, context, trace, HELD_ELSEWHERE);
    if (mode === 'create') return { id, action: 'exists' };
    await api.updateContact(id, updateBody(contact), trace);
    return { id, action: 'updated' };
  }
}

function describeFailure(step: string, error: unknown): { code: string; message: string; aborted: boolean } {
  if (error instanceof ContactNotFound) return { code: 'CONTACT_NOT_FOUND', message: `${step}: ${error.message}`, aborted: false };
  if (error instanceof ApiError) return { code: error.code, message: `${step}: ${error.message}`, aborted: error.kind === 'aborted' };
  return { code: 'INTERNAL_ERROR', message: `${step}: ${error instanceof Error ? error.message : String(error)}`, aborted: false };
}

/** A row's import: its results row, and what the API confirmed for the sync state (nothing when the contact step failed). */
export interface ImportedRow {
  row: ResultRow;
  confirmation: Confirmation | undefined;
  /** The known contact id turned out stale (SalesChat no longer has it): the state forgets it before confirming. */
  staleId: boolean;
}

/** A known contact id that SalesChat answered 404 for: the row starts over as if nothing were known. */
class StaleId extends Error {}

/**
 * Every step the row asks for, in order; never throws: a failure is recorded in the row. With `sync` (what the
 * state knows of the crm_id, and the row's step fingerprints), a known contact sends only the steps that changed,
 * straight to its id, and one where nothing changed sends nothing at all.
 */
export async function importContact(contact: Contact, context: ImportContext, base: ResultRow, sync?: SyncPlan): Promise<ImportedRow> {
  const trace: RowTrace = { requests: 0, lastStatus: undefined };
  const known = sync && usableKnown(sync.known, contact);
  if (sync && known) {
    try {
      return { ...(await stepsFor(contact, context, base, trace, sync, known)), staleId: false };
    } catch (error) {
      if (!(error instanceof StaleId)) throw error;
    }
  }
  return { ...(await stepsFor(contact, context, base, trace, sync, undefined)), staleId: known !== undefined };
}

/** Which steps the row sends, and how: every one it asks for, or (known) only those whose fingerprint changed. */
async function stepsFor(
  contact: Contact,
  context: ImportContext,
  base: ResultRow,
  trace: RowTrace,
  sync: SyncPlan | undefined,
  known: KnownContact | undefined,
): Promise<Omit<ImportedRow, 'staleId'>> {
  const row: ResultRow = { ...base };
  const disposition = dispositionBody(contact);
  const assign = assignBody(contact);
  const changed = known && sync ? changedSteps(known, sync.prints, context.mode) : { contact: true, disposition: true, assign: true };
  if (sync) await context.beforeChange?.(contact.crm_id, changed, sync.known !== undefined);
  const confirmed: { contact: boolean; disposition: boolean; assign: boolean } = { contact: false, disposition: false, assign: false };
  const failures: ReturnType<typeof describeFailure>[] = [];
  let contactDone = false;
  /** A 404 to the known id, before SalesChat accepted anything for it this run, means the id is stale. */
  const staleOn404 = async <T>(send: () => Promise<T>): Promise<T> => {
    try {
      return await send();
    } catch (error) {
      if (known && !confirmed.contact && !confirmed.disposition && isNotFound(error)) throw new StaleId();
      throw error;
    }
  };

  try {
    const { id, action } = known ? await knownContactStep(contact, context, trace, known, changed.contact, staleOn404) : await contactStep(contact, context, trace);
    row.contact_id = id;
    row.action = action;
    confirmed.contact = action === 'created' || action === 'updated';
    contactDone = true;
    if (disposition !== undefined) {
      try {
        if (changed.disposition) await staleOn404(() => context.api.updateDisposition(id, disposition, trace));
        row.disposition = 'ok';
        confirmed.disposition = changed.disposition;
      } catch (error) {
        if (error instanceof StaleId) throw error;
        row.disposition = 'failed';
        failures.push(describeFailure('disposition', error));
      }
    }
    if (assign !== undefined) {
      try {
        if (changed.assign) {
          await context.spacing.waitTurn(id, context.signal);
          await assignKnowing(id, assign, contact, context, trace, known && !confirmed.contact && !confirmed.disposition);
        }
        row.assign = 'ok';
        confirmed.assign = changed.assign;
      } catch (error) {
        if (error instanceof StaleId) throw error;
        row.assign = 'failed';
        failures.push(describeFailure('assign', error));
      }
    }
  } catch (error) {
    if (error instanceof StaleId) throw error;
    failures.push(describeFailure(context.mode === 'update' ? 'update' : 'contact', error));
    // Steps that could not run because the contact step failed are failed too: the row needs another run.
    if (disposition !== undefined) row.disposition = 'failed';
    if (assign !== undefined) row.assign = 'failed';
  }

  row.http_status = trace.lastStatus ?? '';
  row.attempts = trace.requests;
  const confirmedAny = confirmed.contact || confirmed.disposition || confirmed.assign;
  // A known contact that confirmed nothing new leaves the state as it was: its id and phone came from there.
  const confirmation =
    contactDone && sync && (confirmedAny || known === undefined)
      ? {
          contactId: row.contact_id,
          phone: contact.phone_number,
          ...(confirmed.contact ? { contact: sync.prints.contact } : {}),
          ...(confirmed.disposition && sync.prints.disposition !== undefined ? { disposition: sync.prints.disposition } : {}),
          ...(confirmed.assign && sync.prints.assign !== undefined ? { assign: sync.prints.assign } : {}),
        }
      : undefined;
  const [first] = failures;
  if (first === undefined) return { row, confirmation };
  // `skipped` is "not attempted": a row whose contact was created or updated before the stop cut its other steps
  // was attempted, and is failed (ABORTED), like any row with a step left to do. So is one whose request was on the
  // wire, unanswered, when the stop came: SalesChat may have stored it.
  // A known contact whose fields were not sent had nothing done to it by this row's contact step.
  const contactTouched = contactDone && (known === undefined || confirmed.contact);
  const stopped = failures.some((failure) => failure.aborted);
  const mayBeStored = stopped && trace.unanswered === true;
  row.status = !mayBeStored && !contactTouched && !confirmed.disposition && failures.every((failure) => failure.aborted) ? 'skipped' : 'failed';
  row.error_code = first.code;
  row.error_message = [...failures.map((failure) => failure.message), ...(mayBeStored ? [MAY_BE_STORED] : [])].join('; ');
  return { row, confirmation };
}

const MAY_BE_STORED = 'a request was cut off before its answer, so SalesChat may have stored it: --resume will find out and finish the row';

/** The contact step of a known contact: an update straight to its id when its fields changed, else nothing. */
async function knownContactStep(
  contact: Contact,
  context: ImportContext,
  trace: RowTrace,
  known: KnownContact,
  changed: boolean,
  staleOn404: <T>(send: () => Promise<T>) => Promise<T>,
): Promise<{ id: string; action: RowAction }> {
  const id = known.contactId;
  if (!changed) return { id, action: context.mode === 'create' ? 'exists' : 'unchanged' };
  await staleOn404(() => context.api.updateContact(id, updateBody(contact), trace));
  return { id, action: 'updated' };
}

/**
 * Assign, and when the id came from the state with nothing else sent to it yet: a 404 here means "user or group not
 * found" by the API's own words, or a stale id. One look-up by phone tells which.
 */
async function assignKnowing(id: string, body: NonNullable<ReturnType<typeof assignBody>>, contact: Contact, context: ImportContext, trace: RowTrace, fromState: boolean | undefined): Promise<void> {
  try {
    await context.api.assign(id, body, trace);
  } catch (error) {
    if (!fromState || !isNotFound(error)) throw error;
    const assignStatus = trace.lastStatus;
    if ((await findContactId(contact, context, trace)) !== id) throw new StaleId();
    // The contact is there: the 404 was the user or group. The row reports the assign's answer, not the look-up's.
    trace.lastStatus = assignStatus;
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

/** What the row would do, for --dry-run: e.g. "create, or update if it exists; disposition; assign". */
export function plannedSteps(contact: Contact, mode: ImportMode): string {
  const steps = [
    mode === 'create' ? 'create' : mode === 'update' ? (contact.contact_id ? 'update by contact_id' : 'find by phone, update') : 'create, or update if it exists',
  ];
  if (contact.stage !== undefined) steps.push('disposition');
  if (contact.user_id !== undefined || contact.group_id !== undefined) steps.push('assign');
  return steps.join('; ');
}
