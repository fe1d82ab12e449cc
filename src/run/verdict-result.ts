import { describeIssues, duplicateIssue, type DedupePolicy, type HeaderMapping } from '../contacts/index.js';
import type { ResultRow } from '../io/result-row.js';
import type { RowVerdict } from './check-rows.js';

/** A results row with nothing sent yet: the shape every outcome starts from. */
export function baseResult(verdict: RowVerdict): ResultRow {
  return {
    row: verdict.record.row,
    crm_id: verdict.checked.crmId,
    phone_number: verdict.checked.phone,
    status: 'ok',
    action: 'none',
    contact_id: verdict.checked.contact?.contact_id ?? '',
    disposition: '',
    assign: '',
    http_status: '',
    error_code: '',
    error_message: '',
    attempts: 0,
    line: verdict.record.line,
  };
}

/** The results row of a row that will not be sent (invalid or duplicate), or undefined for a row to send. */
export function rejectedResult(verdict: RowVerdict, mapping: HeaderMapping, policy: DedupePolicy): ResultRow | undefined {
  if (verdict.checked.issues.length > 0) {
    const { code, message } = describeIssues(verdict.checked.issues, mapping);
    return { ...baseResult(verdict), status: 'invalid', error_code: code, error_message: message };
  }
  if (verdict.duplicateOf !== undefined) {
    const { code, message } = describeIssues([duplicateIssue(verdict.duplicateOf, policy)], mapping);
    return { ...baseResult(verdict), status: 'duplicate', error_code: code, error_message: message };
  }
  return undefined;
}
