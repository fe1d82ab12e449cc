import type { InputRecord } from '../csv/input-record.js';
import type { Contact } from './fields.js';
import { rowToRawContact } from './header-map.js';
import type { HeaderMapping } from './header-map.js';
import type { RowIssue } from './row-issue.js';
import { checkContact } from './schema.js';
import type { CheckOptions } from './schema.js';

export interface CheckedRecord {
  row: number;
  /** crm_id trimmed, as given ("" when none). */
  crmId: string;
  /** E.164 when valid, else the trimmed input. */
  phone: string;
  /** Set only when the record has no issue at all. */
  contact?: Contact;
  issues: RowIssue[];
}

/** One record checked: problems of the record itself first, then every column's, in schema order. Pure. */
export function checkRecord(record: InputRecord, mapping: HeaderMapping, headerLength: number, options: CheckOptions): CheckedRecord {
  const issues: RowIssue[] = [];
  if (record.malformed !== undefined) {
    issues.push({ code: 'CSV_MALFORMED', field: '', reason: `could not be read as CSV: ${record.malformed}` });
  }
  if (record.fields.length !== headerLength) {
    const count = record.fields.length;
    issues.push({ code: 'COLUMN_COUNT', field: '', reason: `has ${count} field${count === 1 ? '' : 's'}, the header has ${headerLength}` });
  }
  // Whatever can be read is still checked, so one pass shows every problem of the record.
  const result = checkContact(rowToRawContact(record.fields, mapping), options);
  if (!result.ok) {
    issues.push(...result.issues);
    return { row: record.row, crmId: result.crmId, phone: result.phone, issues };
  }
  const { contact } = result;
  const checked: CheckedRecord = { row: record.row, crmId: contact.crm_id, phone: contact.phone_number, issues };
  if (issues.length === 0) checked.contact = contact;
  return checked;
}

/** Issues as the results CSV's error_code ("REQUIRED;PHONE_INVALID") and error_message (each names the column as the file spells it). */
export function describeIssues(issues: RowIssue[], mapping: HeaderMapping): { code: string; message: string } {
  return {
    code: issues.map((issue) => issue.code).join(';'),
    message: issues
      .map((issue) => (issue.field === '' ? `record ${issue.reason}` : `column ${JSON.stringify(mapping.label(issue.field))}: ${issue.reason}`))
      .join('; '),
  };
}
