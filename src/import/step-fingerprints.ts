import { hash } from 'node:crypto';
import { assignBody, dispositionBody, updateBody } from '../api/bodies.js';
import type { Contact } from '../contacts/fields.js';
import type { HeaderMapping } from '../contacts/header-map.js';

/**
 * What the sync state compares, one fingerprint per step, each of what that step would send: the contact (the
 * update body and the phone), the disposition (stage, disposition, additional.*) and the assignment. A row whose
 * three match what the API last confirmed sends nothing.
 *
 * Each is also keyed by FINGERPRINT_VERSION and by the run's mapping (field <- header), so a new way of computing
 * them, a --map or a header that changed meaning, sends every row once again instead of taking it as unchanged.
 * 16 hex digits of SHA-1: it is compared only with the same crm_id's last value, never used as a secret.
 */

/** Bump whenever what a fingerprint covers changes: every row is then sent once more. */
const FINGERPRINT_VERSION = 1;

export interface StepFingerprints {
  contact: string;
  /** Undefined when the row asks for no such step. */
  disposition: string | undefined;
  assign: string | undefined;
}

const digest = (text: string): string => hash('sha1', text).slice(0, 16);

/** The mapping as the fingerprints see it: which field came from which header (and its fallbacks, in order), additional.* included. */
export function mappingKey(mapping: HeaderMapping): string {
  const fields = [...mapping.columns.keys()].sort().map((field) => {
    // Only a field with fallbacks adds them, so every mapping without keeps the key it had.
    const further = mapping.fallbacks.get(field)?.map((column) => `<${mapping.headerOf(column)}`).join('') ?? '';
    return `${field}<${mapping.label(field)}${further}`;
  });
  const additional = mapping.additional.map(([key]) => key).sort();
  return digest(JSON.stringify([FINGERPRINT_VERSION, fields, additional]));
}

export function stepFingerprints(contact: Contact, mapping: string): StepFingerprints {
  const disposition = dispositionBody(contact);
  const assign = assignBody(contact);
  return {
    contact: digest(`${mapping}\0${contact.phone_number}\0${JSON.stringify(updateBody(contact))}`),
    disposition: disposition === undefined ? undefined : digest(`${mapping}\0${JSON.stringify(disposition, sortedKeys)}`),
    assign: assign === undefined ? undefined : digest(`${mapping}\0${JSON.stringify(assign)}`),
  };
}

/** additional.* in key order, so the same values in another column order are the same disposition. */
function sortedKeys(this: unknown, key: string, value: unknown): unknown {
  if (key !== 'additionalFields' || value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
