import { ADDITIONAL_PREFIX, CONTACT_FIELDS } from './fields.js';
import type { HeaderMapping } from './header-map.js';

/**
 * The mapping as a person checks it before a run: which header feeds each field, one line a field, in the API's field
 * order, then additional.<key> in the file's order. A field with fallbacks lists them in the order they are tried:
 *
 *   Columns (field <- header):
 *     crm_id       <- "Record ID"
 *     phone_number <- "Mobile Phone Number", else "Phone Number"
 *
 * Nothing is guessed silently: a CRM's "Contact ID" that went to crm_id, not contact_id, shows here.
 */
export function mappingLines(mapping: HeaderMapping): string[] {
  const pairs: [string, string][] = [];
  for (const field of CONTACT_FIELDS) {
    const column = mapping.columns.get(field);
    if (column === undefined) continue;
    const further = mapping.fallbacks.get(field) ?? [];
    pairs.push([field, [column, ...further].map((at) => JSON.stringify(mapping.headerOf(at))).join(', else ')]);
  }
  for (const [key, column] of mapping.additional) pairs.push([`${ADDITIONAL_PREFIX}${key}`, JSON.stringify(mapping.headerOf(column))]);
  if (pairs.length === 0) return [];
  const width = Math.max(...pairs.map(([field]) => field.length));
  return ['Columns (field <- header):', ...pairs.map(([field, headers]) => `  ${field.padEnd(width)} <- ${headers}`)];
}
