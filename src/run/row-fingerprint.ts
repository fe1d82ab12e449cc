import { hash } from 'node:crypto';

/**
 * What --resume compares: a row counts as done only when an earlier import confirmed the same content, into the
 * same place, from the same input. The results file's `fingerprint` column holds `<run>.<content>`:
 * - run: the input (its resolved path, or standard input), the base URL and the org; the same for every row of a run;
 * - content: the mode and the row's key (its cells as read, in the columns the mapping reads); empty for a row not sent.
 * Hashes in hex and a mode's name (never a formula to a spreadsheet): no value of the row or the configuration can
 * be read back.
 */

/** One-shot: the same hex as createHash('sha256'), without a Hash object. */
function digest(text: string, length: number): string {
  return hash('sha256', text).slice(0, length);
}

export interface RunIdentity {
  input: string;
  baseUrl: string;
  orgId: string;
}

export function runKey(identity: RunIdentity): string {
  return digest(['import', identity.input, identity.baseUrl, identity.orgId].join('\0'), 12);
}

/** The content part: the mode and the row's key (row-key.ts, a hash of its mapped cells as read): `upsert-<16 hex>`. */
export function contentKey(mode: string, rowKey: string): string {
  return `${mode}-${rowKey}`;
}

export function fingerprint(run: string, content = ''): string {
  return `${run}.${content}`;
}

/** The run part of a fingerprint cell, or undefined when the cell holds none. */
export function runOf(cell: string | undefined): string | undefined {
  const dot = cell?.indexOf('.') ?? -1;
  return dot > 0 ? cell!.slice(0, dot) : undefined;
}
