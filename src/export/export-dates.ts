import type { ApiDate } from '../api/types.js';
import { parseOptInDate } from '../contacts/index.js';

/**
 * An API date as RFC 3339 UTC (`2024-01-15T10:00:00.000Z`). The published schema says date-time but describes
 * "epoch in seconds", so both are read: epoch seconds (10 digits) or milliseconds (13), as a number or a string,
 * and ISO 8601 date-times. Anything else is written as the API sent it rather than guessed at.
 */
export function apiDateText(value: ApiDate | null | undefined): string {
  if (value === undefined || value === null) return '';
  const text = String(value).trim();
  if (text === '') return '';
  // The same reader as the input's opt_in_date: one definition of what a date is.
  const parsed = parseOptInDate(text);
  return typeof parsed === 'string' ? parsed : String(value);
}
