import type { FoundContact } from '../api/answers.js';
import type { ApiSession } from '../api/api-session.js';
import { lookUpByPhone } from '../api/phone-lookup.js';
import { foundRow, notFoundRow, problemRow, type ExportRow } from './export-row.js';

/**
 * The contacts with each id once, in the answer's order: a contact listed twice (a paging glitch, a join in the
 * server) is one contact, and a second row of it would come back from import as DUPLICATE_CRM_ID.
 */
function distinctContacts(contacts: readonly FoundContact[]): FoundContact[] {
  const ids = new Set<string>();
  return contacts.filter((contact) => !ids.has(contact.id) && ids.add(contact.id));
}

/**
 * Every contact that holds `phone` (E.164), as export rows: one per contact, one not_found row when none does,
 * one failed row when the look-up failed for good. Never throws for an API failure: a failure is data.
 */
export async function lookUpPhone(phone: string, session: ApiSession): Promise<ExportRow[]> {
  const looked = await lookUpByPhone(session, phone);
  switch (looked.kind) {
    case 'found':
      return looked.contacts.length === 0 ? [notFoundRow(phone)] : distinctContacts(looked.contacts).map((contact) => foundRow(phone, contact));
    case 'aborted':
      return [problemRow(phone, 'failed', 'ABORTED', `${looked.before ? 'not looked up' : 'not finished'}: ${looked.reason}`)];
    case 'failed':
      return [problemRow(phone, 'failed', looked.error.code, looked.error.message)];
  }
}
