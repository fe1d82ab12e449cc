import { describe, expect, it } from 'vitest';
import type { Contact } from '../../src/contacts/fields.js';
import { mapHeader } from '../../src/contacts/header-map.js';
import type { ResultRow } from '../../src/io/result-row.js';
import { mappingKey, stepFingerprints } from '../../src/import/step-fingerprints.js';
import { changedSteps, unchangedRow, usableKnown, type SyncPlan } from '../../src/import/sync-plan.js';
import type { KnownContact } from '../../src/state/sync-state.js';

const MAPPING = mappingKey(mapHeader(['crm_id', 'phone_number', 'opt_in_date', 'first_name', 'stage', 'user_id'], {}));

const contact = (changes: Partial<Contact> = {}): Contact => ({
  crm_id: 'A-1',
  phone_number: '+14155552671',
  opt_in_date: '2024-01-15T10:00:00.000Z',
  first_name: 'Ann',
  stage: 'Lead',
  user_id: 'user-1',
  additional: {},
  ...changes,
});

/** A row without the disposition and assignment columns. */
function withoutSteps(row: Contact): Contact {
  const { stage: _stage, user_id: _user, ...rest } = row;
  return rest;
}

/** What the state holds once SalesChat confirmed every step of `confirmed`. */
const knownAs = (confirmed: Contact, id = 'c-1'): KnownContact => {
  const prints = stepFingerprints(confirmed, MAPPING);
  return { contactId: id, phone: confirmed.phone_number, contact: prints.contact, disposition: prints.disposition ?? null, assign: prints.assign ?? null, row: null, rowSteps: '' };
};

const base: ResultRow = {
  row: 1, crm_id: 'A-1', phone_number: '+14155552671', status: 'ok', action: 'none', contact_id: '', disposition: '',
  assign: '', http_status: '', error_code: '', error_message: '', attempts: 0, line: 2,
};

describe('step fingerprints', () => {
  it.each<[string, Partial<Contact>, 'contact' | 'disposition' | 'assign']>([
    ['a new first name', { first_name: 'Anna' }, 'contact'],
    ['a new last name', { last_name: 'Lee' }, 'contact'],
    ['a new phone', { phone_number: '+14155552672' }, 'contact'],
    ['a new stage', { stage: 'Won' }, 'disposition'],
    ['a new disposition', { disposition: 'Called' }, 'disposition'],
    ['a new additional field', { additional: { score: '7' } }, 'disposition'],
    ['a new user', { user_id: 'user-2' }, 'assign'],
    ['assign on handover', { assign_on_handover: true }, 'assign'],
  ])('%s changes only the %s fingerprint', (_name, change, step) => {
    const before = stepFingerprints(contact(), MAPPING);
    const after = stepFingerprints(contact(change), MAPPING);
    for (const each of ['contact', 'disposition', 'assign'] as const) {
      if (each === step) expect(after[each]).not.toBe(before[each]);
      else expect(after[each]).toBe(before[each]);
    }
  });

  it('is the same for the same values, whatever order the additional.* columns came in', () => {
    const a = stepFingerprints(contact({ additional: { a: '1', b: '2' } }), MAPPING);
    const b = stepFingerprints(contact({ additional: { b: '2', a: '1' } }), MAPPING);
    expect(b).toEqual(a);
  });

  it('ignores what the update cannot send (the opt-in date, the source)', () => {
    expect(stepFingerprints(contact({ opt_in_date: '2020-01-01T00:00:00.000Z', source: 'BTRIX' }), MAPPING)).toEqual(stepFingerprints(contact(), MAPPING));
  });

  it('has no disposition or assign fingerprint for a row that asks for neither step', () => {
    const prints = stepFingerprints(withoutSteps(contact()), MAPPING);
    expect(prints.disposition).toBeUndefined();
    expect(prints.assign).toBeUndefined();
  });

  it('changes every fingerprint when the mapping changes', () => {
    const other = mappingKey(mapHeader(['crm_id', 'phone_number', 'opt_in_date', 'Given Name', 'stage', 'user_id'], { first_name: 'Given Name' }));
    expect(other).not.toBe(MAPPING);
    const before = stepFingerprints(contact(), MAPPING);
    const after = stepFingerprints(contact(), other);
    expect(after.contact).not.toBe(before.contact);
    expect(after.disposition).not.toBe(before.disposition);
    expect(after.assign).not.toBe(before.assign);
  });

  it('is 16 hex digits, nothing of the row readable in it', () => {
    const prints = stepFingerprints(contact(), MAPPING);
    for (const print of [prints.contact, prints.disposition, prints.assign]) expect(print).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('the sync plan', () => {
  const plan = (row: Contact, known: KnownContact | undefined): SyncPlan => ({ known, prints: stepFingerprints(row, MAPPING) });

  it('answers a row whose every step matches as ok, unchanged, with its id and no attempt', () => {
    expect(unchangedRow(contact(), base, plan(contact(), knownAs(contact())), 'upsert')).toMatchObject({
      status: 'ok', action: 'unchanged', contact_id: 'c-1', disposition: 'ok', assign: 'ok', attempts: 0,
    });
  });

  it.each<[string, Partial<Contact>, { contact: boolean; disposition: boolean; assign: boolean }]>([
    ['renamed', { first_name: 'Anna' }, { contact: true, disposition: false, assign: false }],
    ['a new stage', { stage: 'Won' }, { contact: false, disposition: true, assign: false }],
    ['a new assignee', { user_id: 'user-3' }, { contact: false, disposition: false, assign: true }],
  ])('sends only the step that changed: %s', (_name, change, expected) => {
    const known = knownAs(contact());
    expect(changedSteps(known, stepFingerprints(contact(change), MAPPING), 'upsert')).toEqual(expected);
    expect(unchangedRow(contact(change), base, plan(contact(change), known), 'upsert')).toBeUndefined();
  });

  it('sends a step the state never saw confirmed (a failed assign last time)', () => {
    const known = { ...knownAs(contact()), assign: null };
    expect(changedSteps(known, stepFingerprints(contact(), MAPPING), 'upsert')).toEqual({ contact: false, disposition: false, assign: true });
  });

  it('never updates in --mode create: a changed contact there is left as it is (exists)', () => {
    const known = knownAs(contact());
    expect(changedSteps(known, stepFingerprints(contact({ first_name: 'Anna' }), MAPPING), 'create').contact).toBe(false);
    expect(unchangedRow(contact({ first_name: 'Anna' }), base, plan(contact({ first_name: 'Anna' }), known), 'create')?.action).toBe('exists');
  });

  it('does not go by the state when the phone changed, or the row names another contact_id', () => {
    const known = knownAs(contact());
    expect(usableKnown(known, contact({ phone_number: '+14155552672' }))).toBeUndefined();
    expect(usableKnown(known, contact({ contact_id: 'c-2' }))).toBeUndefined();
    expect(usableKnown(known, contact({ contact_id: 'c-1' }))).toBe(known);
  });

  it('has nothing to say of an unknown crm_id', () => {
    expect(unchangedRow(contact(), base, plan(contact(), undefined), 'upsert')).toBeUndefined();
  });
});
