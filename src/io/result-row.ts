export type RowStatus = 'ok' | 'invalid' | 'duplicate' | 'failed' | 'skipped';
export type RowAction = 'created' | 'updated' | 'exists' | 'unchanged' | 'none';
export type StepStatus = '' | 'ok' | 'failed';

/** One row of the results CSV (CONTRACT.md, "Results CSV"); columns in this order. */
export interface ResultRow {
  row: number;
  crm_id: string;
  phone_number: string;
  status: RowStatus;
  action: RowAction;
  contact_id: string;
  disposition: StepStatus;
  assign: StepStatus;
  http_status: number | '';
  error_code: string;
  error_message: string;
  attempts: number;
  /** Line of the input where the record starts (what an editor or spreadsheet shows). */
  line: number;
}

export const RESULT_COLUMNS = [
  'row',
  'crm_id',
  'phone_number',
  'status',
  'action',
  'contact_id',
  'disposition',
  'assign',
  'http_status',
  'error_code',
  'error_message',
  'attempts',
  'line',
] as const satisfies readonly (keyof ResultRow)[];
