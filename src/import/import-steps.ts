import { ApiError } from '../api/api-error.js';
import type { AssignSpacing } from '../api/assign-spacing.js';
import { assignBody, createBody, dispositionBody, updateBody } from '../api/bodies.js';
import type { ApiClient, RowTrace } from '../api/client.js';
import type { PhoneFormat } from '../api/types.js';
import type { Contact } from '../contacts/fields.js';
import type { ResultRow, RowAction } from '../io/result-row.js';

export type ImportMode = 'upsert' | 'create' | 'update';

export interface ImportContext {
  api: ApiClient;
  mode: ImportMode;
  phoneFormat: PhoneFormat;
  spacing: AssignSpacing;
  signal?: AbortSignal;
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
    // 409: the contact exists, made by an earlier run or by our own create whose answer was lost and retried.
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

/** Every step the row asks for, in order; never throws: a failure is recorded in the row. */
export async function importContact(contact: Contact, context: ImportContext, base: ResultRow): Promise<ResultRow> {
  const trace: RowTrace = { requests: 0, lastStatus: undefined };
  const row: ResultRow = { ...base };
  const disposition = dispositionBody(contact);
  const assign = assignBody(contact);
  const failures: ReturnType<typeof describeFailure>[] = [];
  let contactDone = false;

  try {
    const { id, action } = await contactStep(contact, context, trace);
    row.contact_id = id;
    row.action = action;
    contactDone = true;
    if (disposition !== undefined) {
      try {
        await context.api.updateDisposition(id, disposition, trace);
        row.disposition = 'ok';
      } catch (error) {
        row.disposition = 'failed';
        failures.push(describeFailure('disposition', error));
      }
    }
    if (assign !== undefined) {
      try {
        await context.spacing.waitTurn(id, context.signal);
        await context.api.assign(id, assign, trace);
        row.assign = 'ok';
      } catch (error) {
        row.assign = 'failed';
        failures.push(describeFailure('assign', error));
      }
    }
  } catch (error) {
    failures.push(describeFailure(context.mode === 'update' ? 'update' : 'contact', error));
    // Steps that could not run because the contact step failed are failed too: the row needs another run.
    if (disposition !== undefined) row.disposition = 'failed';
    if (assign !== undefined) row.assign = 'failed';
  }

  row.http_status = trace.lastStatus ?? '';
  row.attempts = trace.requests;
  const [first] = failures;
  if (first === undefined) return row;
  // `skipped` is "not attempted": a row whose contact was created or updated before the stop cut its other steps
  // was attempted, and is failed (ABORTED), like any row with a step left to do.
  row.status = !contactDone && failures.every((failure) => failure.aborted) ? 'skipped' : 'failed';
  row.error_code = first.code;
  row.error_message = failures.map((failure) => failure.message).join('; ');
  return row;
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
