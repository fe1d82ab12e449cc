import { afterEach, describe, expect, it } from 'vitest';
import type { FoundContact } from '../../src/api/answers.js';
import type { ApiSession } from '../../src/api/api-session.js';
import { createBody } from '../../src/api/bodies.js';
import type { Contact } from '../../src/contacts/fields.js';
import type { ImportMode } from '../../src/import/import-steps.js';
import { planRow, type PlanFacts, type PlanKind } from '../../src/import/online-plan.js';
import { stepFingerprints } from '../../src/import/step-fingerprints.js';
import type { KnownContact } from '../../src/state/sync-state.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { contact, importRow, newTrace, openSession } from '../run/fake-api.js';

/** import --dry-run --online's plan of one row, from what the look-up found and what the sync state knows. */

const PHONE = '+14155552671';
const OTHER_PHONE = '+14155550199';
const DATE = '2024-05-01T00:00:00.000Z';

const found = (overrides: Partial<FoundContact> = {}): FoundContact => ({ id: 'c_1', crm_id: 'CRM-1', first_name: 'Ann', last_name: 'Lee', opt_in_date: DATE, ...overrides });
const row = (overrides: Partial<Contact> = {}): Contact => contact({ first_name: 'Ann', last_name: 'Lee', ...overrides });

/** What the state knows, its contact fingerprint that of `as` (the row as last confirmed). */
function known(as: Contact, overrides: Partial<KnownContact> = {}): KnownContact {
  const prints = stepFingerprints(as, 'm');
  return { contactId: 'c_1', phone: PHONE, contact: prints.contact, disposition: prints.disposition ?? null, assign: prints.assign ?? null, row: null, rowSteps: '', ...overrides };
}

function plan(subject: Contact, mode: ImportMode, contacts: FoundContact[], state?: { known: KnownContact | undefined; full?: boolean }) {
  const facts: PlanFacts = { contact: subject, mode, found: contacts };
  if (state) facts.state = { known: state.known, prints: stepFingerprints(subject, 'm'), full: state.full ?? false };
  return planRow(facts);
}

describe('planRow, without a sync state', () => {
  it.each<[string, Contact, ImportMode, FoundContact[], PlanKind, string]>([
    ['nobody at the number: create', row(), 'upsert', [], 'create', 'create'],
    ['another crm_id at the number: create', row(), 'upsert', [found({ crm_id: 'OTHER' })], 'create', 'create'],
    ['the steps asked for are named', row({ stage: 'Lead', user_id: 'user-1' }), 'upsert', [], 'create', 'create; disposition; assign'],
    ['same names: unchanged', row(), 'upsert', [found()], 'unchanged', 'unchanged'],
    ['a name absent from the row is not sent', contact({ first_name: 'Ann' }), 'upsert', [found({ last_name: 'Other' })], 'unchanged', 'unchanged'],
    ['names differ: update naming them', row({ first_name: 'Anne', last_name: 'Li' }), 'upsert', [found()], 'update', 'update: first_name, last_name'],
    ['unchanged, but disposition and assign are sent again', row({ stage: 'Lead', group_id: 'group-1' }), 'upsert', [found()], 'unchanged', 'unchanged; disposition; assign'],
    ['the same instant written otherwise is the same opt_in_date', row(), 'upsert', [found({ opt_in_date: 1714521600 })], 'unchanged', 'unchanged'],
    [
      'opt_in_date differs: said, as an update cannot change it',
      row(),
      'upsert',
      [found({ opt_in_date: '2023-01-01T00:00:00Z' })],
      'unchanged',
      'unchanged; opt_in_date differs (SalesChat has 2023-01-01T00:00:00.000Z; an update cannot change it)',
    ],
    ['--mode create, nobody there: create', row(), 'create', [], 'create', 'create'],
    ['--mode create, there and the same: unchanged (exists)', row(), 'create', [found()], 'unchanged', 'unchanged'],
    ['--mode create, there and different: conflict', row({ first_name: 'Anne' }), 'create', [found()], 'conflict', 'conflict: exists, and --mode create leaves it as is: first_name differs'],
    ['--mode update, nothing to update: conflict', row(), 'update', [], 'conflict', 'conflict: no contact with this phone number and crm_id to update (CONTACT_NOT_FOUND)'],
    ['--mode update, found by phone and crm_id', row({ first_name: 'Anne' }), 'update', [found()], 'update', 'update: first_name'],
    ['--mode update, contact_id at the number', row({ contact_id: 'c_1' }), 'update', [found()], 'unchanged', 'unchanged'],
    ['--mode update, contact_id with another crm_id: the update sends the crm_id', row({ contact_id: 'c_1' }), 'update', [found({ crm_id: 'OLD' })], 'update', 'update: crm_id'],
    [
      '--mode update, contact_id not at the number: conflict',
      row({ contact_id: 'c_9' }),
      'update',
      [found()],
      'conflict',
      'conflict: contact_id c_9 is not a contact at this number: the update would go to another number\'s contact, or fail',
    ],
    [
      '--mode update, the crm_id held by another contact than contact_id: conflict',
      row({ contact_id: 'c_2' }),
      'update',
      [found(), found({ id: 'c_2', crm_id: 'OLD' })],
      'conflict',
      'conflict: the crm_id is held by contact c_1, not by contact_id c_2: the update would fail (409)',
    ],
  ])('%s', (_name, subject, mode, contacts, kind, text) => {
    expect(plan(subject, mode, contacts)).toEqual({ kind, text });
  });
});

