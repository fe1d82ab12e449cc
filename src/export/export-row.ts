import type { GetContactRespDto } from '../api/types.js';
import { EXPORT_FILE_COLUMNS } from '../io/own-files.js';
import { apiDateText } from './export-dates.js';

/** found: a contact holds the number · not_found: none does · invalid: the input's phone is not usable · failed: the look-up failed for good. */
export type ExportStatus = 'found' | 'not_found' | 'invalid' | 'failed';

/** One row of the export file; columns in this order (EXPORT_COLUMNS). */
export interface ExportRow {
  phone_number: string;
  id: string;
  crm_id: string;
  first_name: string;
  last_name: string;
  opt_in_date: string;
  create_date: string;
  is_expired: boolean | '';
  expiry_ts: string;
  status: ExportStatus;
  error_code: string;
  error_message: string;
}

/** Checked against ExportRow here; declared in csv/own-files.ts, where reading a header recognises an export file by them. */
export const EXPORT_COLUMNS = EXPORT_FILE_COLUMNS satisfies readonly (keyof ExportRow)[];

function emptyRow(phone: string, status: ExportStatus): ExportRow {
  return {
    phone_number: phone,
    id: '',
    crm_id: '',
    first_name: '',
    last_name: '',
    opt_in_date: '',
    create_date: '',
    is_expired: '',
    expiry_ts: '',
    status,
    error_code: '',
    error_message: '',
  };
}

/** One contact that holds `phone` (E.164), dates as RFC 3339 whatever form the API sent them in. */
export function foundRow(phone: string, contact: GetContactRespDto): ExportRow {
  return {
    ...emptyRow(phone, 'found'),
    id: contact.id,
    crm_id: contact.crm_id ?? '',
    first_name: contact.first_name ?? '',
    last_name: contact.last_name ?? '',
    opt_in_date: apiDateText(contact.opt_in_date),
    create_date: apiDateText(contact.create_date),
    is_expired: typeof contact.is_expired === 'boolean' ? contact.is_expired : '',
    expiry_ts: apiDateText(contact.expiry_ts),
  };
}

export function notFoundRow(phone: string): ExportRow {
  return emptyRow(phone, 'not_found');
}

/** A row that was not looked up (invalid) or whose look-up failed for good. */
export function problemRow(phone: string, status: 'invalid' | 'failed', code: string, message: string): ExportRow {
  return { ...emptyRow(phone, status), error_code: code, error_message: message };
}
