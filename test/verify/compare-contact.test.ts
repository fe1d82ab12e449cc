import { describe, expect, it } from 'vitest';
import type { FoundContact } from '../../src/api/answers.js';
import type { Contact } from '../../src/contacts/index.js';
import { compareContact, describeDifferences, sameInstant, type Difference } from '../../src/verify/compare-contact.js';

const PHONE = '+14155550001';
const row = (fields: Partial<Contact> = {}): Contact => ({ crm_id: 'A', phone_number: PHONE, opt_in_date: '2024-03-15T00:00:00.000Z', additional: {}, ...fields });
const held = (fields: Partial<FoundContact> = {}): FoundContact => ({ id: 'c-1', crm_id: 'A', opt_in_date: '2024-03-15T00:00:00.000Z', ...fields });

describe('sameInstant: the file\'s RFC 3339 date against SalesChat\'s', () => {
  it.each([
    ['the same text', '2024-03-15T00:00:00.000Z', '2024-03-15T00:00:00.000Z', true],
    ['another zone, the same instant', '2024-03-15T00:00:00.000Z', '2024-03-15T01:00:00+01:00', true],
    ['without milliseconds', '2024-03-15T10:00:00.000Z', '2024-03-15T10:00:00Z', true],
    ['epoch seconds as a number', '2024-03-15T00:00:00.000Z', 1710460800, true],
    ['epoch seconds as text', '2024-03-15T00:00:00.000Z', '1710460800', true],
    ['epoch seconds: the file\'s milliseconds are below their precision', '2024-03-15T00:00:00.750Z', 1710460800, true],
    ['epoch milliseconds', '2024-03-15T00:00:00.750Z', 1710460800750, true],
    ['epoch milliseconds, another millisecond', '2024-03-15T00:00:00.750Z', 1710460800751, false],
    ['a day later', '2024-03-15T00:00:00.000Z', '2024-03-16T00:00:00.000Z', false],
    ['none', '2024-03-15T00:00:00.000Z', undefined, false],
    ['not a date', '2024-03-15T00:00:00.000Z', 'soon', false],
  ])('%s: %s vs %s -> %s', (_name, file, api, same) => {
    expect(sameInstant(file, api)).toBe(same);
  });
});

describe('compareContact: which contact is the row\'s, and how it compares', () => {
  it.each<[string, Contact, string | undefined, FoundContact[], ReturnType<typeof compareContact>]>([
    ['the contact with the crm_id, all equal', row({ first_name: 'Ann' }), undefined, [held({ id: 'c-0', crm_id: 'Z' }), held({ first_name: 'Ann' })], { status: 'match', contactId: 'c-1' }],
    ['names the file leaves empty are not compared', row(), undefined, [held({ first_name: 'Anne', last_name: 'Lee' })], { status: 'match', contactId: 'c-1' }],
    ['by the id the sync state knows, crm_id changed inside SalesChat', row(), 'c-1', [held({ crm_id: 'B' })], {
      status: 'differs', contactId: 'c-1', differences: [{ field: 'crm_id', from: 'file', expected: 'A', actual: 'B' }],
    }],
    ['by the row\'s contact_id, before the state\'s', row({ contact_id: 'c-2' }), 'c-1', [held(), held({ id: 'c-2' })], { status: 'match', contactId: 'c-2' }],
    ['the id the state knows is not the contact holding the crm_id', row(), 'c-9', [held()], {
      status: 'differs', contactId: 'c-1', differences: [{ field: 'contact_id', from: 'sync state', expected: 'c-9', actual: 'c-1' }],
    }],
    ['the row\'s contact_id is not the contact holding the crm_id', row({ contact_id: 'c-9' }), undefined, [held()], {
      status: 'differs', contactId: 'c-1', differences: [{ field: 'contact_id', from: 'file', expected: 'c-9', actual: 'c-1' }],
    }],
    ['names and date differ; a name SalesChat lacks', row({ first_name: 'Ann', last_name: 'Lee' }), undefined, [held({ first_name: 'Anne', opt_in_date: '2024-03-16T00:00:00Z' })], {
      status: 'differs',
      contactId: 'c-1',
      differences: [
        { field: 'first_name', from: 'file', expected: 'Ann', actual: 'Anne' },
        { field: 'last_name', from: 'file', expected: 'Lee', actual: undefined },
        { field: 'opt_in_date', from: 'file', expected: '2024-03-15T00:00:00.000Z', actual: '2024-03-16T00:00:00.000Z' },
      ],
    }],
    // One text in two Unicode forms (composed é, and e + combining acute, as macOS tools write it): the same name.
    ['names in another Unicode normalisation form', row({ first_name: 'Jos\u00e9', last_name: 'N\u00fa\u00f1ez' }), undefined, [held({ first_name: 'Jose\u0301', last_name: 'Nu\u0301n\u0303ez' })], {
      status: 'match', contactId: 'c-1',
    }],
    ['no contact on the phone', row(), undefined, [], { status: 'missing', contactId: '', message: `SalesChat has no contact on ${PHONE}.` }],
    ['the phone holds another crm_id', row(), undefined, [held({ id: 'c-7', crm_id: 'B' }), held({ id: 'c-8', crm_id: 'C' })], {
      status: 'missing', contactId: '', message: `No contact on ${PHONE} has crm_id "A": the number holds crm_id "B" (contact c-7) and 1 other contact(s).`,
    }],
    ['the phone holds a crm_id that differs by a character that does not print', row(), undefined, [held({ id: 'c-7', crm_id: 'A\u200b' })], {
      status: 'missing', contactId: '', message: `No contact on ${PHONE} has crm_id "A": the number holds crm_id "A\\u200b" (contact c-7).`,
    }],
    ['neither the known id nor the crm_id', row(), 'c-1', [held({ id: 'c-7', crm_id: 'B' })], {
      status: 'missing', contactId: 'c-1', message: `No contact on ${PHONE} has crm_id "A" or id c-1: the number holds crm_id "B" (contact c-7).`,
    }],
  ])('%s', (_name, contact, knownId, found, expected) => {
    expect(compareContact(contact, { knownId }, found)).toEqual(expected);
  });
});

describe('describeDifferences: the fields and both values, in words', () => {
  it.each<[Difference[], string]>([
    [[{ field: 'first_name', from: 'file', expected: 'Ann', actual: 'Anne' }], 'first_name: file "Ann", SalesChat "Anne"'],
    [
      [
        { field: 'last_name', from: 'file', expected: 'Lee', actual: undefined },
        { field: 'opt_in_date', from: 'file', expected: '2024-03-15T00:00:00.000Z', actual: '2024-03-16T00:00:00.000Z' },
      ],
      'last_name: file "Lee", SalesChat (none); opt_in_date: file 2024-03-15T00:00:00.000Z, SalesChat 2024-03-16T00:00:00.000Z',
    ],
    [[{ field: 'contact_id', from: 'sync state', expected: 'c-9', actual: 'c-1' }], 'contact_id: sync state "c-9", SalesChat "c-1"'],
    // Characters that print as nothing are spelt out, or both values would read the same.
    [[{ field: 'first_name', from: 'file', expected: 'Ann', actual: 'Ann\u200b' }], 'first_name: file "Ann", SalesChat "Ann\\u200b"'],
    [[{ field: 'last_name', from: 'file', expected: 'Lee', actual: '\u202eLee\u00a0' }], 'last_name: file "Lee", SalesChat "\\u202eLee\\u00a0"'],
  ])('%j -> %s', (list, words) => {
    expect(describeDifferences(list)).toBe(words);
  });
});
