import { checkContact } from '../../src/contacts/schema.js';
import type { CheckOptions } from '../../src/contacts/schema.js';
import type { RawContact } from '../../src/contacts/fields.js';

/** A row that passes every rule; tests change one cell of it. */
export const VALID: RawContact = { crm_id: 'crm-1', phone_number: '+14155552671', opt_in_date: '2024-01-15', additional: {} };

/** The normalised value of `field`, or its issues as "CODE: reason" when the row fails. */
export function outcome(field: keyof RawContact, value: string, options: CheckOptions = {}): unknown {
  const result = checkContact({ ...VALID, [field]: value }, options);
  if (result.ok) return result.contact[field];
  return result.issues.map((issue) => `${issue.field} ${issue.code}: ${issue.reason}`).join(' | ');
}

/** Just the codes of a failing row ("" when it passes). */
export function codes(raw: Partial<RawContact>, options: CheckOptions = {}): string {
  const result = checkContact({ ...VALID, ...raw }, options);
  return result.ok ? '' : result.issues.map((issue) => `${issue.field}:${issue.code}`).join(';');
}
