import type { CellBytes } from './cell-bytes.js';

/** One CSV record as read, before any interpretation. */
export interface InputRecord {
  /** Record number: 1 is the first record after the header. */
  row: number;
  /** Line in the file where the record starts (1-based, the header is line 1 unless blank lines precede it). */
  line: number;
  /** Cell values exactly as parsed (not trimmed). */
  fields: string[];
  /** Set when the parser could not read this record (e.g. an unclosed quote); fields then hold what could be read. */
  malformed?: string;
  /** Cells that held a NUL or bytes that are not UTF-8 (those now read U+FFFD in `fields`); absent when none did. */
  oddBytes?: CellBytes[];
}
