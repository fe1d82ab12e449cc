/**
 * CSV injection: a spreadsheet runs a cell beginning with `=`, `@`, `+`, `-`, tab or carriage return as a formula.
 * The escape prefixes `'` to such a cell, and to a cell that would otherwise read back as escaped (a `'` followed by
 * one of those characters or another `'`), so that unescapeFormula(escapeFormula(v)) === v for every v: a file this
 * tool wrote reads back as the values it was given. Pure; which columns to escape is the writer's decision.
 */

const QUOTE = 0x27; // '

function isFormulaLead(code: number): boolean {
  switch (code) {
    case 0x3d: // =
    case 0x40: // @
    case 0x2b: // +
    case 0x2d: // -
    case 0x09: // tab
    case 0x0d: // carriage return
      return true;
    default:
      return false;
  }
}

/** A `'` then a formula character or another `'`: what the escape produces, so what unescaping removes. */
function looksEscaped(cell: string): boolean {
  if (cell.charCodeAt(0) !== QUOTE) return false;
  const next = cell.charCodeAt(1);
  return next === QUOTE || isFormulaLead(next);
}

/** The cell a spreadsheet shows as text: `'` before a formula-led value, or before a value that already looks escaped. */
export function escapeFormula(cell: string): string {
  return isFormulaLead(cell.charCodeAt(0)) || looksEscaped(cell) ? `'${cell}` : cell;
}

/** The value escapeFormula was given: drops a leading `'` when a formula character or another `'` follows it. */
export function unescapeFormula(cell: string): string {
  return looksEscaped(cell) ? cell.slice(1) : cell;
}
