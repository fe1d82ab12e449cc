import { RESULT_COLUMNS } from './result-row.js';

/**
 * The export file's columns, in order (src/pipeline/export-row.ts checks they are ExportRow's fields). Declared
 * here, beside the results file's, so that reading a header can tell this tool's files from a user's.
 */
export const EXPORT_FILE_COLUMNS = [
  'phone_number',
  'id',
  'crm_id',
  'first_name',
  'last_name',
  'opt_in_date',
  'create_date',
  'is_expired',
  'expiry_ts',
  'status',
  'error_code',
  'error_message',
] as const;

/** A file this tool wrote, whose cells carry its formula escape: `export --out`, or a results file. */
export type OwnFileKind = 'export' | 'results';

const OWN_LAYOUTS: ReadonlyArray<readonly [OwnFileKind, readonly string[]]> = [
  ['export', EXPORT_FILE_COLUMNS],
  ['results', RESULT_COLUMNS],
];

/**
 * Which of this tool's files a header is: all of that file's columns, in order, at its start (a user may append
 * columns, and the rejects file appends two). Any other header is a user's file, whose cells are never unescaped.
 */
export function ownFileKind(header: readonly string[]): OwnFileKind | undefined {
  for (const [kind, columns] of OWN_LAYOUTS) {
    if (columns.every((column, i) => header[i]?.trim() === column)) return kind;
  }
  return undefined;
}
