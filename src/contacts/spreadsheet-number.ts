/**
 * Cells a spreadsheet wrote as a number although they were text: an id or a phone number of 12 digits or more is
 * saved in scientific notation (1.01235E+11), its digits past the sixth gone, so it no longer names what it did.
 */

/** Excel's scientific notation, with a decimal point or (in a European locale) a comma. */
const SCIENTIFIC = /^(?:\+|00)?\d(?:[.,]\d+)?E\+\d+$/i;

export function isScientificNotation(text: string): boolean {
  return SCIENTIFIC.test(text);
}

/** What to do about it, after saying how the cell is written. */
export const FIX_AT_SOURCE = 'format the column as text where it came from and export it again';
