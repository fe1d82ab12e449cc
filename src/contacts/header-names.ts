import { ADDITIONAL_PREFIX, CONTACT_FIELDS } from './fields.js';
import type { ContactField } from './fields.js';

// Compiled once: what header matching ignores besides case.
const IGNORED_IN_NAMES = /[\s_.-]/g;

/** A header or field name reduced for matching: lower case, without spaces, `_`, `-` and `.`. */
export function matchKey(name: string): string {
  return name.toLowerCase().replace(IGNORED_IN_NAMES, '');
}

const FIELD_BY_KEY: ReadonlyMap<string, ContactField> = new Map(CONTACT_FIELDS.map((field) => [matchKey(field), field]));

/** The canonical field a header or field name spells, however it is cased and punctuated. */
export function canonicalField(name: string): ContactField | undefined {
  return FIELD_BY_KEY.get(matchKey(name));
}

/** The key of an `additional.<key>` name (prefix in any case, key as written), or undefined. */
export function additionalKey(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed.slice(0, ADDITIONAL_PREFIX.length).toLowerCase() !== ADDITIONAL_PREFIX) return undefined;
  const key = trimmed.slice(ADDITIONAL_PREFIX.length).trim();
  return key === '' ? undefined : key;
}

/** Header cells for a message: `"Lead ID", "Mobile", "Name"`. */
export function listHeaders(header: readonly string[]): string {
  const named = header.map((cell) => cell.trim()).filter((cell) => cell !== '');
  return named.length === 0 ? 'none' : named.map((cell) => JSON.stringify(cell)).join(', ');
}

export const VALID_FIELDS = `${CONTACT_FIELDS.join(', ')}, ${ADDITIONAL_PREFIX}<key>`;
