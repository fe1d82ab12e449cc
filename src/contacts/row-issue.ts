/** Codes a row can fail validation with (CONTRACT.md, "Normalisation and validation"), plus CSV_MALFORMED for a record the CSV parser could not read. */
export type ValidationCode =
  | 'REQUIRED'
  | 'TOO_LONG'
  | 'PHONE_INVALID'
  | 'DATE_INVALID'
  | 'NAME_PATTERN'
  | 'BOOLEAN_INVALID'
  | 'ENUM_INVALID'
  | 'COLUMN_COUNT'
  | 'DUPLICATE_CRM_ID'
  | 'CSV_MALFORMED'
  /** contact_id is ".", ".." or otherwise unusable as a path parameter. */
  | 'ID_INVALID'
  /** A cell holds a NUL byte. */
  | 'NUL_BYTE'
  /** A cell holds bytes that are not UTF-8 (in a file read as UTF-8). */
  | 'ENCODING_INVALID';

/** One problem with one row: a bad row is data, not an exception. */
export interface RowIssue {
  code: ValidationCode;
  /** The canonical field (or "additional.<key>", or "" for whole-record problems). */
  field: string;
  /** Why, in words a person can act on, without the column name (the caller adds the header as the file spells it). */
  reason: string;
  /**
   * For a field read from several columns (mapping.fallbacks): the header the value came from, or all of them when
   * each was empty. Absent otherwise: the mapping's label names the column.
   */
  columns?: readonly string[];
}
