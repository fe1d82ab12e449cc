import type { ApiSession } from '../api/api-session.js';
import { lookUpByPhone } from '../api/phone-lookup.js';
import type { Contact } from '../contacts/index.js';
import { compareContact, describeDifferences, type Difference, type Expectation } from './compare-contact.js';
import { DIFFERS_CODE, MISSING_CODE, type VerifyRow } from './verify-row.js';

/** A row's outcome, and for differs the fields that differ (the tally counts them; the sync state is marked by them). */
export interface Verified {
  row: VerifyRow;
  differences?: readonly Difference[];
}

/** The row a comparison gives. */
function comparedRow(contact: Contact, expectation: Expectation, found: Parameters<typeof compareContact>[2], base: VerifyRow): Verified {
  const comparison = compareContact(contact, expectation, found);
  switch (comparison.status) {
    case 'match':
      return { row: { ...base, status: 'match', contact_id: comparison.contactId } };
    case 'missing':
      return { row: { ...base, status: 'missing', contact_id: comparison.contactId, error_code: MISSING_CODE, error_message: comparison.message } };
    case 'differs': {
      const { differences, contactId } = comparison;
      const row: VerifyRow = {
        ...base,
        status: 'differs',
        contact_id: contactId,
        differences: differences.map((difference) => difference.field).join(';'),
        error_code: DIFFERS_CODE,
        error_message: describeDifferences(differences),
      };
      return { row, differences };
    }
  }
}

/**
 * Looks the row's phone up (read-only, through the session's throttle and retries) and compares. Never throws for
 * an API failure: a look-up that failed for good is a failed row, one the run's abort cut short a skipped one.
 */
export async function verifyContact(contact: Contact, expectation: Expectation, base: VerifyRow, session: ApiSession): Promise<Verified> {
  const looked = await lookUpByPhone(session, contact.phone_number);
  switch (looked.kind) {
    case 'found':
      return comparedRow(contact, expectation, looked.contacts, base);
    case 'aborted':
      return { row: { ...base, status: 'skipped', error_code: 'ABORTED', error_message: `${looked.before ? 'not looked up' : 'not finished'}: ${looked.reason}` } };
    case 'failed':
      return { row: { ...base, status: 'failed', error_code: looked.error.code, error_message: looked.error.message } };
  }
}