describe('planRow, with the sync state the import would read', () => {
  const held = `conflict: the crm_id is held by contact c_7 at ${OTHER_PHONE} (as the sync state last saw it), and SalesChat cannot change a contact's phone number`;
  it.each<[string, Contact, ImportMode, FoundContact[], { known: KnownContact | undefined; full?: boolean }, PlanKind, string]>([
    ['known and unchanged, SalesChat the same: unchanged', row(), 'upsert', [found()], { known: known(row()) }, 'unchanged', 'unchanged'],
    [
      'known and unchanged, SalesChat changed behind its back: unchanged, the drift said',
      row(),
      'upsert',
      [found({ first_name: 'Changed' })],
      { known: known(row()) },
      'unchanged',
      'unchanged; SalesChat differs in first_name, but the sync state has the row as sent: not sent (add --full to send it)',
    ],
    ['... and with --full it is sent: update', row(), 'upsert', [found({ first_name: 'Changed' })], { known: known(row()), full: true }, 'update', 'update: first_name'],
    ['known, the row changed: update to the known id', row({ first_name: 'Anne' }), 'upsert', [found()], { known: known(row()) }, 'update', 'update: first_name'],
    ['known, only the stage is new: unchanged; disposition', row({ stage: 'Won' }), 'upsert', [found()], { known: known(row()) }, 'unchanged', 'unchanged; disposition'],
    ['known at another number, nobody here: conflict', row(), 'upsert', [], { known: known(row(), { contactId: 'c_7', phone: OTHER_PHONE }) }, 'conflict', held],
    ['known at another number, yet here too: SalesChat wins', row(), 'upsert', [found()], { known: known(row(), { contactId: 'c_7', phone: OTHER_PHONE }) }, 'unchanged', 'unchanged'],
    ['unknown crm_id: create', row(), 'upsert', [], { known: undefined }, 'create', 'create'],
    [
      'known and unchanged, gone from SalesChat: unchanged (nothing is sent), said',
      row(),
      'upsert',
      [],
      { known: known(row()) },
      'unchanged',
      'unchanged; SalesChat has no contact with this crm_id at this number, but the sync state has the row as sent: nothing is sent (add --full to send it)',
    ],
  ])('%s', (_name, subject, mode, contacts, state, kind, text) => {
    expect(plan(subject, mode, contacts, state)).toEqual({ kind, text });
  });
});

describe('the plan agrees with what the import then does (sandbox, no sync state)', () => {
  let sandbox: Sandbox | undefined;
  let session: ApiSession | undefined;
  afterEach(async () => {
    await session?.close();
    await sandbox?.close();
    session = sandbox = undefined;
  });

  // Seeded: CRM-1 "Old" at PHONE (id c_1), CRM-2 at OTHER_PHONE (id c_2).
  it.each<[string, Partial<Contact>, ImportMode, PlanKind, { status: string; action: string; error_code?: string }]>([
    ['a new crm_id', { crm_id: 'CRM-9' }, 'upsert', 'create', { status: 'ok', action: 'created' }],
    ['new names', { first_name: 'New' }, 'upsert', 'update', { status: 'ok', action: 'updated' }],
    ['the same names: an update that changes nothing', { first_name: 'Old' }, 'upsert', 'unchanged', { status: 'ok', action: 'updated' }],
    ['--mode create, exists and the same', { first_name: 'Old' }, 'create', 'unchanged', { status: 'ok', action: 'exists' }],
    ['--mode create, exists and different', { first_name: 'New' }, 'create', 'conflict', { status: 'ok', action: 'exists' }],
    ['--mode update, nothing to update', { crm_id: 'CRM-9' }, 'update', 'conflict', { status: 'failed', action: 'none', error_code: 'CONTACT_NOT_FOUND' }],
    ['--mode update, by contact_id of another number', { contact_id: 'c_2', crm_id: 'CRM-2' }, 'update', 'conflict', { status: 'ok', action: 'updated' }],
  ])('%s', async (_name, overrides, mode, kind, outcome) => {
    sandbox = await startSandbox({ port: 0 });
    session = await openSession(sandbox.url, { token: sandbox.token, orgId: 'org-1', retries: 0 });
    for (const seed of [contact({ first_name: 'Old' }), contact({ crm_id: 'CRM-2', phone_number: OTHER_PHONE })]) {
      await session.client.createContact(createBody(seed, 'e164'), newTrace());
    }
    const subject = contact(overrides);
    const before = sandbox.stats().requests;
    const contacts = await session.client.findByPhone(subject.phone_number, newTrace());
    expect(sandbox.stats().requests - before).toBe(1);
    expect(plan(subject, mode, contacts).kind).toBe(kind);
    expect(await importRow(session, subject, mode)).toMatchObject(outcome);
  });
});
