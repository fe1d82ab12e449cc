import type { FoundContact } from '../api/answers.js';
import type { ApiDate } from '../api/types.js';
import { parseOptInDate, type Contact } from '../contacts/index.js';

/**
 * The pure core of verify: one row of the file against the contacts SalesChat holds on its phone. No I/O, so the
 * rules are tested on plain values (test/verify/compare-contact.test.ts).
 */

/** The fields verify compares, in the order a difference is listed. */
export type ComparedField = 'crm_id' | 'contact_id' | 'first_name' | 'last_name' | 'opt_in_date';

/** One field the file (or the sync state, for a contact id) and SalesChat disagree on. */
export interface Difference {
  field: ComparedField;
  /** Who expected the value: the file, or the sync state (the contact id an import recorded). */
  from: 'file' | 'sync state';
  expected: string;
  /** Undefined: SalesChat holds none. */
  actual: string | undefined;
}

export type Comparison =
  | { status: 'match'; contactId: string }
  | { status: 'differs'; contactId: string; differences: Difference[] }
  | { status: 'missing'; contactId: string; message: string };

/** What the row expects beyond its own fields: the contact id the sync state recorded for its crm_id and phone. */
export interface Expectation {
  knownId: string | undefined;
}

/** An API date as milliseconds and how precise it is: epoch seconds (10 digits) carry no milliseconds. */
function instantOf(value: ApiDate | undefined): { ms: number; seconds: boolean } | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  const parsed = text === '' ? undefined : parseOptInDate(text);
  if (typeof parsed !== 'string') return undefined;
  return { ms: Date.parse(parsed), seconds: /^\d{1,10}$/.test(text) };
}

/** The file's RFC 3339 date and SalesChat's (text or epoch number) are the same instant, to the API's precision. */
export function sameInstant(file: string, api: ApiDate | undefined): boolean {
  const instant = instantOf(api);
  if (instant === undefined) return false;
  const ms = Date.parse(file);
  return instant.seconds ? Math.floor(ms / 1000) * 1000 === instant.ms : ms === instant.ms;
}

/** SalesChat's date as RFC 3339 where it reads as one, else as it came (quoted, so an odd value shows as such). */
function apiDateWords(value: ApiDate | undefined): string | undefined {
  if (value === undefined) return undefined;
  const parsed = parseOptInDate(String(value).trim());
  return typeof parsed === 'string' ? parsed : JSON.stringify(String(value));
}

/** The contact the row is about: by the contact id expected (the row's, else the state's), else by crm_id. */
function findOwn(contact: Contact, expectedId: string | undefined, found: readonly FoundContact[]): FoundContact | undefined {
  const byId = expectedId === undefined ? undefined : found.find((candidate) => candidate.id === expectedId);
  return byId ?? found.find((candidate) => candidate.crm_id === contact.crm_id);
}

/**
 * Two names are one when they are the same text in Unicode's eyes: `é` composed, or `e` and a combining accent (as
 * macOS tools and some databases write it), print alike and no one could act on the difference. Ids stay exact.
 */
function sameName(expected: string, actual: string | undefined): boolean {
  return expected === actual || (actual !== undefined && expected.normalize('NFC') === actual.normalize('NFC'));
}

function differences(contact: Contact, expectation: Expectation, own: FoundContact): Difference[] {
  const list: Difference[] = [];
  const text = (field: ComparedField, expected: string | undefined, actual: string | undefined, from: Difference['from'] = 'file') => {
    if (expected !== undefined && expected !== actual) list.push({ field, from, expected, actual });
  };
  const name = (field: ComparedField, expected: string | undefined, actual: string | undefined) => {
    if (expected !== undefined && !sameName(expected, actual)) list.push({ field, from: 'file', expected, actual });
  };
  text('crm_id', contact.crm_id, own.crm_id);
  // The row's own contact_id wins over what the state recorded, as in import.
  if (contact.contact_id !== undefined) text('contact_id', contact.contact_id, own.id);
  else text('contact_id', expectation.knownId, own.id, 'sync state');
  name('first_name', contact.first_name, own.first_name);
  name('last_name', contact.last_name, own.last_name);
  if (!sameInstant(contact.opt_in_date, own.opt_in_date)) {
    list.push({ field: 'opt_in_date', from: 'file', expected: contact.opt_in_date, actual: apiDateWords(own.opt_in_date) });
  }
  return list;
}

/** Characters that print as nothing or as a plain space: zero-width ones, direction marks, no-break spaces. */
const UNSEEN = /(?! )[\p{Cf}\p{Zs}\p{Zl}\p{Zp}]/gu;

/** Text quoted, with what would not show spelt out (`"Ann\u200b"`), so two values that differ never read the same. */
function quoted(text: string): string {
  return JSON.stringify(text).replace(UNSEEN, (char) => {
    const code = char.codePointAt(0)!;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Why a row is missing, saying what its phone holds instead, if anything. */
function missingMessage(contact: Contact, expectedId: string | undefined, found: readonly FoundContact[]): string {
  const phone = contact.phone_number;
  if (found.length === 0) return `SalesChat has no contact on ${phone}.`;
  const wanted = `crm_id ${quoted(contact.crm_id)}${expectedId === undefined ? '' : ` or id ${expectedId}`}`;
  const [first] = found as [FoundContact, ...FoundContact[]];
  const held = `${first.crm_id === undefined ? 'a contact without crm_id' : `crm_id ${quoted(first.crm_id)}`} (contact ${first.id})`;
  const more = found.length > 1 ? ` and ${found.length - 1} other contact(s)` : '';
  return `No contact on ${phone} has ${wanted}: the number holds ${held}${more}.`;
}

/** The row against the contacts SalesChat answered for its phone. */
export function compareContact(contact: Contact, expectation: Expectation, found: readonly FoundContact[]): Comparison {
  const expectedId = contact.contact_id ?? expectation.knownId;
  const own = findOwn(contact, expectedId, found);
  if (own === undefined) {
    return { status: 'missing', contactId: expectedId ?? '', message: missingMessage(contact, expectedId, found) };
  }
  const list = differences(contact, expectation, own);
  return list.length === 0 ? { status: 'match', contactId: own.id } : { status: 'differs', contactId: own.id, differences: list };
}

/** A value in words: text quoted (so spaces and empty values show), a date as it is, none as "(none)". */
function valueWords(field: ComparedField, value: string | undefined): string {
  if (value === undefined) return '(none)';
  return field === 'opt_in_date' ? value : quoted(value);
}

/** `first_name: file "Ann", SalesChat "Anne"; opt_in_date: file 2024-03-15T00:00:00.000Z, SalesChat 2024-03-16T00:00:00.000Z`. */
export function describeDifferences(list: readonly Difference[]): string {
  return list.map(({ field, from, expected, actual }) => `${field}: ${from} ${valueWords(field, expected)}, SalesChat ${valueWords(field, actual)}`).join('; ');
}
