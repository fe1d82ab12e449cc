/**
 * match: SalesChat holds what the row says · missing: no contact on the row's phone is the row's (by crm_id, or by
 * the contact id the row or the sync state gives) · differs: it is there with other values · invalid, duplicate: as
 * validate says, not looked up · failed: the look-up failed for good · skipped: not looked up (the run was aborted).
 */
export type VerifyStatus = 'match' | 'missing' | 'differs' | 'invalid' | 'duplicate' | 'failed' | 'skipped';

/** One row of verify's results file; columns in this order (VERIFY_COLUMNS). */
export interface VerifyRow {
  /** Record number in the input, 1 the first after the header. */
  row: number;
  crm_id: string;
  /** E.164 where valid, else as given. */
  phone_number: string;
  status: VerifyStatus;
  /** The id of the contact compared with (match, differs), or the one the row or the sync state expected (missing). */
  contact_id: string;
  /** differs: the fields that differ, joined by `;` (`first_name;opt_in_date`); error_message has both values. */
  differences: string;
  error_code: string;
  error_message: string;
  /** Line of the input where the record starts. */
  line: number;
}

export const VERIFY_COLUMNS = [
  'row',
  'crm_id',
  'phone_number',
  'status',
  'contact_id',
  'differences',
  'error_code',
  'error_message',
  'line',
] as const satisfies readonly (keyof VerifyRow)[];

/** error_code of a row whose contact is not in SalesChat, as import's update says of a contact it cannot find. */
export const MISSING_CODE = 'CONTACT_NOT_FOUND';
/** error_code of a row whose contact SalesChat holds with other values. */
export const DIFFERS_CODE = 'CONTACT_DIFFERS';
