import type { CellBytes } from '../io/cell-bytes.js';
import type { InputRecord } from '../io/input-record.js';
import { ADDITIONAL_PREFIX, type Contact, type ContactField } from './fields.js';
import { columnRead, rowToRawContact } from './header-map.js';
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

const hex = (byte: number): string => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;

/** The field a column feeds ("first_name", "additional.tier"), a fallback column's included, or undefined for a column nothing reads. */
function fieldAt(column: number, mapping: HeaderMapping): string | undefined {
  for (const [field, index] of mapping.columns) if (index === column) return field;
  for (const [field, further] of mapping.fallbacks) if (further.includes(column)) return field;
  for (const [key, index] of mapping.additional) if (index === column) return `${ADDITIONAL_PREFIX}${key}`;
  return undefined;
}

/** An issue of a field read from several columns names the one its value came from (all of them when each was empty). */
function namingColumns(issue: RowIssue, fields: readonly string[], mapping: HeaderMapping): RowIssue {
  const field = issue.field as ContactField;
  const further = mapping.fallbacks.get(field);
  const first = mapping.columns.get(field);
  if (further === undefined || first === undefined) return issue;
  const column = columnRead(fields, mapping, field) ?? first;
  const blank = mapping.readCell(fields[column] ?? '').trim() === '';
  return { ...issue, columns: blank ? [first, ...further].map(mapping.headerOf) : [mapping.headerOf(column)] };
}

/**
 * NUL_BYTE and ENCODING_INVALID for the cells the row would send; a column nothing reads is never sent, so its
 * bytes change nothing. These come first: a changed byte can explain every other problem of the cell.
 */
function oddByteIssues(oddBytes: readonly CellBytes[], mapping: HeaderMapping): RowIssue[] {
  const issues: RowIssue[] = [];
  for (const { column, nul, notUtf8 } of oddBytes) {
    const field = fieldAt(column, mapping);
    if (field === undefined) continue;
    // A fallback column's bytes are named by its own header, whichever column the row's value came from.
    const named = mapping.fallbacks.has(field as ContactField) ? { columns: [mapping.headerOf(column)] } : {};
    if (nul) issues.push({ code: 'NUL_BYTE', field, reason: 'holds a NUL byte (0x00)', ...named });
    if (notUtf8.length === 0) continue;
    const bytes = notUtf8.length === 1 ? `byte ${hex(notUtf8[0]!)}, which is` : `bytes ${notUtf8.map(hex).join(' ')}, which are`;
    issues.push({ code: 'ENCODING_INVALID', field, reason: `holds ${bytes} not UTF-8 (if the file is Latin-1, run with --encoding latin1)`, ...named });
  }
  return issues;
}

/** One record checked: bytes its text could not carry first, then problems of the record itself, then every column's, in schema order. Pure. */
export function checkRecord(record: InputRecord, mapping: HeaderMapping, headerLength: number, options: CheckOptions): CheckedRecord {
  const issues: RowIssue[] = record.oddBytes === undefined ? [] : oddByteIssues(record.oddBytes, mapping);
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
    issues.push(...(mapping.fallbacks.size === 0 ? result.issues : result.issues.map((issue) => namingColumns(issue, record.fields, mapping))));
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
      .map((issue) => (issue.field === '' ? `record ${issue.reason}` : `${columnWords(issue, mapping)}: ${issue.reason}`))
      .join('; '),
  };
}

/** `column "Mobile"`, or for a field whose every column was empty `columns "Mobile" or "Phone"`. */
function columnWords(issue: RowIssue, mapping: HeaderMapping): string {
  const names = issue.columns ?? [mapping.label(issue.field)];
  return `${names.length === 1 ? 'column' : 'columns'} ${names.map((name) => JSON.stringify(name)).join(' or ')}`;
}
