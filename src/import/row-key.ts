import { hash } from 'node:crypto';
import type { CheckOptions } from '../contacts/schema.js';
import type { HeaderMapping } from '../contacts/header-map.js';
import { mappingKey } from './step-fingerprints.js';

/**
 * A row's key: what the row says as read, before any check. The same key means the same cells in every column the
 * mapping reads (and the same number of cells), under the same mapping and check options, so checking it again
 * would give the same contact. Unmapped columns (a CRM's "last modified") do not count.
 *
 * Two uses: the sync state keeps the key of a row whose every step SalesChat confirmed, so the next night's row
 * with the same key is answered unchanged without checking it (checking is most of an unchanged row's cost); and
 * --resume's fingerprint compares it. 16 hex digits of SHA-1, compared only with the same crm_id's last one.
 */
export type RowKeyer = (fields: readonly string[]) => string;

export function rowKeyer(mapping: HeaderMapping, headerLength: number, checkOptions: CheckOptions): RowKeyer {
  const columns = [...mapping.columns].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, index]) => index);
  const additional = [...mapping.additional].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, index]) => index);
  // A field's fallback columns ("Phone" behind "Mobile") are read too: a number typed into the empty one changes the row.
  const fallbacks = [...mapping.fallbacks].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).flatMap(([, indexes]) => indexes);
  const read = [...columns, ...additional, ...fallbacks];
  // mappingKey names field <- header and carries the fingerprints' version; readCell depends on ownFile.
  const context = JSON.stringify([mappingKey(mapping), mapping.ownFile ?? '', headerLength, checkOptions]);
  return (fields) => {
    const cells = read.map((index) => fields[index] ?? null);
    return hash('sha1', `${context}\0${fields.length}\0${JSON.stringify(cells)}`).slice(0, 16);
  };
}
