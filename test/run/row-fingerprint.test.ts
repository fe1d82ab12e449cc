import { describe, expect, it } from 'vitest';
import { CONTACT_FIELDS, type Contact, type ContactField } from '../../src/contacts/fields.js';
import { contentKey, fingerprint, runKey, runOf, type RunIdentity } from '../../src/run/row-fingerprint.js';
import { contact } from './fake-api.js';

/** What --resume compares: a row is done only when the same content was confirmed, into the same place, from the same input. */

const IDENTITY: RunIdentity = { input: '/data/contacts.csv', baseUrl: 'https://apis.saleschat.pro', orgId: 'org-1' };

/** A value of each field, different from what contact() gives it (or from its absence). */
const CHANGED: Record<ContactField, Contact[ContactField]> = {
  crm_id: 'CRM-2',
  phone_number: '+14155552672',
  opt_in_date: '2024-05-01T00:00:00.001Z',
  first_name: 'Ada',
  last_name: 'Lovelace',
  governance_level_id: 'gl-1',
  is_inbound: false,
  source: 'BTRIX',
  contact_id: 'c_1',
  stage: 'Lead',
  disposition: 'Interested',
  user_id: 'user-1',
  group_id: 'group-1',
  remote_waba_id: 'waba-1',
  remote_phone_id: 'ph-1',
  assign_on_handover: false,
};

describe('runKey', () => {
  it('is 12 hex characters, the same for the same input, base URL and org', () => {
    expect(runKey(IDENTITY)).toMatch(/^[0-9a-f]{12}$/);
    expect(runKey({ ...IDENTITY })).toBe(runKey(IDENTITY));
  });

  it.each<[string, Partial<RunIdentity>]>([
    ['another input', { input: '/data/contacts2.csv' }],
    ['standard input', { input: 'standard input' }],
    ['another base URL', { baseUrl: 'https://apis.saleschat.pro/' }],
    ['the sandbox', { baseUrl: 'sandbox:123:1714521600000' }],
    ['another org', { orgId: 'org-2' }],
    ['org and URL swapped', { baseUrl: 'org-1', orgId: 'https://apis.saleschat.pro' }],
  ])('differs for %s', (_name, change) => {
    expect(runKey({ ...IDENTITY, ...change })).not.toBe(runKey(IDENTITY));
  });
});

describe('contentKey', () => {
  const base = contact({ first_name: 'Grace', additional: { budget: '1000', region: 'EU' } });

  it('is 24 hex characters: a hash, so no value of the row can be read back from the results file', () => {
    expect(contentKey(base, 'upsert')).toMatch(/^[0-9a-f]{24}$/);
  });

  it.each(CONTACT_FIELDS.map((field) => [field]))('changes when %s changes', (field) => {
    expect(contentKey({ ...base, [field]: CHANGED[field] }, 'upsert')).not.toBe(contentKey(base, 'upsert'));
  });

  it.each<[string, Contact, Contact]>([
    ['an additional value changed', { ...base, additional: { budget: '2000', region: 'EU' } }, base],
    ['an additional column renamed', { ...base, additional: { budget: '1000', area: 'EU' } }, base],
    ['an additional column added', { ...base, additional: { ...base.additional, owner: 'x' } }, base],
    ['a value moved to another field', contact({ last_name: 'Grace', additional: base.additional }), base],
    ['a field vs an additional column of that name', contact({ additional: { ...base.additional, first_name: 'Grace' } }), base],
    ['a boolean false vs absent', contact({ is_inbound: false }), contact()],
    ['the text "null" vs absent', contact({ first_name: 'null' }), contact()],
  ])('must differ: %s', (_name, a, b) => {
    expect(contentKey(a, 'upsert')).not.toBe(contentKey(b, 'upsert'));
  });

  it.each(['create', 'update'])('differs between upsert and %s (the same row means other requests)', (mode) => {
    expect(contentKey(base, mode)).not.toBe(contentKey(base, 'upsert'));
  });

  it.each<[string, Contact]>([
    ['a copy', structuredClone(base)],
    ['additional columns in another order', { ...base, additional: { region: 'EU', budget: '1000' } }],
    ['fields set in another order', { additional: { region: 'EU', budget: '1000' }, first_name: 'Grace', opt_in_date: base.opt_in_date, phone_number: base.phone_number, crm_id: base.crm_id }],
    ['an optional field present but undefined', { ...base, last_name: undefined } as unknown as Contact],
  ])('must match: %s', (_name, same) => {
    expect(contentKey(same, 'upsert')).toBe(contentKey(base, 'upsert'));
  });
});

describe('fingerprint and runOf', () => {
  const run = runKey(IDENTITY);
  const content = contentKey(contact(), 'upsert');

  it('a sent row carries <run>.<content>; a row not sent, <run>. (nothing to confirm)', () => {
    expect(fingerprint(run, content)).toBe(`${run}.${content}`);
    expect(fingerprint(run)).toBe(`${run}.`);
  });

  it.each<[string, string | undefined, string | undefined]>([
    ['a sent row', fingerprint(run, content), run],
    ['a row not sent', fingerprint(run), run],
    ['a cell cut before the dot', run.slice(0, 7), undefined],
    ['a cell starting with the dot', `.${content}`, undefined],
    ['an empty cell', '', undefined],
    ['no cell', undefined, undefined],
  ])('%s', (_name, cell, expected) => {
    expect(runOf(cell)).toBe(expected);
  });
});
